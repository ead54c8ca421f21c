"""The dump: one zip with every dataset as CSV, JSON and (with places) GeoJSON, a JSON Schema per
file, a README (German and English) and the licence notes.

Built by the worker (`tasks.build_opendata_dump`) into a temporary file beside the final one,
each member written through `ZipFile.open(name, "w")` from the records' batches — memory stays
constant whatever the number of records — then renamed over the old dump in one step, so a
download never sees a half-written file.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from . import formats, schemas
from .datasets import CC_BY, DATASETS, DL_DE_BY, Dataset
from .sources import SiteRequest

FILE_NAME = "quartiersnetz-offene-daten.zip"


def dump_dir() -> Path:
    return Path(getattr(settings, "OPENDATA_DUMP_DIR", settings.VAR_DIR / "opendata"))


def dump_path() -> Path:
    return dump_dir() / FILE_NAME


@dataclass(frozen=True)
class DumpInfo:
    path: Path
    size: int
    built_at: datetime
    # member name → uncompressed size in bytes
    members: dict[str, int]


def dump_info() -> DumpInfo | None:
    """The current dump's size, time and members' sizes (its central directory only), or None."""
    path = dump_path()
    try:
        stat = path.stat()
        with zipfile.ZipFile(path) as archive:
            members = {info.filename: info.file_size for info in archive.infolist()}
    except (OSError, zipfile.BadZipFile):
        return None
    built = datetime.fromtimestamp(stat.st_mtime, tz=UTC)
    return DumpInfo(path=path, size=stat.st_size, built_at=built, members=members)


def _write_text(archive: zipfile.ZipFile, name: str, chunks: Iterable[str]) -> None:
    with archive.open(name, "w", force_zip64=True) as member:
        for chunk in chunks:
            member.write(chunk.encode("utf-8"))


def _write_json(archive: zipfile.ZipFile, name: str, value: Any) -> None:
    _write_text(archive, name, [json.dumps(value, ensure_ascii=False, indent=2) + "\n"])


def members(dataset: Dataset) -> list[str]:
    names = [f"{dataset.slug}.csv", f"{dataset.slug}.json"]
    if dataset.geo:
        names.append(f"{dataset.slug}.geojson")
    return names


def write_dataset(
    archive: zipfile.ZipFile,
    dataset: Dataset,
    request: SiteRequest,
    batch_size: int | None = None,
) -> int:
    """The dataset's files and schemas; the number of records."""
    base = request.build_absolute_uri("/offene-daten/")
    count = 0

    def counted() -> Iterable[list[dict[str, Any]]]:
        nonlocal count
        for batch in dataset.source(request).batches(batch_size):
            count += len(batch)
            yield batch

    _write_text(archive, f"{dataset.slug}.csv", formats.csv_chunks(counted(), dataset.schema))
    source = dataset.source(request)
    _write_text(archive, f"{dataset.slug}.json", formats.json_chunks(source.batches(batch_size)))
    _write_json(
        archive, f"schemas/{dataset.slug}.csv.schema.json", schemas.csv_schema(dataset, base)
    )
    _write_json(archive, f"schemas/{dataset.slug}.schema.json", schemas.json_schema(dataset, base))
    if dataset.geo:
        source = dataset.source(request)
        _write_text(
            archive,
            f"{dataset.slug}.geojson",
            formats.geojson_chunks(source.batches(batch_size), dataset.key),
        )
        _write_json(
            archive,
            f"schemas/{dataset.slug}.geojson.schema.json",
            schemas.geojson_schema(dataset, base),
        )
    return count


