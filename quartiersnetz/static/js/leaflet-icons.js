/*
 * Leaflet finds its default marker images by reading a URL out of leaflet.css and cutting off
 * "marker-icon.png". With hashed static file names (ManifestStaticFilesStorage) that cut fails
 * and every marker shows a broken image. This script, loaded right after leaflet.js, sets the
 * three image URLs explicitly from its own data attributes ({% static %} URLs).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || typeof window.L === "undefined") {
    return;
  }
  L.Icon.Default.imagePath = "";
  L.Icon.Default.mergeOptions({
    iconUrl: script.getAttribute("data-icon"),
    iconRetinaUrl: script.getAttribute("data-icon-2x"),
    shadowUrl: script.getAttribute("data-shadow")
  });
})();
