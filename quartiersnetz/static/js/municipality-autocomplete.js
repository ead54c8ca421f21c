/*
 * Municipality autocomplete – progressive enhancement of a plain text input.
 *
 * Enhances every <input data-municipality-autocomplete="/orte/suche.json"> into a
 * WAI-ARIA 1.2 combobox with a list popup (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/):
 * the input keeps DOM focus, the active option is referenced by aria-activedescendant.
 * Without JavaScript the input stays a text field that the server resolves
 * (quartiersnetz/places/forms.py MunicipalityField); choosing an option only writes the
 * option's unique label ("Herne (Nordrhein-Westfalen)") into it.
 *
 * Keys: ArrowDown/ArrowUp open the list and move through it (wrapping; Alt+ArrowDown
 * opens it, Alt+ArrowUp closes it), Enter takes the active option (without an active
 * option it submits the form as usual), Escape closes the list, Tab leaves without choosing.
 *
 * Strict CSP (script-src 'self', style-src 'self'): no inline styles – visibility is the
 * `hidden` attribute, look and feel are classes in static/css/app.css. No dependencies.
 */
(function () {
  "use strict";

  var MIN_CHARS = 2;
  var DEBOUNCE_MS = 200;
  var MAX_LENGTH = 120;

  var TEXTS = {
    de: {
      listLabel: "Vorschläge für Gemeinden",
      none: "Keine Gemeinde gefunden.",
      one: "1 Vorschlag verfügbar. Mit den Pfeiltasten auswählen, mit Eingabe übernehmen.",
      many: "%s Vorschläge verfügbar. Mit den Pfeiltasten auswählen, mit Eingabe übernehmen.",
      failed: "Vorschläge konnten nicht geladen werden. Sie können den Namen trotzdem eingeben.",
      chosen: "%s ausgewählt."
    },
    en: {
      listLabel: "Suggested municipalities",
      none: "No municipality found.",
      one: "1 suggestion available. Use the arrow keys to choose, Enter to accept.",
      many: "%s suggestions available. Use the arrow keys to choose, Enter to accept.",
      failed: "Suggestions could not be loaded. You can still type the name.",
      chosen: "%s selected."
    }
  };

  function texts() {
    var lang = (document.documentElement.getAttribute("lang") || "de").slice(0, 2).toLowerCase();
    return TEXTS[lang] || TEXTS.de;
  }

  function format(template, value) {
    return template.replace("%s", value);
  }

  var counter = 0;

  function Autocomplete(input) {
    counter += 1;
    this.input = input;
    this.url = input.getAttribute("data-municipality-autocomplete");
    this.texts = texts();
    this.baseId = (input.id || "municipality-autocomplete-" + counter) + "-autocomplete";
    this.results = [];
    this.activeIndex = -1;
    this.timer = null;
    this.controller = null;
    this.cache = new Map();
    this.lastQuery = null;
    this.build();
    this.bind();
  }

  Autocomplete.prototype.build = function () {
    var input = this.input;
    var wrapper = document.createElement("div");
    wrapper.className = "autocomplete";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    var list = document.createElement("ul");
    list.id = this.baseId + "-listbox";
    list.className = "autocomplete__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", this.texts.listLabel);
    list.hidden = true;
    wrapper.appendChild(list);

    // Polite live region, present before its first update so screen readers pick it up.
    var status = document.createElement("div");
    status.id = this.baseId + "-status";
    status.className = "autocomplete__status kern-sr-only";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.setAttribute("aria-atomic", "true");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");
    if (!input.hasAttribute("maxlength")) {
      input.setAttribute("maxlength", String(MAX_LENGTH));
    }
    this.wrapper = wrapper;
    this.list = list;
    this.status = status;
  };

  Autocomplete.prototype.bind = function () {
    var self = this;
    this.input.addEventListener("input", function () { self.onInput(); });
    this.input.addEventListener("keydown", function (event) { self.onKeydown(event); });
    this.input.addEventListener("blur", function () { self.close(); });
    // Keep focus in the input while the pointer chooses an option.
    this.list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option && self.list.contains(option)) {
        self.choose(Number(option.getAttribute("data-index")));
      }
    });
  };

  Autocomplete.prototype.query = function () {
    return this.input.value.replace(/\s+/g, " ").trim();
  };

  Autocomplete.prototype.onInput = function () {
    var self = this;
    window.clearTimeout(this.timer);
    var query = this.query();
    if (query.length < MIN_CHARS || query.length > MAX_LENGTH) {
      this.abort();
      this.lastQuery = null;
      this.setResults([]);
      this.announce("");
      return;
    }
    this.timer = window.setTimeout(function () { self.fetch(query); }, DEBOUNCE_MS);
  };

  Autocomplete.prototype.abort = function () {
    if (this.controller) {
      this.controller.abort();
      this.controller = null;
    }
  };

  Autocomplete.prototype.fetch = function (query) {
    var self = this;
    if (query === this.lastQuery && this.results.length) {
      this.open();
      return;
    }
    this.abort();
    if (this.cache.has(query)) {
      this.show(query, this.cache.get(query));
      return;
    }
    var controller = new AbortController();
    this.controller = controller;
    var url = new URL(this.url, window.location.href);
    url.searchParams.set("q", query);
    window.fetch(url.toString(), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: controller.signal
    })
      .then(function (response) {
        if (response.status === 400) {
          return { results: [] };
        }
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        var results = Array.isArray(data && data.results) ? data.results : [];
        self.cache.set(query, results);
        if (self.controller === controller) {
          self.controller = null;
          self.show(query, results);
        }
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") {
          return;
        }
        if (self.controller === controller) {
          self.controller = null;
          self.setResults([]);
          self.announce(self.texts.failed);
        }
      });
  };

  Autocomplete.prototype.show = function (query, results) {
    if (query !== this.query()) {
      return; // The user typed on; a newer request follows.
    }
    this.lastQuery = query;
    this.setResults(results);
    if (document.activeElement !== this.input) {
      return; // The user has moved on; do not talk about this field.
    }
    if (!results.length) {
      this.announce(this.texts.none);
    } else if (results.length === 1) {
      this.announce(this.texts.one);
    } else {
      this.announce(format(this.texts.many, String(results.length)));
    }
  };

  Autocomplete.prototype.setResults = function (results) {
    var list = this.list;
    this.results = results;
    this.activeIndex = -1;
    this.input.removeAttribute("aria-activedescendant");
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    for (var i = 0; i < results.length; i += 1) {
      list.appendChild(this.renderOption(results[i], i));
    }
    if (results.length && document.activeElement === this.input) {
      this.open();
    } else {
      this.close();
    }
  };

  Autocomplete.prototype.renderOption = function (result, index) {
    var option = document.createElement("li");
    option.id = this.baseId + "-option-" + index;
    option.className = "autocomplete__option";
    option.setAttribute("role", "option");
    option.setAttribute("aria-selected", "false");
    option.setAttribute("data-index", String(index));
    var label = document.createElement("span");
    label.className = "autocomplete__label";
    label.textContent = String(result.label || result.name || "");
    option.appendChild(label);
    var details = [result.district, result.size_class].filter(function (part) {
      return part && part !== result.name;
    });
    if (details.length) {
      var meta = document.createElement("span");
      meta.className = "autocomplete__meta";
      meta.textContent = details.join(" · ");
      option.appendChild(meta);
    }
    return option;
  };

  Autocomplete.prototype.isOpen = function () {
    return !this.list.hidden;
  };

  Autocomplete.prototype.open = function () {
    if (!this.results.length) {
      return;
    }
    this.list.hidden = false;
    this.wrapper.classList.add("autocomplete--open");
    this.input.setAttribute("aria-expanded", "true");
  };

  Autocomplete.prototype.close = function () {
    window.clearTimeout(this.timer);
    this.list.hidden = true;
    this.wrapper.classList.remove("autocomplete--open");
    this.input.setAttribute("aria-expanded", "false");
    this.activate(-1);
  };

  Autocomplete.prototype.activate = function (index) {
    var options = this.list.children;
    if (this.activeIndex >= 0 && options[this.activeIndex]) {
      options[this.activeIndex].setAttribute("aria-selected", "false");
    }
    this.activeIndex = index;
    if (index < 0 || !options[index]) {
      this.activeIndex = -1;
      this.input.removeAttribute("aria-activedescendant");
      return;
    }
    var option = options[index];
    option.setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", option.id);
    if (option.scrollIntoView) {
      option.scrollIntoView({ block: "nearest" });
    }
  };

  Autocomplete.prototype.move = function (step) {
    var count = this.results.length;
    if (!count) {
      return;
    }
    if (!this.isOpen()) {
      this.open();
      this.activate(step > 0 ? 0 : count - 1);
      return;
    }
    var next = this.activeIndex + step;
    if (this.activeIndex < 0) {
      next = step > 0 ? 0 : count - 1;
    } else if (next >= count) {
      next = 0;
    } else if (next < 0) {
      next = count - 1;
    }
    this.activate(next);
  };

  Autocomplete.prototype.choose = function (index) {
    var result = this.results[index];
    if (!result) {
      return;
    }
    var label = String(result.label || result.name || "");
    this.abort();
    this.input.value = label;
    this.lastQuery = null;
    this.setResults([]); // Closes the list; ArrowDown asks again for the chosen label.
    this.announce(format(this.texts.chosen, label));
    this.input.focus();
    this.input.dispatchEvent(new Event("change", { bubbles: true }));
  };

  Autocomplete.prototype.announce = function (message) {
    var status = this.status;
    // Clear first so that the same message is announced again.
    status.textContent = "";
    if (message) {
      window.setTimeout(function () { status.textContent = message; }, 50);
    }
  };

  Autocomplete.prototype.onKeydown = function (event) {
    if (event.isComposing || event.ctrlKey || event.metaKey) {
      return;
    }
    switch (event.key) {
      case "ArrowDown":
      case "Down":
        event.preventDefault();
        if (event.altKey) {
          if (this.results.length) {
            this.open();
          } else {
            this.onInput();
          }
        } else if (this.results.length) {
          this.move(1);
        } else {
          this.onInput();
        }
        break;
      case "ArrowUp":
      case "Up":
        event.preventDefault();
        if (event.altKey) {
          this.close();
        } else {
          this.move(-1);
        }
        break;
      case "Enter":
        if (this.isOpen() && this.activeIndex >= 0) {
          event.preventDefault(); // Take the option; do not submit the form yet.
          this.choose(this.activeIndex);
        }
        break;
      case "Escape":
      case "Esc":
        if (this.isOpen()) {
          event.preventDefault();
          this.close();
        }
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  };

  function enhance(root) {
    var inputs = (root || document).querySelectorAll("input[data-municipality-autocomplete]");
    for (var i = 0; i < inputs.length; i += 1) {
      var input = inputs[i];
      if (input.getAttribute("data-autocomplete-ready") === "true" || !("fetch" in window) ||
          typeof AbortController === "undefined") {
        continue;
      }
      input.setAttribute("data-autocomplete-ready", "true");
      new Autocomplete(input); // eslint-disable-line no-new
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
  // htmx swaps in new forms: enhance inputs inside them too.
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
})();
