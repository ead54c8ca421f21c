"""`/offene-daten/`: the page of the open datasets, their downloads, the dump and the DCAT
catalogue (English page under `/en/`; the files are the same in both languages)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from quartiersnetz.api.lists import Conditional
from quartiersnetz.audit.services import audit_log
from quartiersnetz.core.guards import require_perm, signed_in_user
from quartiersnetz.core.responses import render

from . import formats
from .catalogue import catalogue
from .datasets import BY_SLUG, DATASETS, FORMATS, Dataset, dataset_state
from .dump import FILE_NAME, dump_info, dump_path
from .tasks import request_dump

COUNT_CACHE_SECONDS = 24 * 3600


@dataclass
class Download:
    label: str
    url: str
    media_type: str
    size: int | None  # bytes, from the latest dump where known


@dataclass
class DatasetView:
    dataset: Dataset
    count: int
    updated: Any
    downloads: list[Download]
    feeds: list[Download]


def _count(dataset: Dataset, version: str) -> int:
    """The number of records, kept in the cache under the data version (a change, a new
    count)."""
    key = f"opendata:count:{dataset.slug}:{version}"
    found = cache.get(key)
    if found is None:
        found = dataset.count()
        cache.set(key, found, COUNT_CACHE_SECONDS)
    return int(found)


def _file_name(dataset: Dataset, fmt: str) -> str:
    return f"quartiersnetz-{dataset.slug}{FORMATS[fmt].extension}"


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    info = dump_info()
    sizes = info.members if info else {}
    shown = []
    for dataset in DATASETS:
        version, latest = dataset.version()
        downloads = [
            Download(
                label=FORMATS[fmt].label,
                url=reverse(f"opendata:{fmt.replace('-', '_')}", kwargs={"dataset": dataset.slug}),
                media_type=FORMATS[fmt].media_type,
                size=sizes.get(f"{dataset.slug}{FORMATS[fmt].extension}")
                if fmt != "csv-excel"
                else None,
            )
            for fmt in dataset.formats
        ]
        feeds = [
            Download(
                label=feed.title_en if request.LANGUAGE_CODE == "en" else feed.title_de,
                url=reverse(feed.url_name),
                media_type=FORMATS[feed.format].media_type,
                size=None,
            )
            for feed in dataset.feeds
        ]
        shown.append(DatasetView(dataset, _count(dataset, version), latest, downloads, feeds))
    user = request.user
    context = {
        "datasets": shown,
        "dump": info,
        "dump_url": reverse("opendata:dump"),
        "is_curator": user.is_authenticated and user.has_perm("accounts.curate"),
    }
    return render(request, "opendata/index.html", context)


def _download(
    request: HttpRequest, dataset_slug: str, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    dataset = BY_SLUG.get(dataset_slug)
    if dataset is None or fmt not in dataset.formats:
        raise Http404("Kein solcher Datensatz.")
    conditional = Conditional.of(
        dataset.models, *dataset_state(dataset), request.build_absolute_uri("/"), request.path
    )
    if (unchanged := conditional.not_modified(request)) is not None:
        return unchanged
    source = dataset.source(request)
    chunks: Iterator[str]
    if fmt == "csv":
        chunks = formats.csv_chunks(source.batches(), dataset.schema)
        content_type = "text/csv; charset=utf-8"
    elif fmt == "csv-excel":
        chunks = formats.csv_chunks(source.batches(), dataset.schema, excel=True)
        content_type = "text/csv; charset=utf-8"
    elif fmt == "json":
        chunks = formats.json_chunks(source.batches())
        content_type = "application/json"
    else:
        chunks = formats.geojson_chunks(source.batches(), dataset.key)
        content_type = "application/geo+json"
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in chunks), content_type=content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(dataset, fmt)}"'
    # `apply` only sets headers, which a streamed answer has as well.
    conditional.apply(cast(HttpResponse, response))
    return response


@require_safe
def download_csv(request: HttpRequest, dataset: str) -> HttpResponse | StreamingHttpResponse:
    return _download(request, dataset, "csv")


@require_safe
def download_csv_excel(request: HttpRequest, dataset: str) -> HttpResponse | StreamingHttpResponse:
    return _download(request, dataset, "csv-excel")


@require_safe
def download_json(request: HttpRequest, dataset: str) -> HttpResponse | StreamingHttpResponse:
    return _download(request, dataset, "json")


@require_safe
def download_geojson(request: HttpRequest, dataset: str) -> HttpResponse | StreamingHttpResponse:
    return _download(request, dataset, "geojson")


@require_safe
def dump(request: HttpRequest) -> HttpResponseBase:
    """The latest dump, or a page saying that none has been built yet (404)."""
    try:
        handle = dump_path().open("rb")
    except FileNotFoundError:
        return render(request, "opendata/dump_missing.html", status=404)
    stat = os.fstat(handle.fileno())
    etag = f'"{int(stat.st_mtime_ns)}-{stat.st_size}"'
    unchanged = get_conditional_response(request, etag=etag, last_modified=int(stat.st_mtime))
    if unchanged is not None:
        handle.close()
        unchanged["ETag"] = etag
        return unchanged
    response = FileResponse(handle, as_attachment=True, filename=FILE_NAME)
    response["Content-Type"] = "application/zip"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_required
@require_POST
def rebuild(request: HttpRequest) -> HttpResponse:
    """A curator asks for a fresh dump now (the worker builds it)."""
    require_perm(request, "accounts.curate")
    enqueued = request_dump()
    audit_log(
        user=signed_in_user(request),
        action="opendata.dump_requested",
        changes={"enqueued": enqueued},
    )
    if enqueued:
        messages.success(request, _("Das Gesamtpaket wird neu erstellt."))
    else:
        messages.info(request, _("Das Gesamtpaket wird bereits neu erstellt."))
    return HttpResponseRedirect(reverse("opendata:index") + "#gesamtpaket")


def _catalogue(request: HttpRequest, fmt: str, content_type: str) -> HttpResponse:
    info = dump_info()
    base = request.build_absolute_uri("/")
    models = {model for dataset in DATASETS for model in dataset.models}
    conditional = Conditional.of(
        sorted(models, key=lambda model: model._meta.label),
        base,
        fmt,
        info.built_at.isoformat() if info else "",
    )
    if (unchanged := conditional.not_modified(request)) is not None:
        return unchanged
    latest = {dataset.slug: dataset.version()[1] for dataset in DATASETS}
    body = catalogue(base, latest).serialize(format=fmt)
    return conditional.apply(HttpResponse(body, content_type=content_type))


@require_safe
def catalogue_turtle(request: HttpRequest) -> HttpResponse:
    return _catalogue(request, "turtle", "text/turtle; charset=utf-8")


@require_safe
def catalogue_jsonld(request: HttpRequest) -> HttpResponse:
    return _catalogue(request, "json-ld", "application/ld+json")
