/*
 * Map of Praxisbeispiele (/praxis/karte/) – progressive enhancement.
 *
 * The page already lists every matching record below the map (grouped by Bundesland and
 * municipality), so without JavaScript, without tiles or when loading fails nothing is lost.
 * This script shows the hidden map section, loads the same records as GeoJSON from the open-data
 * endpoint (same filter query string), page by page (keyset paging, `after`), and draws them as
 * clustered Leaflet markers: at most `maxMarkers` at once, so the browser's work is bounded at
 * any data size. When more records match, zooming in loads those of the visible part (`bbox`).
 *
 * Configuration comes from <script type="application/json" id="practice-map-config"> (Django's
 * json_script; not executed, so it is allowed by the strict CSP):
 *   geojsonUrl   the GeoJSON URL with the page's filters (sparse fields, limit, after=0)
 *   maxMarkers   markers shown at most at once
 *   detailPrefix path of the detail pages in the page's language ("/en/praxis/")
 *   stateLabels  names and points of the Bundesländer, drawn only without tiles
 *   outlineUrl   Germany's outline (self-hosted GeoJSON), drawn only without tiles
 *   tileUrl      tile template ("" = no tile layer: markers on a plain background)
 *   attribution  tile attribution (HTML from the operator's settings)
 *   texts        translated strings (rendered server-side in the page's language)
 *
 * Accessibility: the map container has an accessible name (aria-label) and a description that
 * points to the list; markers and clusters are focusable buttons with a title (Enter opens the
 * popup / zooms into the cluster); an opened popup takes focus on its link, Escape closes it and
 * returns focus to the marker. A polite live region announces loading, the result and errors.
 *
 * Strict CSP (script-src 'self', style-src 'self'): no inline scripts or style attributes; popup
 * content is built with DOM methods (textContent), never from HTML strings of record data.
 */
