"""Template helpers: linkable filter URLs and Markdown rendering."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from django import template
from django.template.loader import render_to_string
from django.urls import ResolverMatch, translate_url
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from quartiersnetz.core.text import render_markdown

register = template.Library()


def _state(filters: Any) -> dict[str, str]:
    return dict(filters.as_dict())


@register.simple_tag
def query_with(filters: Any, name: str, value: Any) -> str:
    """The query string of the current filter state with `name` set to `value` (page reset)."""
    state = _state(filters)
    state[name] = str(value)
    return urlencode(state)


@register.simple_tag
def query_without(filters: Any, name: str) -> str:
    state = _state(filters)
    state.pop(name, None)
    return urlencode(state)


@register.simple_tag
def query_page(filters: Any, page: int) -> str:
    state = _state(filters)
    state["seite"] = str(page)
    return urlencode(state)


@register.simple_tag(takes_context=True)
def language_url(context: Any, language: str) -> str:
    """The current page in another language (German unprefixed, English under /en/)."""
    request = context.get("request")
    if request is None:
        return "/" if language == "de" else f"/{language}/"
    # Asked three times per page (two <link>s and the switch): resolved once per request.
    urls = request.__dict__.setdefault("_language_urls", {})
    if language not in urls:
        urls[language] = translate_url(request.get_full_path(), language)
    return str(urls[language])


# The sections of the main navigation (partials/site_nav.html), by app or view name.
_NAV_APPS = frozenset(
    {"actors", "practices", "publications", "events", "projects", "alliances", "search"}
)
_NAV_VIEWS = frozenset({"core:home", "core:principles"})
_NAV_URL_NAMES = {"graph": "network", "sectors": "network"}


def nav_section(match: ResolverMatch | None) -> str:
    """Which item of the main navigation the page belongs to ("" for none)."""
    if match is None:
        return ""
    if match.view_name in _NAV_VIEWS:
        return str(match.view_name)
    if match.app_name in _NAV_APPS:
        return str(match.app_name)
    return _NAV_URL_NAMES.get(match.url_name or "", "")


@lru_cache(maxsize=256)
def _site_fragment(template_name: str, language: str | None, current: str) -> SafeString:
    return render_to_string(template_name, {"current": current})  # escaped by the engine


@register.simple_tag(takes_context=True)
def site_fragment(context: Any, template_name: str) -> SafeString:
    """A part of every page that is the same for everybody — the main navigation, the footer:
    rendered once per process, language and navigation section, then reused (its twenty links
    and labels were a fifth of a signed-in member's page). The template sees only `current`
    (the section, see `nav_section`) and the active language: never the user or the request.
    The output is the template engine's, escaped as always."""
    request = context.get("request")
    current = nav_section(getattr(request, "resolver_match", None))
    return _site_fragment(template_name, get_language(), current)


@register.filter
def markdown(source: str) -> SafeString:
    """Render user Markdown; the output is sanitised by nh3 before it is marked safe."""
    return mark_safe(render_markdown(source))  # noqa: S308 - sanitised by nh3


@register.filter
def kern(form: Any) -> Any:
    """Give a third-party form (e.g. allauth's) the KERN widget classes before rendering."""
    from quartiersnetz.core.forms import apply_kern_classes, echo_invalid_values_as_text

    apply_kern_classes(form)
    echo_invalid_values_as_text(form)
    return form


@register.filter
def uhr(time_text: Any) -> str:
    """A time of day as the language writes it: "16:00 Uhr" in German, "16:00" in English."""
    return _("%(time)s Uhr") % {"time": time_text}
