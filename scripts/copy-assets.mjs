// Copies the self-hosted front-end assets from node_modules into quartiersnetz/static/vendor.
// No CDN is used at run time: everything the browser loads comes from our own origin.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "quartiersnetz", "static", "vendor");
const copies = [
  ["node_modules/@kern-ux/native/dist/kern.min.css", "kern/kern.min.css"],
  ["node_modules/@kern-ux/native/dist/fonts", "kern/fonts"],
  ["node_modules/@kern-ux/native/dist/js/kern-kopfzeile.js", "kern/kern-kopfzeile.js"],
  ["node_modules/@kern-ux/native/LICENSE.md", "kern/LICENSE.md"],
  ["node_modules/leaflet/dist/leaflet.js", "leaflet/leaflet.js"],
  // The minified scripts name their source maps; whitenoise's manifest storage needs them.
  ["node_modules/leaflet/dist/leaflet.js.map", "leaflet/leaflet.js.map"],
  ["node_modules/leaflet/dist/leaflet.css", "leaflet/leaflet.css"],
  ["node_modules/leaflet/dist/images", "leaflet/images"],
  ["node_modules/leaflet/LICENSE", "leaflet/LICENSE"],
  ["node_modules/leaflet.markercluster/dist/leaflet.markercluster.js", "leaflet/leaflet.markercluster.js"],
  ["node_modules/leaflet.markercluster/dist/leaflet.markercluster.js.map", "leaflet/leaflet.markercluster.js.map"],
  ["node_modules/leaflet.markercluster/dist/MarkerCluster.css", "leaflet/MarkerCluster.css"],
  ["node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css", "leaflet/MarkerCluster.Default.css"],
  ["node_modules/leaflet.markercluster/MIT-LICENCE.txt", "leaflet/markercluster-LICENCE.txt"],
  // The network graph (/netzwerk/): WebGL rendering of large graphs, UMD builds (globals
  // `Sigma` and `graphology`); sigma.min.js names no source map.
  ["node_modules/sigma/dist/sigma.min.js", "sigma/sigma.min.js"],
  ["node_modules/sigma/LICENSE.txt", "sigma/LICENSE.txt"],
  ["node_modules/graphology/dist/graphology.umd.min.js", "graphology/graphology.umd.min.js"],
  ["node_modules/graphology/dist/graphology.umd.min.js.map", "graphology/graphology.umd.min.js.map"],
  ["node_modules/graphology/LICENSE.txt", "graphology/LICENSE.txt"],
];

rmSync(vendor, { recursive: true, force: true });
for (const [from, to] of copies) {
  const target = join(vendor, to);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(root, from), target, { recursive: true });
}

// Germany's outline for the maps without a tile server (the default: no third-party requests):
// Natural Earth 1:10m (public domain) via world-atlas' TopoJSON, coordinates rounded to ~100 m.
const atlas = JSON.parse(readFileSync(join(root, "node_modules/world-atlas/countries-10m.json")));
const germany = feature(atlas, atlas.objects.countries).features.find((f) => f.id === "276");
const round = (c) =>
  Array.isArray(c[0]) ? c.map(round) : [Math.round(c[0] * 1000) / 1000, Math.round(c[1] * 1000) / 1000];
mkdirSync(join(vendor, "germany"), { recursive: true });
writeFileSync(
  join(vendor, "germany", "germany.geojson"),
  JSON.stringify({
    type: "FeatureCollection",
    features: [
      {
        type: "Feature",
        properties: { name: "Deutschland", source: "Natural Earth 1:10m (public domain), world-atlas 2.0.2" },
        geometry: { type: germany.geometry.type, coordinates: round(germany.geometry.coordinates) },
      },
    ],
  }),
);
cpSync(join(root, "node_modules/world-atlas/LICENSE"), join(vendor, "germany", "LICENSE-world-atlas.txt"));
console.log(`copied ${copies.length} asset groups and Germany's outline to ${vendor}`);
