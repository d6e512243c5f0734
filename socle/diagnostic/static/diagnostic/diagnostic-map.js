/* Map of the external diagnostic (Leaflet, no tile server: nothing leaves the platform).
 * Reads the GeoJSON endpoints named on the map element:
 *   data-points-url    members placed by a point, property "level" (0, 1, 2 or null);
 *   data-polygons-url  a département's commune outlines, members' level set (optional).
 * Colours repeat the level written in the legend and in the table under the map: the map is
 * an enhancement, every piece of information is in the table too. */
(function () {
  "use strict";

  var element = document.getElementById("carte-diagnostic");
  if (!element || typeof window.L === "undefined" || !window.SocleMap) {
    return;
  }
  var L = window.L;
  var COLORS = { 0: "#c9191e", 1: "#e8a300", 2: "#18753c", none: "#8a8a8a" };
  var LINE = "#555555";

  function levelKey(properties) {
    var level = properties ? properties.level : null;
    return level === 0 || level === 1 || level === 2 ? String(level) : "none";
  }

  function color(properties) {
    return COLORS[levelKey(properties)];
  }

  function describe(properties) {
    // Built with the DOM, never from HTML strings: names come from data.
    var container = document.createElement("div");
    var title = properties.url ? document.createElement("a") : document.createElement("strong");
    title.textContent = properties.name || "";
    if (properties.url) {
      title.href = properties.url;
    }
    container.appendChild(title);
    if (properties.label) {
      var level = document.createElement("div");
      var prefix = levelKey(properties) === "none" ? "" : levelKey(properties) + " — ";
      level.textContent = "Niveau RCPNT : " + prefix + properties.label;
      container.appendChild(level);
    }
    return container;
  }

  function drawPolygons(map, data) {
    return L.geoJSON(data, {
      style: function (feature) {
        var properties = feature.properties || {};
        return {
          color: LINE,
          weight: 1,
          fillColor: properties.member ? color(properties) : "#ffffff",
          fillOpacity: properties.member ? 0.6 : 0.25,
          className: properties.member ? "diag-commune diag-level-" + levelKey(properties) : "",
        };
      },
      onEachFeature: function (feature, layer) {
        var properties = feature.properties || {};
        if (properties.member) {
          layer.bindPopup(describe(properties));
        }
      },
    }).addTo(map);
  }

  function drawPoints(map, data, small) {
    return L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        var properties = feature.properties || {};
        return L.circleMarker(latlng, {
          radius: small ? 4 : 7,
          color: "#ffffff",
          weight: small ? 1 : 2,
          fillColor: color(properties),
          fillOpacity: 0.95,
          className: "diag-marker diag-level-" + levelKey(properties),
        });
      },
      onEachFeature: function (feature, layer) {
        layer.bindPopup(describe(feature.properties || {}));
      },
    }).addTo(map);
  }

  window.SocleMap.start(element, {
    drawPolygons: drawPolygons,
    drawPoints: drawPoints,
    errorText: "La carte n'a pas pu être chargée. Le tableau reste disponible.",
  });
})();
