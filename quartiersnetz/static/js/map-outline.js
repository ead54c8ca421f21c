/*
 * Germany's outline for the maps without a tile server (the default: no third-party requests),
 * shared by practice-map.js and events/event-map.js: a self-hosted GeoJSON (`make assets`) drawn
 * in its own pane under the markers and the names of the Bundesländer. If it cannot be loaded,
 * the map just stays plain.
 */
(function () {
  "use strict";
  window.qnDrawOutline = function (map, url) {
    if (!url || !window.fetch || !window.L) {
      return;
    }
    var pane = map.createPane("outline");
    pane.style.zIndex = 150;
    pane.style.pointerEvents = "none";
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data) {
          L.geoJSON(data, {
            pane: "outline",
            interactive: false,
            style: { color: "#5c6b7a", weight: 1.5, fillColor: "#fbfcfd", fillOpacity: 1 }
          }).addTo(map);
        }
      })
      .catch(function () {});
  };
})();
