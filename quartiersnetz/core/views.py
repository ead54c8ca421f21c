"""Initiative pages, legal pages, health check and error pages (the start page is in `portal`)."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .limits import too_large_response
from .tasks import queue_state


@require_safe
def principles(request: HttpRequest) -> HttpResponse:
    return render(request, "core/principles.html")


@require_safe
def imprint(request: HttpRequest) -> HttpResponse:
    return render(request, "core/imprint.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    from .maps import external_hosts

    return render(request, "core/privacy.html", {"external_hosts": external_hosts()})


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_safe
def terms(request: HttpRequest) -> HttpResponse:
    return render(request, "core/terms.html")


@require_safe
def data_sources(request: HttpRequest) -> HttpResponse:
    return render(request, "core/data_sources.html")


ROBOTS_TXT = "\n".join(
    [
        "User-agent: *",
        "Disallow: /konto/",
        "Disallow: /kuration/",
        "Disallow: /verwaltung/",
        "",
    ]
)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Keep crawlers out of account, curation and admin pages (also the benchmark floor)."""
    return HttpResponse(ROBOTS_TXT, content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 otherwise; with the state of the task queue (how many
    due tasks wait, how long the oldest has waited, how many failed), so a monitor can alert
    when no worker runs."""
    try:
        queue = queue_state()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse(
        {
            "status": "ok",
            "database": "ok",
            "tasks": {
                "waiting": queue.waiting,
                "oldest_waiting_seconds": queue.oldest_waiting_seconds,
                "failed": queue.failed,
            },
        }
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A body Django refused while reading it gets the page that asks to send less.
    if isinstance(exception, RequestDataTooBig):
        return too_large_response(request)
    return render(request, "400.html", status=400)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without a request context: the failure may lie in a context processor.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
