"""PDF attachments are checked by content, size and extension; names are made safe."""

import pytest
from django.core.exceptions import ValidationError

from quartiersnetz.publications.pdf import inspect_pdf, safe_file_name, validate_pdf_upload

from .pdfs import PNG_BYTES, javascript_pdf, object_stream_pdf, simple_pdf, upload


def codes(exc_info) -> set[str]:
    return {e.code for e in exc_info.value.error_list}


def test_a_real_pdf_is_accepted_with_size_page_count_and_safe_name():
    data = simple_pdf(3)
    info = validate_pdf_upload(upload(data, "Zehn Erfolgsfaktoren (Fassung 2021).PDF"))
    assert info.size == len(data)
    assert info.page_count == 3
    assert info.file_name == "zehn-erfolgsfaktoren-fassung-2021.pdf"
    assert info.data == data


def test_the_page_count_is_read_from_a_compressed_object_stream():
    assert inspect_pdf(object_stream_pdf(pages=7)) == 7


def test_a_pdf_without_a_page_tree_has_an_unknown_page_count():
    from .pdfs import build_pdf

    assert inspect_pdf(build_pdf([b"<< /Type /Catalog >>"])) is None


@pytest.mark.parametrize(
    "data",
    [
        PNG_BYTES,  # an image renamed to .pdf
        b"<html><body>%PDF-1.4</body></html>",  # a web page
        b"MZ\x90\x00" + simple_pdf(1),  # a prefix before the header (polyglot)
        simple_pdf(1)[:-30],  # truncated: no startxref / %%EOF
        b"%PDF-1.4\n%%EOF\n",  # a header and an end, nothing in between
        simple_pdf(1).replace(b"startxref\n", b"startxref\n9").replace(b"%%EOF", b"%%EOF"),
        b"%PDF-1.7\nstartxref\n0\n%%EOF\n",  # points at itself, no objects
        b"PK\x03\x04" + b"\x00" * 100,  # a zip/docx renamed
    ],
    ids=["png", "html", "prefix", "truncated", "empty-body", "bad-xref", "no-objects", "zip"],
)
def test_disguised_or_broken_files_named_pdf_are_rejected(data):
    with pytest.raises(ValidationError) as exc_info:
        validate_pdf_upload(upload(data, "bericht.pdf"))
    assert codes(exc_info) == {"invalid_pdf"}
    assert "kein lesbares PDF" in str(exc_info.value)


@pytest.mark.parametrize("escaped", [False, True])
def test_pdfs_with_javascript_are_rejected(escaped):
    with pytest.raises(ValidationError) as exc_info:
        validate_pdf_upload(upload(javascript_pdf(escaped=escaped)))
    assert codes(exc_info) == {"active_content"}


@pytest.mark.parametrize("name", ["bericht.docx", "bericht.pdf.exe", "bericht", "bericht.html"])
def test_a_wrong_extension_is_rejected_even_with_pdf_content(name):
    with pytest.raises(ValidationError) as exc_info:
        validate_pdf_upload(upload(simple_pdf(1), name))
    assert codes(exc_info) == {"extension"}


def test_too_large_files_are_rejected(settings):
    settings.PUBLICATION_ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024
    small = simple_pdf(1)
    assert validate_pdf_upload(upload(small)).size == len(small)
    large = simple_pdf(1, padding=2 * 1024 * 1024)
    with pytest.raises(ValidationError) as exc_info:
        validate_pdf_upload(upload(large))
    assert codes(exc_info) == {"too_large"}
    assert "höchstens 2 MB" in str(exc_info.value)


def test_too_large_is_detected_by_reading_even_if_the_declared_size_lies(settings):
    settings.PUBLICATION_ATTACHMENT_MAX_BYTES = 1024 * 1024
    large = upload(simple_pdf(1, padding=1024 * 1024))
    large.size = 10
    with pytest.raises(ValidationError) as exc_info:
        validate_pdf_upload(large)
    assert codes(exc_info) == {"too_large"}


def test_the_default_limit_is_20_mb():
    from quartiersnetz.publications.pdf import max_bytes

    assert max_bytes() == 20 * 1024 * 1024


def test_an_empty_file_is_rejected():
    with pytest.raises(ValidationError) as exc_info:
        validate_pdf_upload(upload(b""))
    assert codes(exc_info) == {"empty"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\Ärger\\Übersicht Straße.pdf", "uebersicht-strasse.pdf"),
        ('"; rm -rf /.pdf', "dokument.pdf"),
        ('"; rm -rf $HOME.pdf', "rm-rf-home.pdf"),
        (".pdf", "dokument.pdf"),
        ("Ümläute & Co. 2021.pdf", "uemlaeute-co-2021.pdf"),
        ("a" * 300 + ".pdf", "a" * 100 + ".pdf"),
    ],
)
def test_safe_file_names(name, expected):
    assert safe_file_name(name) == expected


def test_binary_stream_data_that_happens_to_contain_js_is_not_a_false_alarm():
    from .pdfs import build_pdf

    payload = b"\x00\x9f/JS \x01/Launch\n\xff/JavaScript)"
    data = build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [] /Count 1 >>",
            b"<< /Length %d >>\nstream\n" % len(payload) + payload + b"\nendstream",
        ]
    )
    assert inspect_pdf(data) == 1


def test_javascript_hidden_in_a_compressed_object_stream_is_rejected():
    import zlib

    from .pdfs import build_pdf

    stream = zlib.compress(b"2 0 << /S /JavaScript /JS (app.alert(1)) >>")
    data = build_pdf(
        [
            b"<< /Type /Catalog /OpenAction 2 0 R >>",
            b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n"
            % len(stream)
            + stream
            + b"\nendstream",
        ]
    )
    with pytest.raises(ValidationError) as exc_info:
        inspect_pdf(data)
    assert codes(exc_info) == {"active_content"}
