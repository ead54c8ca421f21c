"""Write the schemathesis configuration of `make api-fuzz` (scripts/api_fuzz.sh): dictionaries
of values that exist on the running server, bound to the parameters that take them (and no
cache: every run starts afresh).

Left to itself the fuzzer sends slugs, vocabulary codes and AGS of the documented form that no
record has: every detail is a 404, every filter an `unknown code` 400, every write a 422, and the
answers that carry records are never checked against their schemas. So the values are read
from the API itself (the lists, the taxonomy, /me with the fuzzer's key) and bound with a
probability: a share of the positive cases uses real keys, codes and AGS, the rest stays
generated. schemathesis uses an entry only where it matches the parameter's schema, and only in
positive cases (negative cases stay negative).

    .venv/bin/python scripts/api_fuzz_dictionaries.py BASE_URL OUTPUT.toml

Environment: API_FUZZ_TOKEN (the personal API key for /me), and every request carries the
headers of the TLS proxy the production settings expect (as the fuzzer's requests do).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tomllib
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

# How often a bound parameter takes a dictionary value in a positive case.
KEY_PROBABILITY = 0.5  # the key of a detail: half of them find a record
FILTER_PROBABILITY = 0.25  # a list's filter: often several at once
BODY_PROBABILITY = 0.7  # a write's reference fields: a whole valid body needs all of them

# The records of each list, by the detail that takes their id or slug.
DETAILS = ["actors", "alliances", "connections", "events", "learnings", "practices", "projects",
           "publications", "recommendations", "series"]  # fmt: skip
LISTS = [*DETAILS, "places"]
# Query parameters that take a code of one vocabulary of /api/v1/taxonomy, in every list.
VOCABULARY_FILTERS = {
    "spatial_field": "spatial_fields",
    "action_field": "action_fields",
    "approach": "approaches",
    "sector": "sectors",
    "format": "event_formats",
}


def get(base: str, path: str, token: str | None = None) -> Any:
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(base + path, headers=headers)  # noqa: S310 - http://127.0.0.1
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.load(response)


def toml_value(value: Any) -> str:
    # A JSON string without \u escapes of astral characters (surrogates) is a TOML basic string.
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        pairs = (f"{toml_value(key)} = {toml_value(item)}" for key, item in value.items())
        return "{ " + ", ".join(pairs) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return json.dumps(value)


def collect(base: str, token: str) -> tuple[dict[str, list[Any]], dict[str, dict[str, Any]]]:
    """The dictionaries and the per-operation bindings (operation name → parameters)."""
    dictionaries: dict[str, list[Any]] = {}
    operations: dict[str, dict[str, Any]] = {}

    def bind(operation: str, parameter: str, dictionary: str, probability: float) -> None:
        if dictionaries.get(dictionary):
            binding = {"dictionary": dictionary, "probability": probability}
            operations.setdefault(operation, {})[parameter] = binding

    pages = {name: get(base, f"/api/v1/{name}?limit=20")["results"] for name in LISTS}
    for name in DETAILS:
        records = pages[name]
        # By id, and by slug where the type has one (connections have none).
        keys = {str(record["id"]) for record in records}
        keys |= {record["slug"] for record in records if record.get("slug")}
        dictionaries[f"{name}-keys"] = sorted(keys)
        bind(f"GET /api/v1/{name}/{{key}}", "path.key", f"{name}-keys", KEY_PROBABILITY)
    # The AGS of places that have records (practices', actors') and of the first places.
    ags = {place["ags"] for place in pages["places"]}
    for name in ("practices", "actors", "alliances", "projects"):
        ags |= {r["municipality"]["ags"] for r in pages[name] if r.get("municipality")}
    dictionaries["ags"] = sorted(ags)
    bind("GET /api/v1/places/{ags}", "path.ags", "ags", KEY_PROBABILITY)

    taxonomy = get(base, "/api/v1/taxonomy")
    vocabularies = {
        vocabulary["code"]: [term["code"] for term in vocabulary["terms"]]
        for vocabulary in taxonomy["vocabularies"]
    }
    dictionaries["vocabularies"] = sorted(vocabularies)
    bind("GET /api/v1/taxonomy/{code}", "path.code", "vocabularies", KEY_PROBABILITY)
    for code, terms in vocabularies.items():
        dictionaries[code] = sorted(terms)

    for name in ("actors", "projects", "practices"):
        dictionaries[f"{name}-slugs"] = sorted(record["slug"] for record in pages[name])
    # Words of the records' titles and names: text queries that find something.
    words = {
        word.strip('.,:;!?„“"()').lower()
        for name in ("practices", "actors", "events", "projects", "alliances")
        for record in pages[name]
        for word in str(record.get("title") or record.get("name") or "").split()
    }
    dictionaries["words"] = sorted(word for word in words if len(word) > 3)
    places_words = {place["name"].split()[0] for place in pages["places"]}
    dictionaries["place-words"] = sorted(places_words)

    for name in LISTS:
        operation = f"GET /api/v1/{name}"
        # A cursor of the list without filters: valid, and refused with any other filter.
        next_url = get(base, f"/api/v1/{name}?limit=1")["next"]
        if next_url:
            cursor = parse_qs(urlsplit(next_url).query)["cursor"][0]
            dictionaries[f"{name}-cursor"] = [cursor]
            bind(operation, "query.cursor", f"{name}-cursor", FILTER_PROBABILITY)
        for parameter, vocabulary in VOCABULARY_FILTERS.items():
            bind(operation, f"query.{parameter}", vocabulary, FILTER_PROBABILITY)
        bind(operation, "query.municipality", "ags", FILTER_PROBABILITY)
        bind(operation, "query.q", "place-words" if name == "places" else "words", 0.5)
    bind("GET /api/v1/practices", "query.kind", "practice_kinds", FILTER_PROBABILITY)
    bind("GET /api/v1/practices", "query.type", "practice_types", FILTER_PROBABILITY)
    bind("GET /api/v1/connections", "query.actor", "actors-slugs", FILTER_PROBABILITY)
    bind("GET /api/v1/learnings", "query.project", "projects-slugs", FILTER_PROBABILITY)

    # The writes: the profiles the fuzzer's key may submit for, codes and AGS in the body.
    me = get(base, "/api/v1/me", token)
    dictionaries["own-profiles"] = sorted(profile["slug"] for profile in me["actors"])
    practice_body = {
        "body.organisation": "own-profiles",
        "body.kind": "practice_kinds",
        "body.type": "practice_types",
        "body.spatial_field": "spatial_fields",
        "body.action_fields[*]": "action_fields",
        "body.approaches[*]": "approaches",
        "body.methods[*]": "methods",
        "body.municipality": "ags",
        "body.adapted_from": "practices-slugs",
    }
    # A proposal must start in the future (and end after its start): one such pair.
    start = (dt.datetime.now(dt.UTC) + dt.timedelta(days=30)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    dictionaries["event-start"] = [start.isoformat()]
    dictionaries["event-end"] = [(start + dt.timedelta(hours=3)).isoformat()]
    event_body = {
        "body.actor": "own-profiles",
        "body.start": "event-start",
        "body.end": "event-end",
        "body.format": "event_formats",
        "body.spatial_field": "spatial_fields",
        "body.action_field": "action_fields",
        "body.approaches[*]": "approaches",
        "body.municipality": "ags",
    }
    for parameter, dictionary in practice_body.items():
        bind("POST /api/v1/practices", parameter, dictionary, BODY_PROBABILITY)
    for parameter, dictionary in event_body.items():
        bind("POST /api/v1/events", parameter, dictionary, BODY_PROBABILITY)
    return dictionaries, operations


def main() -> int:
    base, output = sys.argv[1].rstrip("/"), Path(sys.argv[2])
    dictionaries, operations = collect(base, os.environ["API_FUZZ_TOKEN"])
    empty = sorted(name for name, values in dictionaries.items() if not values)
    if empty:
        print(f"api-fuzz: no values for {', '.join(empty)} (demo data missing?)", file=sys.stderr)
        return 1
    lines = ["# Written by scripts/api_fuzz_dictionaries.py for this run.", ""]
    # No state from earlier runs (schemathesis would replay their failures first).
    lines += ["[cache]", "enabled = false", ""]
    for name, values in dictionaries.items():
        lines.append(f"[dictionaries.{toml_value(name)}]")
        lines.append(f"values = {toml_value(values)}")
    for operation, parameters in operations.items():
        lines += ["", "[[operations]]", f"include-name = {toml_value(operation)}"]
        lines.append(f"parameters = {toml_value(parameters)}")
    text = "\n".join(lines) + "\n"
    tomllib.loads(text)  # fails here, not in schemathesis, if the file is not TOML
    output.write_text(text, encoding="utf-8")
    bound = sum(len(parameters) for parameters in operations.values())
    print(
        f"api-fuzz: {len(dictionaries)} dictionaries ({sum(map(len, dictionaries.values()))} "
        f"values), {bound} parameters of {len(operations)} operations bound"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
