"""Validation of uploaded PDF attachments by content, size and name (no PDF library needed).

An upload is accepted only if

- its name ends in ``.pdf`` (the extension check, for the user's sake — not trusted),
- it is not empty and at most ``PUBLICATION_ATTACHMENT_MAX_BYTES`` (default 20 MB),
- its *content* is a PDF: it starts with the ``%PDF-1.x`` / ``%PDF-2.x`` header at byte 0 (so
  a renamed image, an HTML page or a polyglot with a prefix is refused), it ends with ``%%EOF``
  after a ``startxref`` whose offset lies inside the file and points at a cross-reference table
  or stream, and it has a document catalogue (``/Root``) and at least one indirect object,
- it carries no active content in its dictionaries — outside stream data, and inside
  Flate-compressed object streams (``/JavaScript``, ``/JS``, ``/Launch``; names written with
  ``#xx`` escapes are decoded first). Stream data itself is not scanned: binary bytes would
  match these names by chance, and actions can only be declared in dictionaries.

The page count is read cheaply from the page tree (``/Type /Pages … /Count n``), also inside
Flate-compressed object streams; when it cannot be found it stays unknown (``None``).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import slugify
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Decompressed object streams are read at most up to this many bytes in total (zip bombs).
MAX_INFLATED_BYTES = 64 * 1024 * 1024

_HEADER = re.compile(rb"%PDF-[12]\.\d")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF", re.S)
_XREF_AT = re.compile(rb"\s*(xref\b|\d+\s+\d+\s+obj\b)")
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
# A forbidden name as such, or any name written with #xx escapes (decoded, then compared).
_SUSPECT_NAME = re.compile(
    rb"/(?:JavaScript|JS|Launch)(?![A-Za-z0-9#])|/[A-Za-z0-9]{0,40}#[0-9A-Fa-f]{2}[A-Za-z0-9#]{0,40}"
)
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_FORBIDDEN_NAMES = frozenset({b"/JavaScript", b"/JS", b"/Launch"})
_PAGES_COUNT = (
    re.compile(rb"/Type\s*/Pages\b[^>]{0,400}?/Count\s+(\d+)", re.S),
    re.compile(rb"/Count\s+(\d+)[^>]{0,400}?/Type\s*/Pages\b", re.S),
)
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_OBJSTM = re.compile(rb"/Type\s*/ObjStm\b")
_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")

_GERMAN_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


@dataclass(frozen=True)
class PdfInfo:
    data: bytes
    size: int
    page_count: int | None
    file_name: str


def max_bytes() -> int:
    return int(getattr(settings, "PUBLICATION_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def safe_file_name(name: str) -> str:
    """A download name from the uploaded one: 'Zehn Erfolgsfaktoren (2021).PDF' →
    'zehn-erfolgsfaktoren-2021.pdf'; never a path, never empty."""
    stem = PurePath(name.replace("\\", "/")).name
    if stem.lower().endswith(".pdf"):
        stem = stem[:-4]
    base = slugify(stem.translate(_GERMAN_TRANSLITERATION))[:100].strip("-_")
    return f"{base or 'dokument'}.pdf"


def _too_large(limit: int) -> ValidationError:
    return ValidationError(
        _("Die Datei ist zu groß (höchstens %(mb)s MB).") % {"mb": limit // (1024 * 1024)},
        code="too_large",
    )


def _not_a_pdf() -> ValidationError:
    return ValidationError(
        _("Die Datei ist kein lesbares PDF-Dokument."),
        code="invalid_pdf",
    )


def _inflated_object_streams(data: bytes) -> list[bytes]:
    """The decompressed content of Flate-encoded object streams (where modern PDFs keep
    their page objects), read up to MAX_INFLATED_BYTES in total."""
    chunks: list[bytes] = []
    budget = MAX_INFLATED_BYTES
    for match in _OBJSTM.finditer(data):
        obj_start = data.rfind(b"obj", 0, match.start())
        stream_at = data.find(b"stream", match.end(), match.end() + 2000)
        if obj_start < 0 or stream_at < 0:
            continue
        if b"/FlateDecode" not in data[obj_start:stream_at]:
            continue
        start = stream_at + len(b"stream")
        if data[start : start + 2] == b"\r\n":
            start += 2
        elif data[start : start + 1] in (b"\n", b"\r"):
            start += 1
        end = data.find(b"endstream", start)
        if end < 0:
            continue
        try:
            inflated = zlib.decompressobj().decompress(data[start:end], budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        chunks.append(inflated)
        if budget <= 0:
            break
    return chunks


def _without_streams(data: bytes) -> bytes:
    """The file with the bytes of every stream left out: dictionaries (where actions and the
    page tree live) stay, compressed or binary data (which matches anything by chance) goes."""
    parts: list[bytes] = []
    pos = 0
    while True:
        match = _STREAM_START.search(data, pos)
        if match is None:
            break
        parts.append(data[pos : match.start()])
        end = data.find(b"endstream", match.end())
        if end < 0:
            pos = len(data)
            break
        pos = end + len(b"endstream")
    parts.append(data[pos:])
    return b"".join(parts)


def _has_active_content(chunk: bytes) -> bool:
    for match in _SUSPECT_NAME.finditer(chunk):
        name = match.group()
        if b"#" in name:
            name = _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name)
        if name in _FORBIDDEN_NAMES:
            return True
    return False


def _page_count(chunks: list[bytes]) -> int | None:
    counts = [int(m.group(1)) for c in chunks for rx in _PAGES_COUNT for m in rx.finditer(c)]
    if counts:
        return max(counts) or None
    pages = sum(len(_PAGE_OBJECT.findall(c)) for c in chunks)
    return pages or None


def inspect_pdf(data: bytes) -> int | None:
    """Check that `data` is a PDF without active content; return its page count if known."""
    if not _HEADER.match(data):
        raise _not_a_pdf()
    tail = data[-2048:]
    xrefs = list(_STARTXREF.finditer(tail))
    if not xrefs:
        raise _not_a_pdf()
    offset = int(xrefs[-1].group(1))
    if offset >= len(data) or not _XREF_AT.match(data, offset):
        raise _not_a_pdf()
    if b"/Root" not in data or not _OBJ.search(data) or b"endobj" not in data:
        raise _not_a_pdf()
    chunks = [_without_streams(data), *_inflated_object_streams(data)]
    if any(_has_active_content(c) for c in chunks):
        raise ValidationError(
            _("PDF-Dateien mit eingebetteten Skripten oder Startbefehlen werden nicht angenommen."),
            code="active_content",
        )
    return _page_count(chunks)


def validate_pdf_upload(upload: UploadedFile) -> PdfInfo:
    """Validate an uploaded PDF; raise ValidationError (German message) or return its facts."""
    name = upload.name or ""
    if not name.lower().endswith(".pdf"):
        raise ValidationError(
            _("Nur PDF-Dateien (Endung .pdf) können angehängt werden."), code="extension"
        )
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise _too_large(limit)
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    if not data:
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    page_count = inspect_pdf(data)
    return PdfInfo(data=data, size=len(data), page_count=page_count, file_name=safe_file_name(name))
