/*
 * Record picker – search-as-you-type for core/partials/_picker.html (core/picker.py).
 *
 * Without JavaScript the picker's search form submits with GET to the page itself and the
 * server renders the results as checkboxes inside the POST form. This script keeps that
 * markup and only saves the round trip: while typing (debounced, at least two characters) it
 * loads the same page with the query, takes the element with the picker's results id from
 * the answer and puts its content in place. Boxes the user has already ticked stay (they are
 * moved in front of the new results). A polite live region announces the number of results.
 *
 * Strict CSP (script-src 'self'): no inline code or styles, no dependencies.
 */
(function () {
  "use strict";

  var MIN_CHARS = 2;
  var DEBOUNCE_MS = 250;

  function Picker(root) {
    this.root = root;
    this.search = root.querySelector("[data-picker-search]");
    this.input = root.querySelector("[data-picker-input]");
    this.results = root.querySelector("[data-picker-results]");
    this.status = root.querySelector("[data-picker-status]");
    this.timer = null;
    this.controller = null;
    this.lastQuery = this.input ? this.input.value.trim() : "";
    if (this.search && this.input && this.results) {
      this.bind();
    }
  }

  Picker.prototype.bind = function () {
    var self = this;
    this.input.addEventListener("input", function () {
      window.clearTimeout(self.timer);
      self.timer = window.setTimeout(function () { self.run(false); }, DEBOUNCE_MS);
    });
    this.search.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(self.timer);
      self.run(true);
    });
  };

  Picker.prototype.url = function (query) {
    var url = new URL(this.search.getAttribute("action") || window.location.href, window.location.href);
    url.hash = "";
    url.search = "";
    url.searchParams.set(this.input.name, query);
    return url;
  };

  Picker.prototype.run = function (force) {
    var self = this;
    var query = this.input.value.trim();
    if (query.length < MIN_CHARS || (!force && query === this.lastQuery)) {
      return;
    }
    this.lastQuery = query;
    if (this.controller) {
      this.controller.abort();
    }
    this.controller = new AbortController();
    var url = this.url(query);
    fetch(url.toString(), {
      credentials: "same-origin",
      headers: { "X-Requested-With": "picker" },
      signal: this.controller.signal
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById(self.results.id);
        if (fresh) {
          self.replace(fresh);
          if (window.history && window.history.replaceState) {
            window.history.replaceState(null, "", url.toString() + "#" + self.root.id);
          }
        }
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") {
          return;
        }
        self.announce(self.root.getAttribute("data-picker-failed") ||
          (document.documentElement.lang === "en"
            ? "The search failed; press Search to try again."
            : "Die Suche ist fehlgeschlagen; mit „Suchen“ erneut versuchen."));
      });
  };

  Picker.prototype.replace = function (fresh) {
    var kept = [];
    var seen = {};
    this.results.querySelectorAll("[data-picker-result]").forEach(function (row) {
      var box = row.querySelector("input[type=checkbox]");
      if (box && box.checked) {
        kept.push(row);
        seen[row.getAttribute("data-picker-result")] = true;
      }
    });
    var fragment = document.createDocumentFragment();
    kept.forEach(function (row) { fragment.appendChild(row); });
    Array.prototype.slice.call(fresh.childNodes).forEach(function (node) {
      if (node.nodeType === 1 && seen[node.getAttribute("data-picker-result")]) {
        return;
      }
      fragment.appendChild(document.importNode(node, true));
    });
    this.results.replaceChildren(fragment);
    var count = this.results.querySelector("[data-picker-count]");
    this.announce(count ? count.textContent : "");
  };

  Picker.prototype.announce = function (text) {
    if (this.status) {
      this.status.textContent = text;
    }
  };

  document.querySelectorAll("[data-picker]").forEach(function (root) {
    new Picker(root);
  });
})();
