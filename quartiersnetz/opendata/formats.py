"""The files of a dataset, written piece by piece from its record batches (constant memory).

- JSON: an array of the records exactly as the API answers them.
- CSV: one row per record, one column per scalar field; nested objects are flattened with `_`
  (`municipality_ags`, `municipality_state_code`); a coded value becomes two columns, its code
  and its German label (`kind_code`, `kind_name_de`; the English labels are in the JSON and the
  taxonomy dataset); a list (several action fields, several partners) is one column per part,
  its values joined with " | " (`action_fields_code` = `centres | quarters`). Empty is empty;
  true/false as `true`/`false`; times in ISO 8601 (UTC).
- CSV for spreadsheets: the same with `;` between fields and a UTF-8 byte order mark, which
  Excel needs to read the umlauts.
- GeoJSON (RFC 7946): a FeatureCollection of the records with a place, a Point in WGS 84
  (longitude, latitude) and the record as the feature's properties.
"""

from __future__ import annotations

import csv
import io
import json
import types
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Union, get_args, get_origin

from django.core.serializers.json import DjangoJSONEncoder
from pydantic import BaseModel

SEPARATOR = " | "
BOM = "\ufeff"
# Keys of a coded value left out of the CSV (the German label stays beside the code).
CSV_LEFT_OUT = {"name_en"}


@dataclass(frozen=True)
class Column:
    name: str
    path: tuple[str, ...]  # keys from the record to the value
    many: int  # how many of the keys on the way are lists (0: a single value)


def _inner(annotation: Any) -> tuple[Any, bool]:
    """The annotation without `| None`, and whether it is a list."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _inner(args[0])
    if origin is list:
        inner, _many = _inner(get_args(annotation)[0])
        return inner, True
    return annotation, False


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def columns(schema: type[BaseModel]) -> list[Column]:
    """The CSV columns of records of `schema`, in the schema's field order."""
    found: list[Column] = []

    def walk(model: type[BaseModel], prefix: tuple[str, ...], many: int) -> None:
        for name, info in model.model_fields.items():
            if prefix and name in CSV_LEFT_OUT:
                continue
            inner, is_list = _inner(info.annotation)
            depth = many + (1 if is_list else 0)
            if _is_model(inner):
                walk(inner, (*prefix, name), depth)
            else:
                found.append(Column("_".join((*prefix, name)), (*prefix, name), depth))

    walk(schema, (), 0)
    return found


_ENCODER = DjangoJSONEncoder()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return json.dumps(value)
    return str(_ENCODER.default(value))


def _values(value: Any, path: tuple[str, ...]) -> list[Any]:
    """Every value at `path` below `value`, lists flattened in order."""
    if not path:
        return value if isinstance(value, list) else [value]
    if value is None:
        return []
    if isinstance(value, list):
        return [found for item in value for found in _values(item, path)]
    return _values(value.get(path[0]), path[1:])


def flatten(record: dict[str, Any], cols: list[Column]) -> dict[str, str]:
    """A record as one CSV row (column name → text)."""
    row: dict[str, str] = {}
    for column in cols:
        values = _values(record, column.path)
        if column.many:
            row[column.name] = SEPARATOR.join(_text(v) for v in values)
        else:
            row[column.name] = _text(values[0]) if values else ""
    return row


class _Lines(io.StringIO):
    """A buffer the csv module writes to, emptied after every row."""

    def take(self) -> str:
        text = self.getvalue()
        self.seek(0)
        self.truncate(0)
        return text


def csv_chunks(
    batches: Iterable[list[dict[str, Any]]], schema: type[BaseModel], *, excel: bool = False
) -> Iterator[str]:
    """The CSV text, one chunk per batch (the header first)."""
    cols = columns(schema)
    buffer = _Lines()
    writer = csv.DictWriter(
        buffer,
        fieldnames=[c.name for c in cols],
        delimiter=";" if excel else ",",
        lineterminator="\r\n",
    )
    writer.writeheader()
    yield (BOM if excel else "") + buffer.take()
    for batch in batches:
        writer.writerows(flatten(record, cols) for record in batch)
        yield buffer.take()


def _dumps(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def json_chunks(batches: Iterable[list[dict[str, Any]]]) -> Iterator[str]:
    """A JSON array of the records, one record a line."""
    yield "["
    first = True
    for batch in batches:
        if not batch:
            continue
        text = ",\n".join(_dumps(record) for record in batch)
        yield ("\n" if first else ",\n") + text
        first = False
    yield "\n]\n"


def point(record: dict[str, Any]) -> list[float] | None:
    """[longitude, latitude] of a record: its `location`, else its own coordinates."""
    location = record.get("location")
    if isinstance(location, dict):
        return [location["longitude"], location["latitude"]]
    latitude, longitude = record.get("latitude"), record.get("longitude")
    if latitude is not None and longitude is not None:
        return [longitude, latitude]
    return None


def feature(record: dict[str, Any], key: str) -> dict[str, Any] | None:
    coordinates = point(record)
    if coordinates is None:
        return None
    return {
        "type": "Feature",
        "id": record[key],
        "geometry": {"type": "Point", "coordinates": coordinates},
        "properties": record,
    }


def geojson_chunks(batches: Iterable[list[dict[str, Any]]], key: str) -> Iterator[str]:
    """An RFC 7946 FeatureCollection of the records with a place (the others are left out)."""
    yield '{"type":"FeatureCollection","features":['
    first = True
    for batch in batches:
        features = [f for f in (feature(record, key) for record in batch) if f is not None]
        if not features:
            continue
        text = ",\n".join(_dumps(f) for f in features)
        yield ("\n" if first else ",\n") + text
        first = False
    yield "\n]}\n"
