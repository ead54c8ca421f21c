"""Small, well-formed PDF files built byte by byte for the tests (correct xref offsets)."""

from __future__ import annotations

import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def build_pdf(objects: list[bytes], *, version: bytes = b"1.4", root: int = 1) -> bytes:
    """Join numbered objects (1-based) with a classic cross-reference table and trailer."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, root)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def simple_pdf(pages: int = 2, *, extra_catalog: bytes = b"", padding: int = 0) -> bytes:
    """A valid PDF with `pages` empty A4 pages; `padding` adds a comment of that many bytes."""
    page_numbers = range(3, 3 + pages)
    kids = b" ".join(b"%d 0 R" % n for n in page_numbers)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + extra_catalog + b">>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>" for _ in page_numbers]
    if padding:
        objects.append(b"<< /Padding true >>\n%" + b"x" * padding)
    return build_pdf(objects)


def object_stream_pdf(pages: int = 3) -> bytes:
    """A PDF 1.5 whose page tree sits in a Flate-compressed object stream."""
    inner = b"<< /Type /Pages /Kids [] /Count %d >>" % pages
    stream = zlib.compress(b"2 0 " + inner)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(stream)
        + stream
        + b"\nendstream",
    ]
    return build_pdf(objects, version=b"1.5")


def javascript_pdf(*, escaped: bool = False) -> bytes:
    name = b"/J#61vaScript" if escaped else b"/JavaScript"
    action = b"/OpenAction << /S " + name + b" /JS (app.alert(1)) >> "
    if escaped:
        action = b"/OpenAction << /S " + name + b" /J#53 (app.alert(1)) >> "
    return simple_pdf(1, extra_catalog=action)


PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def upload(data: bytes, name: str = "Zehn Erfolgsfaktoren.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")