def readme(counts: dict[str, int], built_at: datetime, site_url: str) -> str:
    lines = [
        "# Quartiersnetz – offene Daten / open data",
        "",
        f"Stand / as of: {built_at.isoformat(timespec='seconds')}",
        f"Quelle / source: {site_url}offene-daten/",
        "",
        "## Deutsch",
        "",
        "Alle öffentlichen Einträge von Quartiersnetz, je Datensatz als CSV (UTF-8, Komma, "
        "Kopfzeile) und JSON (die Einträge wie in der API unter /api/v1/), Datensätze mit Ort "
        "auch als GeoJSON (RFC 7946). Zu jeder Datei beschreibt ein JSON Schema in `schemas/` "
        "ihren Aufbau (bei CSV: eine Zeile).",
        "",
        "CSV: verschachtelte Felder sind mit `_` aufgelöst (`municipality_ags`); ein Wert aus "
        "einem Vokabular steht als Code und deutsche Bezeichnung in zwei Spalten (`kind_code`, "
        "`kind_name_de`); mehrere Werte in einer Spalte sind mit ` | ` getrennt. Die Codes "
        "erklärt `taxonomy.csv`.",
        "",
        "Lizenzen: siehe LIZENZ.md. Inhalte CC BY 4.0, Gemeindedaten dl-de/by-2-0.",
        "",
        "| Datensatz | Einträge | Dateien |",
        "| --- | --- | --- |",
    ]
    for dataset in DATASETS:
        files = ", ".join(members(dataset))
        lines.append(f"| {dataset.title_de} | {counts.get(dataset.slug, 0)} | {files} |")
    lines += [
        "",
        "## English",
        "",
        "Every public record of Quartiersnetz, per dataset as CSV (UTF-8, comma, header) and "
        "JSON (the records as the API at /api/v1/ answers them), datasets with a place also as "
        "GeoJSON (RFC 7946). A JSON Schema in `schemas/` describes each file (for CSV: a row).",
        "",
        "CSV: nested fields are flattened with `_` (`municipality_ags`); a value of a "
        "vocabulary comes as its code and its German label in two columns (`kind_code`, "
        "`kind_name_de`); several values in one column are joined with ` | `. `taxonomy.csv` "
        "explains the codes (with English labels).",
        "",
        "Licences: see LIZENZ.md. Content CC BY 4.0, municipality data dl-de/by-2-0.",
        "",
        "| Dataset | Records | Files |",
        "| --- | --- | --- |",
    ]
    for dataset in DATASETS:
        files = ", ".join(members(dataset))
        lines.append(f"| {dataset.title_en} | {counts.get(dataset.slug, 0)} | {files} |")
    return "\n".join(lines) + "\n"


def licence_notes() -> str:
    content = [d.slug for d in DATASETS if d.licence == CC_BY]
    municipal = [d.slug for d in DATASETS if d.licence == DL_DE_BY]
    return "\n".join(
        [
            "# Lizenzen / Licences",
            "",
            f"## {CC_BY.name}",
            "",
            f"{CC_BY.url}",
            "",
            f"Datensätze / datasets: {', '.join(content)}.",
            f"Namensnennung / attribution: „{CC_BY.attribution}“ (Quartiersnetz, offene Daten).",
            "Praxisbeispiele nennen ihre eigene Lizenz in der Spalte `licence` (CC BY 4.0, "
            "CC BY-SA 4.0 oder CC0). / Practices name their own licence in the column `licence`.",
            "",
            f"## {DL_DE_BY.name}",
            "",
            f"{DL_DE_BY.url}",
            "",
            f"Datensätze / datasets: {', '.join(municipal)} (sowie die Gemeindeangaben in den "
            "anderen Datensätzen / and the municipality fields of the other datasets).",
            f"Namensnennung / attribution: {DL_DE_BY.attribution}.",
            "",
        ]
    )


def write_dump(
    target: Path | io.BufferedIOBase,
    *,
    request: SiteRequest | None = None,
    batch_size: int | None = None,
) -> dict[str, int]:
    """Write the whole dump to `target` (a path or a binary file); the records per dataset."""
    request = request or SiteRequest()
    built_at = timezone.now()
    counts: dict[str, int] = {}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for dataset in DATASETS:
            counts[dataset.slug] = write_dataset(archive, dataset, request, batch_size)
        site = request.build_absolute_uri("/")
        _write_text(archive, "README.md", [readme(counts, built_at, site)])
        _write_text(archive, "LIZENZ.md", [licence_notes()])
    return counts


def build_dump(batch_size: int | None = None) -> dict[str, int]:
    """Build the dump into a temporary file beside the final one, then rename it over the old
    one (atomic on the same file system); the records per dataset."""
    directory = dump_dir()
    directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".dump-", suffix=".zip", dir=directory)
    try:
        with os.fdopen(handle, "wb") as target:
            counts = write_dump(target, batch_size=batch_size)
        os.chmod(temporary, 0o644)  # public open data, read by the web server
        os.replace(temporary, dump_path())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return counts
