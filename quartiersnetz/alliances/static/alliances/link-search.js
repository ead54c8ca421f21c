/*
 * Search as you type on an alliance's links page – progressive enhancement.
 *
 * Without JavaScript the search is a plain GET form whose results page lists matching public
 * records, each with a "Verknüpfen" button (quartiersnetz/alliances/views.py alliance_links).
 * Here, typing into <form data-link-search> fetches the same page's results fragment (the
 * view answers a request with the `HX-Request` header with the fragment only) and puts it
 * into #treffer (an aria-live region); the address follows the search, so a reload or the
 * "Verknüpfen" buttons keep it. Strict CSP: no inline code or styles; no dependencies.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 250;

  function enhance(form) {
    var input = form.querySelector("input[name=q]");
    var results = document.getElementById("treffer");
    if (!input || !results || !window.fetch) { return; }
    var timer = null;
    var latest = 0;

    function search() {
      var url = new URL(form.action, window.location.href);
      var q = input.value.trim();
      if (q) { url.searchParams.set("q", q); }
      var ticket = ++latest;
      fetch(url.toString(), { headers: { "HX-Request": "true" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.text();
        })
        .then(function (html) {
          if (ticket !== latest) { return; }  // an older answer arriving late
          results.innerHTML = html;  // our own server-rendered, escaped fragment
          window.history.replaceState(null, "", url.pathname + url.search);
        })
        .catch(function () { /* the search button still works */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, DEBOUNCE_MS);
    });
  }

  document.querySelectorAll("form[data-link-search]").forEach(enhance);
})();
