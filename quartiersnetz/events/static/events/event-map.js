/*
 * Map island of /werkstaetten/ – progressive enhancement.
 *
 * The list below the map contains the same events, so without JavaScript (or when Leaflet is
 * missing) nothing is lost: the section stays hidden. The points are the on-site events of the
 * current page at their municipality's centre, from
 * <script type="application/json" id="event-map-config"> (json_script; allowed by the strict CSP):
 *   points      [{title, url, place, when, lat, lon}]
 *   tileUrl     tile template, attribution its credit ("" = plain background, MAP_TILE_URL)
 *   stateLabels names of the Bundesländer for orientation on the plain background
 *   outlineUrl  Germany's outline (self-hosted GeoJSON) for the plain background
 *   texts       translated strings
 * Markers are focusable with a title; an opened popup takes focus on its link. Popup content is
 * built with DOM methods (textContent), never from HTML strings of record data.
 */
(function () {
  "use strict";

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) {
      el.className = className;
    }
    if (text) {
      el.textContent = text;
    }
    return el;
  }

  function init() {
    var section = document.querySelector("[data-event-map]");
    var source = document.getElementById("event-map-config");
    if (!section || !source || typeof window.L === "undefined") {
      return;
    }
    var config;
    try {
      config = JSON.parse(source.textContent);
    } catch (e) {
      return;
    }
    var points = config.points || [];
    var texts = config.texts || {};
    if (!points.length) {
      return;
    }
    section.hidden = false;
    var container = section.querySelector(".practice-map");
    var status = section.querySelector("[data-event-map-status]");
    var map = L.map(container, { center: [51.16, 10.45], zoom: 6, minZoom: 4, maxZoom: 14 });
    map.attributionControl.setPrefix(false);
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.attribution || "", maxZoom: 19 }).addTo(map);
    } else {
      container.classList.add("practice-map--plain");
      if (window.qnDrawOutline) {
        window.qnDrawOutline(map, config.outlineUrl);
      }
    }
    (config.stateLabels || []).forEach(function (label) {
      L.marker([label.lat, label.lon], {
        icon: L.divIcon({
          className: "practice-map__state-label",
          html: element("span", "", label.name),
          iconSize: null
        }),
        interactive: false,
        keyboard: false,
        pane: "tilePane"
      })
        .addTo(map)
        .getElement()
        .setAttribute("aria-hidden", "true");
    });
    var bounds = L.latLngBounds([]);
    points.forEach(function (point) {
      var latlng = L.latLng(point.lat, point.lon);
      bounds.extend(latlng);
      var root = element("div", "practice-popup");
      var heading = element("p", "practice-popup__title");
      var link = element("a", "kern-link", point.title);
      link.href = point.url;
      heading.appendChild(link);
      root.appendChild(heading);
      root.appendChild(element("p", "practice-popup__place", point.place));
      root.appendChild(element("p", "practice-popup__kind", point.when));
      L.marker(latlng, { title: point.title, alt: point.title, keyboard: true })
        .bindPopup(root, { closeOnEscapeKey: true })
        .addTo(map);
    });
    map.on("popupopen", function (event) {
      var link = event.popup.getElement() && event.popup.getElement().querySelector("a");
      if (link) {
        link.focus();
      }
    });
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 9 });
    }
    if (status) {
      status.textContent =
        points.length === 1 ? texts.one : String(texts.many).replace("%s", String(points.length));
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
