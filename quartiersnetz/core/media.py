"""Uploaded files: unguessable names, and the view that serves the public ones.

`media_serve` answers `MEDIA_URL<path>` when `SERVE_MEDIA` is on (`make run`, and any setup
without a web server in front that serves `MEDIA_ROOT`); in production the reverse proxy serves
the same folders with the same headers (docs/operations.md, docs/decisions/0006). Only the
folders named in `MEDIA_PUBLIC_FOLDERS` (logos, practice images) are served: event documents
and publication attachments live under `MEDIA_ROOT` too, but only their own views hand them
out, after a permission check.

Every answer carries `nosniff` and a sandboxing CSP; raster images (PNG, JPEG, GIF, WebP) are
shown inline with their type, anything else (SVG included) is a download. No directory is
listed, and a name that leaves its folder (``..``, an absolute path, a symlink out of
`MEDIA_ROOT`) is a 404.
"""

from __future__ import annotations

import os
import posixpath
import secrets

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date
from django.utils.text import slugify
from django.views.decorators.http import require_safe

INLINE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
# Every file handed out by the app (uploads, publication attachments, event documents) runs in a
# sandbox with nothing allowed, should a browser ever render it as a document.
CONTENT_SECURITY_POLICY = "sandbox; default-src 'none'"
# Uploads are stored under names with a random part (see `upload_name`), so a name never
# changes its content; a day keeps removed files from lingering long in caches.
CACHE_CONTROL = "public, max-age=86400"


def upload_name(stem: str, extension: str = ".png") -> str:
    """A file name for an upload that cannot be guessed from the record it belongs to.

    Logos and practice images of hidden profiles and unpublished practices lie in the public
    folders too; their addresses are only known to whoever was shown the record.
    """
    readable = slugify(stem)[:40].strip("-") or "upload"
    return f"{readable}-{secrets.token_hex(8)}{extension}"


def _public_name(path: str) -> str | None:
    """The storage name for the path after MEDIA_URL, or None unless it is a public upload."""
    if not path or "\x00" in path or "\\" in path:
        return None
    parts = path.split("/")
    if len(parts) < 2 or parts[0] not in settings.MEDIA_PUBLIC_FOLDERS:
        return None
    # Empty parts (absolute paths, "//", a trailing slash), "." and ".." and hidden files.
    if any(not part or part.startswith(".") for part in parts):
        return None
    return posixpath.join(*parts)


def _inside_location(storage: FileSystemStorage, name: str) -> bool:
    """The file's real path (symlinks resolved) lies inside the storage's own folder."""
    root = os.path.realpath(storage.location)
    real = os.path.realpath(storage.path(name))  # safe_join: refuses names that leave `root`
    return real.startswith(root + os.sep)


@require_safe
def media_serve(request: HttpRequest, path: str) -> HttpResponseBase:
    """A public upload from the default storage, with safe headers and conditional GET."""
    name = _public_name(path)
    if not settings.SERVE_MEDIA or name is None:
        raise Http404
    storage = default_storage
    try:
        if isinstance(storage, FileSystemStorage) and not _inside_location(storage, name):
            raise Http404
        handle = storage.open(name, "rb")  # a directory raises IsADirectoryError
    except (OSError, SuspiciousFileOperation, ValueError) as exc:
        raise Http404 from exc
    try:
        size = handle.size
        modified = int(storage.get_modified_time(name).timestamp())
    except (OSError, NotImplementedError, ValueError) as exc:
        handle.close()
        raise Http404 from exc

    extension = posixpath.splitext(name)[1].lower()
    content_type = INLINE_TYPES.get(extension)
    headers = {
        "ETag": f'"{modified:x}-{size:x}"',
        "Last-Modified": http_date(modified),
        "Cache-Control": CACHE_CONTROL,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    }
    response: HttpResponseBase | None = get_conditional_response(
        request, etag=headers["ETag"], last_modified=modified
    )
    if response is None and request.method == "HEAD":
        handle.close()
        response = HttpResponse(content_type=content_type or "application/octet-stream")
        response["Content-Length"] = str(size)
        disposition = content_disposition_header(content_type is None, posixpath.basename(name))
        if disposition:
            response["Content-Disposition"] = disposition
    elif response is None:
        response = FileResponse(
            handle,
            as_attachment=content_type is None,
            filename=posixpath.basename(name),
            content_type=content_type or "application/octet-stream",
        )
        response["Content-Length"] = str(size)
    else:  # 304 Not Modified or 412 Precondition Failed
        handle.close()
    for header, value in headers.items():
        response[header] = value
    return response
