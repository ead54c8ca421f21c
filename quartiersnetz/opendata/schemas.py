"""JSON Schemas of the dump's files (draft 2020-12): the JSON array of records (from the API's
own record schema), a CSV row (every column, as text) and the GeoJSON FeatureCollection."""

from __future__ import annotations

from typing import Any

from .datasets import Dataset
from .formats import columns

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(dataset: Dataset, base_url: str) -> dict[str, Any]:
    record = dataset.schema.model_json_schema(ref_template="#/$defs/{model}")
    definitions = record.pop("$defs", {})
    return {
        "$schema": DRAFT,
        "$id": f"{base_url}schemas/{dataset.slug}.schema.json",
        "title": f"{dataset.title_de} / {dataset.title_en} (JSON)",
        "type": "array",
        "items": {"$ref": "#/$defs/record"},
        "$defs": {**definitions, "record": record},
    }


def csv_schema(dataset: Dataset, base_url: str) -> dict[str, Any]:
    """A row of the CSV file as `csv.DictReader` reads it: every column, as text."""
    names = [column.name for column in columns(dataset.schema)]
    return {
        "$schema": DRAFT,
        "$id": f"{base_url}schemas/{dataset.slug}.csv.schema.json",
        "title": f"{dataset.title_de} / {dataset.title_en} (CSV, eine Zeile / one row)",
        "description": (
            "Mehrere Werte in einer Spalte sind mit ' | ' getrennt. / Several values in one "
            "column are joined with ' | '."
        ),
        "type": "object",
        "properties": {name: {"type": "string"} for name in names},
        "required": names,
        "additionalProperties": False,
    }


def geojson_schema(dataset: Dataset, base_url: str) -> dict[str, Any]:
    record = json_schema(dataset, base_url)
    position = {
        "type": "array",
        "prefixItems": [
            {"type": "number", "minimum": -180, "maximum": 180},
            {"type": "number", "minimum": -90, "maximum": 90},
        ],
        "minItems": 2,
        "maxItems": 2,
    }
    return {
        "$schema": DRAFT,
        "$id": f"{base_url}schemas/{dataset.slug}.geojson.schema.json",
        "title": f"{dataset.title_de} / {dataset.title_en} (GeoJSON, RFC 7946)",
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"const": "FeatureCollection"},
            "features": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["type", "geometry", "properties"],
                    "properties": {
                        "type": {"const": "Feature"},
                        "id": {"type": ["string", "integer"]},
                        "geometry": {
                            "type": "object",
                            "required": ["type", "coordinates"],
                            "properties": {
                                "type": {"const": "Point"},
                                "coordinates": position,
                            },
                        },
                        "properties": {"$ref": "#/$defs/record"},
                    },
                },
            },
        },
        "$defs": {**record["$defs"]},
    }
