/* Map of the members on the operator's home (Leaflet, no tile server: nothing leaves the
 * platform). Reads two GeoJSON endpoints named on the map element:
 *   data-points-url    members with coordinates (always);
 *   data-polygons-url  a département's commune outlines, members flagged (optional).
 * Every piece of information here is also in the member list linked under the map. */
(function () {
  "use strict";

  var element = document.getElementById("carte");
  if (!element || typeof window.L === "undefined" || !window.SocleMap) {
    return;
  }
  var L = window.L;
  var COLORS = { member: "#1f3a93", other: "#ffffff", line: "#555555" };

  function link(properties) {
    // Built with the DOM, never from HTML strings: names come from data.
    var container = document.createElement("div");
    var title = properties.url ? document.createElement("a") : document.createElement("strong");
    title.textContent = properties.name || "";
    if (properties.url) {
      title.href = properties.url;
    }
    container.appendChild(title);
    if (properties.kind) {
      var kind = document.createElement("div");
      kind.textContent = properties.kind;
      container.appendChild(kind);
    }
    return container;
  }

  function drawPolygons(map, data) {
    var layer = L.geoJSON(data, {
      style: function (feature) {
        var member = feature.properties && feature.properties.member;
        return {
          color: COLORS.line,
          weight: 1,
          fillColor: member ? COLORS.member : COLORS.other,
          fillOpacity: member ? 0.55 : 0.3,
        };
      },
      onEachFeature: function (feature, featureLayer) {
        featureLayer.bindTooltip(link(feature.properties || {}), { sticky: true });
        if (feature.properties && feature.properties.url) {
          featureLayer.bindPopup(link(feature.properties));
        }
      },
    }).addTo(map);
    return layer;
  }

  function drawPoints(map, data, small) {
    // Over commune outlines the points only mark where each member is: kept small.
    return L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {
          radius: small ? 3 : 6, color: "#ffffff", weight: small ? 1 : 2,
          fillColor: COLORS.member, fillOpacity: 0.9,
        });
      },
      onEachFeature: function (feature, featureLayer) {
        featureLayer.bindPopup(link(feature.properties || {}));
      },
    }).addTo(map);
  }

  window.SocleMap.start(element, {
    drawPolygons: drawPolygons,
    drawPoints: drawPoints,
    errorText: "La carte n'a pas pu être chargée. La liste des collectivités reste disponible.",
  });
})();
