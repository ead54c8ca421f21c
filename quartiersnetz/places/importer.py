"""Build and load the project's municipality table.

`build_rows` turns the Destatis GV-ISys extract (shared/data, UTF-8 CSV with BOM)
into the project's own compact CSV (quartiersnetz/places/data/municipalities.csv),
which is committed so that a fresh clone needs nothing outside the repository.
`load_rows` reads that file for the data migration and the `load_municipalities` command.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

from quartiersnetz.core.text import fold

DATA_FILE = Path(__file__).resolve().parent / "data" / "municipalities.csv"

COLUMNS = [
    "ags", "ars", "name", "official_name", "state", "district", "population", "area_km2",
    "postal_code", "latitude", "longitude", "urbanisation",
]  # fmt: skip

# ", Stadt", ", Landeshauptstadt", ", Hansestadt", ", Universitätsstadt", …
_SUFFIX = re.compile(r",\s*[^,]*$")


def _number(value: str) -> str:
    return value.replace("\u00a0", "").replace(" ", "").strip()


def _decimal_comma(value: str) -> str:
    return _number(value).replace(",", ".")


def display_name(official_name: str) -> str:
    """'Flensburg, Stadt' → 'Flensburg'; names without a suffix stay as they are."""
    return _SUFFIX.sub("", official_name).strip() or official_name.strip()


def build_rows(source: Path) -> list[dict[str, str]]:
    districts: dict[str, str] = {}
    rows: list[dict[str, str]] = []
    with source.open(encoding="utf-8-sig", newline="") as handle:
        for record in csv.DictReader(handle):
            kind = record["satzart"]
            if kind == "40":
                districts[record["land"] + record["rb"] + record["kreis"]] = display_name(
                    record["gemeindename"]
                )
            if kind != "60":
                continue
            ags = record["land"] + record["rb"] + record["kreis"] + record["gemeinde"]
            ars = record["land"] + record["rb"] + record["kreis"] + record["vb"] + record["gemeinde"]
            rows.append(
                {
                    "ags": ags,
                    "ars": ars,
                    "name": display_name(record["gemeindename"]),
                    "official_name": record["gemeindename"].strip(),
                    "state": record["land"],
                    "district": districts.get(ags[:5], ""),
                    "population": _number(record["bevoelkerung"]) or "0",
                    "area_km2": _decimal_comma(record["flaeche"]),
                    "postal_code": record["postleitzahl"].strip(),
                    "latitude": _decimal_comma(record["breitengrad"]),
                    "longitude": _decimal_comma(record["laengengrad"]),
                    "urbanisation": record["verstaedterungschluessel"].strip().lstrip("0"),
                }
            )
    return rows


def write_rows(rows: Iterable[dict[str, str]], target: Path = DATA_FILE) -> int:
    count = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def size_class_for(population: int) -> str:
    if population >= 100_000:
        return "grossstadt"
    if population >= 20_000:
        return "mittelstadt"
    if population >= 5_000:
        return "kleinstadt"
    return "landgemeinde"


def read_rows(source: Path = DATA_FILE) -> Iterator[dict[str, object]]:
    """Model field values for each municipality in the project's data file."""
    with source.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            population = int(row["population"] or 0)
            yield {
                "ags": row["ags"],
                "ars": row["ars"],
                "name": row["name"],
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
            }
