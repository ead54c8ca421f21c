"""Validation and re-encoding of uploaded images (logos).

An upload is accepted only if its *content* is a PNG, JPEG, GIF or WebP image
within the byte and pixel limits; it is then re-encoded to PNG, which drops
metadata and anything hidden behind the image data.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


def reencode_image(upload: UploadedFile, *, max_edge: int | None = None) -> ContentFile:
    max_bytes = settings.LOGO_MAX_BYTES
    max_pixels = settings.LOGO_MAX_PIXELS
    max_edge = max_edge or settings.LOGO_MAX_EDGE
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("Die Datei ist zu groß (höchstens %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("Die Datei ist zu groß (höchstens %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise ValidationError(
            _("Die Datei ist kein lesbares Bild. Erlaubt sind PNG, JPEG, GIF und WebP."),
            code="invalid_image",
        ) from exc
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Dieses Bildformat wird nicht unterstützt. Erlaubt sind PNG, JPEG, GIF und WebP."),
            code="invalid_format",
        )
    if width * height > max_pixels:
        raise ValidationError(
            _("Das Bild hat zu viele Bildpunkte (höchstens %(mp)s Megapixel).")
            % {"mp": max_pixels // 1_000_000},
            code="too_many_pixels",
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGBA") if image.mode not in ("RGB", "RGBA") else image
            image.thumbnail((max_edge, max_edge))
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("Das Bild konnte nicht verarbeitet werden."), code="invalid_image"
        ) from exc
    return ContentFile(out.getvalue(), name="logo.png")
