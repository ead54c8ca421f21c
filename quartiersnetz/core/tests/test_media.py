"""Public uploads under MEDIA_URL (quartiersnetz.core.media, docs/decisions/0006).

Most tests put files on disk in a FileSystemStorage under the per-test MEDIA_ROOT, which is
what `make run` serves; one checks the test settings' InMemoryStorage is served alike.
"""

from __future__ import annotations

import importlib
import io
import os
import re
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.http import http_date
from PIL import Image

from quartiersnetz.core.media import upload_name

CSP = "sandbox; default-src 'none'"


def image_bytes(fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 6), (20, 120, 200)).save(out, format=fmt)
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """A FileSystemStorage on the per-test MEDIA_ROOT, with a file outside it to reach for."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.SERVE_MEDIA = True
    (root / "logos" / "2026").mkdir(parents=True)
    (root / "practices" / "2026").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("outside MEDIA_ROOT")
    return root


def put(root: Path, name: str, data: bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def fetch(client, url: str, method: str = "get", **extra):
    """The response with its body read into `.body` (reading it to the end closes the file)."""
    response = getattr(client, method)(url, **extra)
    if response.streaming:
        response.body = b"".join(response.streaming_content)
    else:
        response.body = response.content
    return response


@pytest.mark.parametrize(
    ("name", "fmt", "content_type"),
    [
        ("logos/2026/nord-0123456789abcdef.png", "PNG", "image/png"),
        ("practices/2026/garten-0123456789abcdef.jpg", "JPEG", "image/jpeg"),
        ("practices/2026/garten.JPEG", "JPEG", "image/jpeg"),
        ("logos/2026/alt.gif", "GIF", "image/gif"),
        ("logos/2026/neu.webp", "WEBP", "image/webp"),
    ],
)
def test_images_are_shown_inline_with_their_type_and_safe_headers(
    client, media, name, fmt, content_type
):
    data = image_bytes(fmt)
    put(media, name, data)
    response = fetch(client, f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Length"] == str(len(data))
    assert response["X-Content-Type-Options"] == "nosniff"
    # The CSP middleware keeps the view's own, stricter policy.
    assert response["Content-Security-Policy"] == CSP
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    assert "Set-Cookie" not in response
    assert response.body == data


@pytest.mark.parametrize(
    "name",
    [
        "logos/2026/bild.svg",  # scripts run in an SVG opened as a document
        "logos/2026/seite.html",
        "practices/2026/doku.pdf",
        "practices/2026/ohne-endung",
        "logos/2026/bild.png.html",
    ],
)
def test_other_files_are_downloads_as_opaque_bytes(client, media, name):
    put(media, name, b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    response = fetch(client, f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == CSP


def test_an_image_name_with_html_inside_is_still_no_document(client, media):
    """A polyglot named .png is answered as image/png, never sniffed as HTML."""
    put(media, "logos/2026/poly.png", b"<html><script>alert(1)</script></html>")
    response = fetch(client, "/media/logos/2026/poly.png")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == CSP


def test_head_answers_the_headers_without_the_body(client, media):
    data = image_bytes()
    put(media, "logos/2026/a.png", data)
    response = fetch(client, "/media/logos/2026/a.png", "head")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Length"] == str(len(data))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == CSP
    assert response["ETag"] == fetch(client, "/media/logos/2026/a.png")["ETag"]
    assert response.body == b""
    download = fetch(client, "/media/logos/2026/a.png.txt", "head")
    assert download.status_code == 404
    put(media, "logos/2026/a.txt", b"x")
    download = fetch(client, "/media/logos/2026/a.txt", "head")
    assert download["Content-Disposition"].startswith("attachment")


def test_conditional_get_answers_304_with_the_cache_headers(client, media):
    path = put(media, "logos/2026/a.png", image_bytes())
    first = fetch(client, "/media/logos/2026/a.png")
    etag, last_modified = first["ETag"], first["Last-Modified"]

    by_etag = fetch(client, "/media/logos/2026/a.png", HTTP_IF_NONE_MATCH=etag)
    assert by_etag.status_code == 304
    assert by_etag.body == b""
    assert by_etag["ETag"] == etag
    assert by_etag["Cache-Control"] == "public, max-age=86400"
    assert by_etag["X-Content-Type-Options"] == "nosniff"

    by_date = fetch(client, "/media/logos/2026/a.png", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert by_date.status_code == 304

    other = fetch(client, "/media/logos/2026/a.png", HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200

    # A changed file has a new validator.
    stat = path.stat()
    path.write_bytes(image_bytes("GIF"))
    os.utime(path, (stat.st_atime, stat.st_mtime + 10))
    changed = fetch(client, "/media/logos/2026/a.png", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed["Last-Modified"] == http_date(int(stat.st_mtime + 10))


@pytest.mark.parametrize(
    "url",
    [
        "/media/",
        "/media/logos",
        "/media/logos/",
        "/media/logos/2026",
        "/media/logos/2026/",
        "/media/logos/fehlt.png",
        "/media/logos/2026/fehlt.png",
    ],
)
def test_no_directory_listing_and_missing_files_are_404(client, media, url):
    put(media, "logos/2026/a.png", image_bytes())
    response = fetch(client, url)
    assert response.status_code == 404
    assert b"a.png" not in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/media/..%2fsecret.txt",
        "/media/logos/..%2f..%2fsecret.txt",
        "/media/logos/2026/..%2F..%2F..%2Fsecret.txt",
        "/media/logos/../../secret.txt",
        "/media/logos/%2e%2e/%2e%2e/secret.txt",
        "/media/logos/2026/..%5c..%5c..%5csecret.txt",
        "/media/logos/..%2fevent-documents/2026/programm.pdf",
        "/media/logos/2026/a.png%00.txt",
        "/media/logos/./2026/a.png",
        "/media/logos//2026/a.png",
    ],
)
def test_path_traversal_is_refused(client, media, url):
    put(media, "logos/2026/a.png", image_bytes())
    put(media, "event-documents/2026/programm.pdf", b"%PDF-1.4 private")
    response = fetch(client, url)
    assert response.status_code == 404
    assert b"outside MEDIA_ROOT" not in response.content
    assert b"private" not in response.content


@pytest.mark.parametrize("target", ["/etc/passwd", "{secret}", "{media}/logos/2026/a.png"])
def test_absolute_paths_are_refused(client, media, target):
    put(media, "logos/2026/a.png", image_bytes())
    target = target.format(secret=media.parent / "secret.txt", media=media)
    assert target.startswith("/")
    assert fetch(client, f"/media/{target}").status_code == 404  # "/media//etc/passwd"
    assert fetch(client, f"/media/{target.replace('/', '%2F')}").status_code == 404
    assert fetch(client, f"/media/logos/{target}").status_code == 404


def test_a_symlink_out_of_media_root_is_not_followed(client, media):
    (media / "logos" / "2026" / "link.png").symlink_to(media.parent / "secret.txt")
    assert fetch(client, "/media/logos/2026/link.png").status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "event-documents/2026/programm.pdf",  # documents of draft events are private
        "publications/0f6f1c1e-8f0a-4c57-9d4b-7f0c3c7a6d11.pdf",  # unpublished attachments
        "secret_key",
        "sonstiges/bild.png",
        "logos/.versteckt.png",
    ],
)
def test_only_the_public_upload_folders_are_served(client, media, name):
    put(media, name, b"%PDF-1.4 private")
    assert fetch(client, f"/media/{name}").status_code == 404


def test_only_get_and_head(client, media):
    put(media, "logos/2026/a.png", image_bytes())
    assert client.post("/media/logos/2026/a.png").status_code in (403, 405)
    assert client.put("/media/logos/2026/a.png").status_code in (403, 405)


def test_nothing_is_served_when_serve_media_is_off(client, media, settings):
    put(media, "logos/2026/a.png", image_bytes())
    settings.SERVE_MEDIA = False
    assert fetch(client, "/media/logos/2026/a.png").status_code == 404


def test_the_same_answer_for_signed_in_users(client, media, user):
    put(media, "logos/2026/a.png", image_bytes())
    client.force_login(user)
    response = fetch(client, "/media/logos/2026/a.png")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=86400"
    assert "Cookie" not in response.get("Vary", "")
    assert "Set-Cookie" not in response


def test_files_in_the_configured_storage_are_served(client, settings):
    """The test settings' InMemoryStorage: the view reads the default storage, not the disk."""
    settings.SERVE_MEDIA = True
    data = image_bytes()
    name = default_storage.save("logos/2026/speicher.png", ContentFile(data))
    response = fetch(client, f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.body == data
    assert fetch(client, "/media/logos/2026").status_code == 404  # a directory node


def test_upload_names_are_readable_and_unguessable():
    names = {upload_name("quartiersbüro-nord") for _ in range(50)}
    assert len(names) == 50
    for name in names:
        assert re.fullmatch(r"quartiersburo-nord-[0-9a-f]{16}\.png", name), name
    long = upload_name("x" * 220)
    assert len(long) <= 40 + 1 + 16 + 4
    assert upload_name("", ".jpg").startswith("upload-")


def test_production_leaves_media_to_the_reverse_proxy(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("SITE_URL", "https://quartiersnetz.example.org")
    for value, expected in ((None, False), ("1", True)):
        if value is None:
            monkeypatch.delenv("SERVE_MEDIA", raising=False)
        else:
            monkeypatch.setenv("SERVE_MEDIA", value)
        sys.modules.pop("config.settings.production", None)
        try:
            production = importlib.import_module("config.settings.production")
        finally:
            sys.modules.pop("config.settings.production", None)
        assert production.SERVE_MEDIA is expected
        assert production.MEDIA_PUBLIC_FOLDERS == ["logos", "practices"]
