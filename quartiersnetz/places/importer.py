"""Build and load the project's municipality table.

`build_rows` turns the Destatis GV-ISys extract (shared/data, UTF-8 CSV with BOM)
into the project's own compact CSV (quartiersnetz/places/data/municipalities.csv),
which is committed so that a fresh clone needs nothing outside the repository.
`read_rows` reads that file; `sync_municipalities` writes it into the table for the
data migrations and the `load_municipalities` command.

Each municipality gets a `label` that is unique (also after `fold`): "Name (Bundesland)",
or, where that is not unique, more precise forms (see `assign_labels`). The label is what
the autocomplete puts into the form field and what `MunicipalityField` resolves.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

from quartiersnetz.core.text import fold

from .models import SizeClass, State

DATA_FILE = Path(__file__).resolve().parent / "data" / "municipalities.csv"

COLUMNS = [
    "ags", "ars", "name", "label", "official_name", "state", "district", "population",
    "area_km2", "postal_code", "latitude", "longitude", "urbanisation",
]  # fmt: skip

# Satzart (record kind) of the GV-ISys extract and Textkennzeichen of municipality rows.
RECORD_DISTRICT = "40"
RECORD_MUNICIPALITY = "60"
UNINCORPORATED = {"65", "66"}  # gemeindefreies Gebiet, bewohnt / unbewohnt
UNINCORPORATED_LABEL = "gemeindefreies Gebiet"

STATE_NAMES = {code: str(label) for code, label in State.choices}


def _number(value: str) -> str:
    """' 1 234' → '1234' (spaces or no-break spaces as thousands separators)."""
    return value.replace("\u00a0", "").replace(" ", "").strip()


def _decimal_comma(value: str) -> str:
    """' 9,43751' → '9.43751'."""
    return _number(value).replace(",", ".")


def _coordinate(value: str) -> str:
    """A WGS84 degree with a decimal point, or '' when missing (the source uses 0 for none)."""
    number = _decimal_comma(value)
    if not number or Decimal(number) == 0:
        return ""
    return number


def display_name(official_name: str) -> str:
    """The name without the official suffixes after the first comma.

    'Flensburg, Stadt' → 'Flensburg'; 'Freiberg, Stadt, Universitätsstadt' → 'Freiberg';
    'Sachsenwald (Forstgutsbez.),gemfr.Geb.' → 'Sachsenwald (Forstgutsbez.)'.
    """
    name = official_name.split(",", 1)[0].strip()
    return name or official_name.strip()


def _format(name: str, *qualifiers: str) -> str:
    parts = [part for part in qualifiers if part]
    return f"{name} ({', '.join(parts)})" if parts else name


def label_candidates(row: dict[str, str]) -> list[str | None]:
    """Labels from the shortest to the most precise; `None` where a level does not apply."""
    name, district, ags = row["name"], row["district"], row["ags"]
    state = STATE_NAMES.get(row["state"], row["state"])
    extra = UNINCORPORATED_LABEL if row.get("unincorporated") else ""
    official = row.get("official_name", name)
    return [
        # Berlin, Hamburg, Bremen: the city is the Land.
        name if name == state and not extra else _format(name, extra, state),
        _format(name, extra, district, state) if district else None,
        _format(official, extra, district, state) if official != name else None,
        _format(name, extra, district, state, ags),
    ]


def assign_labels(rows: list[dict[str, str]]) -> None:
    """Give every row a `label` that no other row has (compared after `fold`).

    Level by level, a row takes the first candidate no other row shares; a candidate
    that several rows share is reserved, so "Kleve (Schleswig-Holstein)" (two villages)
    never becomes the label of one of them while the text means both.
    Levels: "Name (Land)" → "Name (Kreis, Land)" → "Amtlicher Name (Kreis, Land)" →
    "Name (Kreis, Land, AGS)". Gemeindefreie Gebiete always say so in their label, so
    that "Helmstedt (Niedersachsen)" stays the town and not the forest next to it.
    """
    taken: set[str] = set()
    pending = list(rows)
    for level in range(4):
        candidates = [(row, label_candidates(row)[level]) for row in pending]
        counts = Counter(fold(label) for _, label in candidates if label)
        pending = []
        for row, label in candidates:
            key = fold(label) if label else ""
            if label and counts[key] == 1 and key not in taken:
                row["label"] = label
                taken.add(key)
            else:
                pending.append(row)
        taken.update(key for key, count in counts.items() if count > 1)
    if pending:  # pragma: no cover - the AGS level is unique by construction
        raise ValueError(f"no unique label for {[row['ags'] for row in pending]}")


def build_rows(source: Path) -> list[dict[str, str]]:
    """Rows for the project's data file (see COLUMNS) from a GV-ISys CSV extract."""
    districts: dict[str, str] = {}
    rows: list[dict[str, str]] = []
    with source.open(encoding="utf-8-sig", newline="") as handle:
        for record in csv.DictReader(handle):
            kind = record["satzart"].strip()
            key = record["land"] + record["rb"] + record["kreis"]
            if kind == RECORD_DISTRICT:
                districts[key] = display_name(record["gemeindename"])
                continue
            if kind != RECORD_MUNICIPALITY:
                continue
            ags = key + record["gemeinde"]
            if len(ags) != 8 or not ags.isdigit():
                raise ValueError(f"unexpected key {ags!r} for {record['gemeindename']!r}")
            official_name = " ".join(record["gemeindename"].split())
            rows.append(
                {
                    "ags": ags,
                    "ars": key + record["vb"] + record["gemeinde"],
                    "name": display_name(official_name),
                    "official_name": official_name,
                    "state": record["land"],
                    "district": districts.get(key, ""),
                    "population": _number(record["bevoelkerung"]) or "0",
                    "area_km2": _decimal_comma(record["flaeche"]),
                    "postal_code": record["postleitzahl"].strip(),
                    "latitude": _coordinate(record["breitengrad"]),
                    "longitude": _coordinate(record["laengengrad"]),
                    "urbanisation": record["verstaedterungschluessel"].strip().lstrip("0"),
                    "unincorporated": "1"
                    if record["textkennzeichen"].strip() in UNINCORPORATED
                    else "",
                }
            )
    assign_labels(rows)
    return rows


