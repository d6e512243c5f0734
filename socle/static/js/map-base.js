/* What every Socle map shares (Leaflet, no tile server: nothing leaves the platform): the map
 * over France, the GeoJSON endpoints named on the element (data-polygons-url, optional, then
 * data-points-url), fitting the view to what was drawn, and a message when loading fails (the
 * table or list under each map carries the same information).
 *
 *   window.SocleMap.start(element, {
 *     drawPolygons: function (map, data) { return layer; },
 *     drawPoints: function (map, data, overPolygons) { return layer; },
 *     errorText: "…",
 *   });
 */
(function () {
  "use strict";

  var FRANCE = [[41.3, -5.2], [51.1, 9.6]];

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      });
  }

  function start(element, options) {
    var L = window.L;
    var map = L.map(element, { zoomSnap: 0.25, attributionControl: true });
    map.attributionControl.setPrefix("Leaflet");
    map.fitBounds(FRANCE);

    function fit(layer) {
      var bounds = layer.getBounds();
      if (bounds.isValid()) {
        map.fitBounds(bounds, { padding: [12, 12], maxZoom: 11 });
      }
    }

    function showError() {
      var message = document.createElement("p");
      message.className = "message message-error";
      message.textContent = options.errorText;
      element.insertAdjacentElement("afterend", message);
    }

    var polygonsUrl = element.getAttribute("data-polygons-url");
    var pointsUrl = element.getAttribute("data-points-url");
    var polygons = polygonsUrl
      ? fetchJson(polygonsUrl).then(function (data) { return options.drawPolygons(map, data); })
      : Promise.resolve(null);
    polygons
      .then(function (polygonLayer) {
        return fetchJson(pointsUrl).then(function (data) {
          var points = options.drawPoints(map, data, Boolean(polygonLayer));
          element.setAttribute("data-loaded", String(data.features.length));
          fit(polygonLayer || points);
        });
      })
      .catch(showError);
    return map;
  }

  window.SocleMap = { start: start };
})();
