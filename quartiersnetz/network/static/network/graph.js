// The interactive network graph of /netzwerk/ (sigma.js + graphology, self-hosted UMD builds).
// Positions come from the server (computed by the worker); the browser runs no layout.
// Without JavaScript or WebGL the container stays hidden and the tables below say the same.
(function () {
  "use strict";
  var root = document.getElementById("network-graph");
  if (!root || typeof window.Sigma !== "function" || typeof window.graphology !== "function") {
    return;
  }
  var canvas = document.getElementById("network-canvas");
  var search = document.getElementById("network-search");
  var results = document.getElementById("network-results");
  var status = document.getElementById("network-status");
  var card = document.getElementById("network-card");
  var MAX_RESULTS = 50;
  var data = null;
  var renderer = null;
  var selected = null;

  function nodeSize(degree) {
    return Math.min(16, 2 + Math.sqrt(degree) * 1.5);
  }

  function build(payload) {
    data = payload;
    var nodes = payload.nodes;
    var graph = new window.graphology.UndirectedGraph();
    for (var i = 0; i < nodes.slug.length; i++) {
      graph.addNode(String(i), {
        x: nodes.x[i],
        y: nodes.y[i],
        size: nodeSize(nodes.degree[i]),
        color: payload.sectors[nodes.sector[i]].colour,
        label: nodes.name[i],
      });
    }
    var edges = payload.edges;
    for (var e = 0; e < edges.length; e += 2) {
      var a = String(edges[e]);
      var b = String(edges[e + 1]);
      if (!graph.hasEdge(a, b)) {
        graph.addEdge(a, b, { color: "#c8c8c8", size: 0.5 });
      }
    }
    root.hidden = false;
    try {
      renderer = new window.Sigma(graph, canvas, {
        labelRenderedSizeThreshold: 9,
        defaultEdgeColor: "#c8c8c8",
        zIndex: true,
        nodeReducer: function (key, attributes) {
          if (selected === null) {
            return attributes;
          }
          if (key === selected) {
            return Object.assign({}, attributes, { highlighted: true, forceLabel: true, zIndex: 2 });
          }
          return attributes;
        },
      });
    } catch (error) {
      // No WebGL: the tables remain the view.
      root.hidden = true;
      return;
    }
    renderer.on("clickNode", function (event) {
      select(Number(event.node), true);
    });
    status.textContent = root.dataset.loaded.replace("%(count)s", String(nodes.slug.length));
    fillResults("");
  }

  function fillResults(query) {
    var nodes = data.nodes;
    var needle = query.trim().toLocaleLowerCase("de");
    var order = [];
    for (var i = 0; i < nodes.name.length; i++) {
      if (!needle || nodes.name[i].toLocaleLowerCase("de").indexOf(needle) !== -1) {
        order.push(i);
      }
    }
    order.sort(function (a, b) {
      return nodes.degree[b] - nodes.degree[a] || (nodes.name[a] < nodes.name[b] ? -1 : 1);
    });
    results.textContent = "";
    order.slice(0, MAX_RESULTS).forEach(function (index) {
      var option = document.createElement("option");
      option.value = String(index);
      option.textContent = nodes.name[index] + " (" + data.sectors[nodes.sector[index]].name + ")";
      results.appendChild(option);
    });
    status.textContent = root.dataset.matches
      .replace("%(shown)s", String(Math.min(order.length, MAX_RESULTS)))
      .replace("%(count)s", String(order.length));
  }

  function select(index, fromClick) {
    var nodes = data.nodes;
    selected = String(index);
    document.getElementById("network-card-name").textContent = nodes.name[index];
    document.getElementById("network-card-sector").textContent = data.sectors[nodes.sector[index]].name;
    document.getElementById("network-card-place").textContent = nodes.place[index] || "–";
    document.getElementById("network-card-degree").textContent = String(nodes.degree[index]);
    var link = document.getElementById("network-card-link");
    link.href = data.profile_url.replace("__slug__", nodes.slug[index]);
    card.hidden = false;
    if (renderer) {
      renderer.refresh();
      var position = renderer.getNodeDisplayData(selected);
      if (position) {
        renderer.getCamera().animate({ x: position.x, y: position.y, ratio: 0.3 }, { duration: 400 });
      }
    }
    if (fromClick) {
      link.focus();
    }
  }

  search.addEventListener("input", function () {
    if (data) {
      fillResults(search.value);
    }
  });
  results.addEventListener("change", function () {
    if (results.value !== "") {
      select(Number(results.value), false);
    }
  });
  results.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && results.value !== "") {
      event.preventDefault();
      select(Number(results.value), false);
      document.getElementById("network-card-link").focus();
    }
  });

  fetch(root.dataset.src, { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    })
    .then(build)
    .catch(function () {
      root.hidden = true;
    });
})();