(function () {
  "use strict";

  var GERMANY = [51.16, 10.45];

  function readConfig() {
    var el = document.getElementById("practice-map-config");
    if (!el) {
      return null;
    }
    try {
      return JSON.parse(el.textContent);
    } catch (e) {
      return null;
    }
  }

  function format(template, value) {
    return String(template).replace("%s", String(value));
  }

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

  function place(props) {
    var parts = [];
    if (props.municipality) {
      parts.push(props.municipality);
    }
    if (props.state_name) {
      parts.push(props.state_name);
    }
    return parts.join(", ");
  }

  function popupContent(props, texts, detailPrefix) {
    var root = element("div", "practice-popup");
    var kind = [props.kind_name, props.type_name].filter(Boolean).join(" · ");
    if (kind) {
      root.appendChild(element("p", "practice-popup__kind", kind));
    }
    var heading = element("p", "practice-popup__title");
    var link = element("a", "kern-link", props.title);
    // The page's language (e.g. /en/praxis/<slug>/); the API's url is the German page.
    link.href =
      detailPrefix && props.slug
        ? detailPrefix + encodeURIComponent(props.slug) + "/"
        : props.url;
    heading.appendChild(link);
    root.appendChild(heading);
    var where = place(props);
    if (where) {
      root.appendChild(element("p", "practice-popup__place", where));
    }
    if (props.point_precision === "municipality") {
      root.appendChild(element("p", "practice-popup__note", texts.approximate));
    }
    return root;
  }

  // Cluster icons as buttons with a spoken label ("12 Praxisbeispiele – vergrößern").
  function clusterIcon(texts) {
    var LabelledDivIcon = L.DivIcon.extend({
      createIcon: function (oldIcon) {
        var el = L.DivIcon.prototype.createIcon.call(this, oldIcon);
        el.setAttribute("title", this.options.label);
        el.setAttribute("aria-label", this.options.label);
        return el;
      }
    });
    return function (cluster) {
      var count = cluster.getChildCount();
      var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
      var inner = element("div");
      inner.appendChild(element("span", "", String(count)));
      return new LabelledDivIcon({
        html: inner,
        className: "marker-cluster marker-cluster-" + size,
        iconSize: new L.Point(40, 40),
        label: format(texts.cluster, count)
      });
    };
  }

  function init() {
    var section = document.querySelector("[data-practice-map]");
    var config = readConfig();
    if (!section || !config || typeof window.L === "undefined" || !L.markerClusterGroup) {
      return;
    }
    var texts = config.texts || {};
    var container = section.querySelector(".practice-map");
    var status = section.querySelector("[data-practice-map-status]");
    section.hidden = false;

    function announce(text) {
      if (status) {
        status.textContent = text;
      }
    }

    var map = L.map(container, {
      center: GERMANY,
      zoom: 6,
      minZoom: 4,
      maxZoom: 18,
      keyboard: true
    });
    map.attributionControl.setPrefix(false);
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, {
        attribution: config.attribution || "",
        maxZoom: 19
      }).addTo(map);
    } else {
      container.classList.add("practice-map--plain");
      if (window.qnDrawOutline) {
        window.qnDrawOutline(map, config.outlineUrl);
      }
      // Names of the Bundesländer as plain, non-interactive labels (decoration for sighted
      // users: hidden from assistive technology, not focusable; the list carries the places).
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
    }

    var whenLoaded = null;
    var clusters = L.markerClusterGroup({
      chunkedLoading: true,
      // Called after each chunk of markers; the result is announced once all are placed.
      chunkProgress: function (processed, total) {
        if (processed >= total && whenLoaded) {
          whenLoaded();
          whenLoaded = null;
        }
      },
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      iconCreateFunction: clusterIcon(texts)
    });
    map.addLayer(clusters);

    // Keyboard: focus moves into an opened popup and back to its marker when it closes.
    var lastMarker = null;
    map.on("popupopen", function (event) {
      lastMarker = event.popup._source || null;
      var link = event.popup.getElement() && event.popup.getElement().querySelector("a");
      if (link) {
        link.focus();
      }
    });
    map.on("popupclose", function () {
      var icon = lastMarker && lastMarker.getElement && lastMarker.getElement();
      if (icon && document.activeElement && container.contains(document.activeElement)) {
        icon.focus();
      }
      lastMarker = null;
    });

    // Leaflet only listens for Escape while the map container itself has focus; with focus
    // on a marker or inside a popup, close the popup here.
    container.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && map.hasLayer && map._popup) {
        map.closePopup();
        event.preventDefault();
      }
    });

    announce(texts.loading);

    // At most this many markers at once, so the browser's work does not grow with the data
    // (the list below the map holds every record).
    var maxMarkers = config.maxMarkers || 10000;
    var loadToken = 0;
    var STALE = {};

    function getJSON(url) {
      return fetch(url, {
        headers: { Accept: "application/geo+json" },
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      });
    }

    function nextLink(data) {
      var links = (data && data.links) || [];
      for (var k = 0; k < links.length; k += 1) {
        if (links[k].rel === "next" && links[k].href) {
          return links[k].href;
        }
      }
      return null;
    }

    // The collection comes in pages (keyset paging, `after`); follow the "next" links until
    // there are none or maxMarkers features are collected. Resolves to the features and
    // whether more records match (`more`); a newer load makes an older one stale.
    function loadCapped(url) {
      loadToken += 1;
      var token = loadToken;
      var collected = [];
      function step(pageUrl) {
        return getJSON(pageUrl).then(function (data) {
          if (token !== loadToken) {
            throw STALE;
          }
          var page = (data && data.features) || [];
          for (var j = 0; j < page.length; j += 1) {
            collected.push(page[j]);
          }
          var next = nextLink(data);
          if (next && collected.length < maxMarkers) {
            return step(next);
          }
          return {
            features: collected.slice(0, maxMarkers),
            more: Boolean(next) || collected.length > maxMarkers
          };
        });
      }
      return step(url);
    }

    function toMarkers(features) {
      var markers = [];
      var bounds = L.latLngBounds([]);
      for (var i = 0; i < features.length; i += 1) {
        var feature = features[i];
        var coords = feature.geometry && feature.geometry.coordinates;
        if (!coords || coords.length < 2) {
          continue;
        }
        var props = feature.properties || {};
        // GeoJSON is [longitude, latitude]; Leaflet wants [latitude, longitude].
        var latlng = L.latLng(coords[1], coords[0]);
        bounds.extend(latlng);
        var marker = L.marker(latlng, {
          title: props.title,
          alt: props.title,
          keyboard: true,
          riseOnHover: true
        });
        marker.bindPopup(popupContent(props, texts, config.detailPrefix), {
          closeOnEscapeKey: true
        });
        markers.push(marker);
      }
      return { markers: markers, bounds: bounds };
    }

    // Replace the markers; `message` is announced once all are placed.
    function show(markers, message) {
      clusters.clearLayers();
      if (!markers.length) {
        whenLoaded = null;
        announce(message);
        return;
      }
      whenLoaded = function () {
        announce(message);
      };
      clusters.addLayers(markers);
    }

    function countText(count, more, cappedText) {
      if (more) {
        return format(cappedText, count);
      }
      if (!count) {
        return texts.none;
      }
      return count === 1 ? texts.one : format(texts.many, count);
    }

    function failed(error) {
      if (error === STALE) {
        return;
      }
      if (window.console && console.error) {
        console.error("practice-map:", error);
      }
      announce(texts.failed);
      section.classList.add("practice-map-section--failed");
    }

    // When more records match than the map shows, zooming in below the first view loads the
    // markers of the visible part (`bbox`, with a margin); zooming back out restores the first
    // set. A part that was loaded completely is not asked for again while the view stays in it.
    var first = null; // { markers, message, zoom }
    var area = null; // { bounds, complete } of the part shown, or null for the first set
    var areaLoading = false;
    var popupOpen = false;
    var pendingMove = false;
    var moveTimer = null;

    function bboxParam(bounds) {
      var clamp = function (value, limit) {
        return Math.max(-limit, Math.min(limit, value)).toFixed(5);
      };
      return [
        clamp(bounds.getWest(), 180),
        clamp(bounds.getSouth(), 90),
        clamp(bounds.getEast(), 180),
        clamp(bounds.getNorth(), 90)
      ].join(",");
    }

    function refresh() {
      if (!first) {
        return;
      }
      if (popupOpen) {
        pendingMove = true;
        return;
      }
      if (map.getZoom() <= first.zoom) {
        if (area || areaLoading) {
          area = null;
          areaLoading = false;
          loadToken += 1; // an area still loading is no longer wanted
          show(first.markers, first.message);
        }
        return;
      }
      var view = map.getBounds();
      if (area && area.complete && area.bounds.contains(view)) {
        return;
      }
      var wanted = view.pad(0.25);
      areaLoading = true;
      announce(texts.loading);
      loadCapped(config.geojsonUrl + "&bbox=" + bboxParam(wanted))
        .then(function (result) {
          areaLoading = false;
          area = { bounds: wanted, complete: !result.more };
          var count = result.features.length;
          show(
            toMarkers(result.features).markers,
            result.more ? format(texts.areaCapped, count) : format(texts.area, count)
          );
        })
        .catch(function (error) {
          if (error !== STALE) {
            areaLoading = false;
          }
          failed(error);
        });
    }

    map.on("popupopen", function () {
      popupOpen = true;
    });
    map.on("popupclose", function () {
      popupOpen = false;
      if (pendingMove) {
        pendingMove = false;
        map.fire("moveend");
      }
    });

    loadCapped(config.geojsonUrl)
      .then(function (result) {
        var built = toMarkers(result.features);
        // With chunkedLoading the markers are added over several frames, so the cluster
        // group's own bounds are not complete yet: use the bounds collected above.
        if (built.bounds.isValid()) {
          map.fitBounds(built.bounds, { padding: [24, 24], maxZoom: 12, animate: false });
        }
        var count = built.markers.length;
        var message = countText(count, result.more, texts.capped);
        show(built.markers, message);
        if (result.more) {
          first = { markers: built.markers, message: message, zoom: map.getZoom() };
          map.on("moveend", function () {
            window.clearTimeout(moveTimer);
            moveTimer = window.setTimeout(refresh, 300);
          });
        }
      })
      .catch(failed);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
