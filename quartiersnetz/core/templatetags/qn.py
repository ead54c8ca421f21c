"""Template helpers: linkable filter URLs and Markdown rendering."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import translate_url
from django.utils.safestring import SafeString, mark_safe
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
    return translate_url(request.get_full_path(), language)


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
