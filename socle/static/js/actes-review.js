/* Review of an act's personal-data suggestions with the keyboard (progressive: the form works
   without this script). j/k: next/previous suggestion; m: mask; g: keep in clear; a: add the
   current text selection as an item to mask (every occurrence). The preview of the published
   text is refreshed after each change without saving. */
(function () {
  "use strict";
  var form = document.getElementById("review-form");
  if (!form) { return; }
  var marks = Array.prototype.slice.call(document.querySelectorAll("#act-text mark[data-index]"));
  var current = -1;

  function box(index) { return document.getElementById("mask-" + index); }

  function focusMark(position) {
    if (!marks.length) { return; }
    position = (position + marks.length) % marks.length;
    marks.forEach(function (m) { m.classList.remove("current"); });
    document.querySelectorAll(".spans tr.current").forEach(function (r) { r.classList.remove("current"); });
    current = position;
    var mark = marks[current];
    mark.classList.add("current");
    var row = document.getElementById("row-" + mark.dataset.index);
    if (row) { row.classList.add("current"); }
    mark.focus();
  }

  function refreshPreview() {
    var data = new FormData(form);
    fetch(form.dataset.previewUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) { document.getElementById("preview").innerHTML = html; } });
  }

  function decide(mask) {
    if (current < 0) { return; }
    var index = marks[current].dataset.index;
    var checkbox = box(index);
    if (!checkbox) { return; }
    checkbox.checked = mask;
    syncMark(index, mask);
    refreshPreview();
  }

  function syncMark(index, mask) {
    var mark = document.getElementById("span-" + index);
    if (mark) { mark.className = (mask ? "span-mask" : "span-keep") + (mark.classList.contains("current") ? " current" : ""); }
  }

  function addSelection() {
    var text = String(window.getSelection() || "").trim();
    if (!text) { return; }
    document.getElementById("id_add_text").value = text;
    form.submit();
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.name === "mask") { syncMark(target.value, target.checked); refreshPreview(); }
  });

  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if ((tag === "input" && event.target.type !== "checkbox") || tag === "textarea" || tag === "select" || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var actions = {
      j: function () { focusMark(current + 1); },
      k: function () { focusMark(current - 1); },
      m: function () { decide(true); },
      g: function () { decide(false); },
      a: addSelection
    };
    if (actions[event.key]) { event.preventDefault(); actions[event.key](); }
  });
})();