def write_rows(rows: Iterable[dict[str, str]], target: Path = DATA_FILE) -> int:
    count = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore"
        )
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def size_class_for(population: int) -> str:
    """BBSR size class: Großstadt ≥ 100 000, Mittelstadt ≥ 20 000, Kleinstadt ≥ 5 000."""
    return SizeClass.for_population(population).value


def read_rows(source: Path = DATA_FILE) -> Iterator[dict[str, Any]]:
    """Model field values for each municipality in the project's data file."""
    with source.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            population = int(row["population"] or 0)
            yield {
                "ags": row["ags"],
                "ars": row["ars"],
                "name": row["name"],
                "label": row["label"],
                "official_name": row["official_name"],
                "state": row["state"],
                "district": row["district"],
                "population": population,
                "area_km2": Decimal(row["area_km2"]) if row["area_km2"] else None,
                "postal_code": row["postal_code"],
                "latitude": float(row["latitude"]) if row["latitude"] else None,
                "longitude": float(row["longitude"]) if row["longitude"] else None,
                "size_class": size_class_for(population),
                "urbanisation": row["urbanisation"],
                "search_name": fold(row["name"]),
                "search_label": fold(row["label"]),
            }


def sync_municipalities(
    model: Any, rows: Iterable[dict[str, Any]], *, using: str = DEFAULT_DB_ALIAS
) -> tuple[int, int]:
    """Create missing and update existing municipalities (by AGS); returns (created, updated).

    `model` may be a historical model from a migration: only the fields it has are written.
    Municipalities that are no longer in the data stay (records may point at them).
    Updates run as one `executemany` per set of changed columns, which is far faster than
    `bulk_update` for thousands of rows on SQLite and PostgreSQL alike.
    """
    meta = model._meta
    fields = {f.name: f for f in meta.concrete_fields if not f.primary_key and f.name != "ags"}
    manager = model._base_manager.using(using)
    existing = {m.ags: m for m in manager.all()}
    created = []
    updates: dict[tuple[str, ...], list[tuple[Any, ...]]] = defaultdict(list)
    connection = connections[using]
    for row in rows:
        values = {key: value for key, value in row.items() if key in fields}
        current = existing.get(row["ags"])
        if current is None:
            created.append(model(ags=row["ags"], **values))
            continue
        differing = tuple(sorted(k for k, v in values.items() if getattr(current, k) != v))
        if differing:
            params = [fields[key].get_db_prep_save(values[key], connection) for key in differing]
            updates[differing].append((*params, current.pk))
    manager.bulk_create(created, batch_size=2000)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for names, params_list in updates.items():
            assignments = ", ".join(f"{quote(fields[name].column)} = %s" for name in names)
            sql = (
                f"UPDATE {quote(meta.db_table)} SET {assignments} "  # noqa: S608 - names from the model
                f"WHERE {quote(meta.pk.column)} = %s"
            )
            # nosemgrep: qn-sql-formatted -- model's table/columns, quoted; values are params
            cursor.executemany(sql, params_list)
    return len(created), sum(len(params) for params in updates.values())
