"""Page sections contributed by higher apps, so that a lower app's page can show their records
without importing them.

A page of a lower app (say the practice page, "practices.detail") has a place where other apps
may add sections. A higher app registers a `Section` for that page in its `AppConfig.ready()`:
a template it owns, a callable that reads the items for the page's object, the models whose
tables that callable reads and an order. The lower app then

- renders `bound_sections(page, obj)` in a loop, including each `section.template` with
  `items=section.items` and `object=obj`; the items are lazy, so a page whose fragment comes
  from the cache reads nothing for them, and
- keys that fragment's cache by a data version over its own models plus
  `section_models(page)` (one query, see `core.versions.data_version`), so a change in a
  section's records renders the fragment anew.

Registering a name again for the same page replaces the earlier section (app reloads, tests).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils.functional import SimpleLazyObject


@dataclass(frozen=True)
class Section:
    """One section of a page: what a higher app contributes."""

    page: str
    name: str
    # A template of the contributing app; it gets `items` and `object` (the page's object).
    template: str
    # Reads the section's items for the page's object; called only when the section renders.
    items: Callable[[Any], Any]
    # The models whose tables `items` reads: their changes invalidate the page's cache.
    models: tuple[type[Model], ...]
    # Sections are listed by ascending order, then name.
    order: int = 0


@dataclass(frozen=True)
class BoundSection:
    """A section for one object, with its items read lazily (on first use in the template)."""

    name: str
    template: str
    items: Any


_registry: dict[str, dict[str, Section]] = {}


def register(
    page: str,
    *,
    name: str,
    template: str,
    items: Callable[[Any], Any],
    models: Iterable[type[Model]],
    order: int = 0,
) -> Section:
    """Add (or replace, if `name` is registered for `page` already) a section of `page`."""
    section = Section(
        page=page, name=name, template=template, items=items, models=tuple(models), order=order
    )
    _registry.setdefault(page, {})[name] = section
    return section


def unregister(page: str, name: str) -> None:
    """Remove a section (no error if it is not registered)."""
    _registry.get(page, {}).pop(name, None)


def page_sections(page: str) -> list[Section]:
    """The sections registered for `page`, by order, then name."""
    return sorted(_registry.get(page, {}).values(), key=lambda s: (s.order, s.name))


def section_models(page: str, *own: type[Model]) -> tuple[type[Model], ...]:
    """`own` followed by the models that `page`'s sections read, each once, in section order.

    Pass the result to `core.versions.data_version` for the page's cache version.
    """
    models = list(own)
    for section in page_sections(page):
        models += [model for model in section.models if model not in models]
    return tuple(models)


def bound_sections(page: str, obj: Any) -> list[BoundSection]:
    """The sections of `page` for `obj`; a section's items are read when first used."""
    return [
        BoundSection(
            name=section.name,
            template=section.template,
            items=SimpleLazyObject(_reader(section, obj)),
        )
        for section in page_sections(page)
    ]


def _reader(section: Section, obj: Any) -> Callable[[], Any]:
    return lambda: section.items(obj)


# Per-request actions ------------------------------------------------------------------------
#
# Sections above are shared by every visitor and rendered inside fragments cached per data
# version, so they must not depend on who is looking. An *action* is the per-request
# counterpart: a small part a higher app adds to a lower app's page for the current user (e.g.
# "Folgen" by notifications). The lower app's view passes `bound_actions(page, request, obj)` to
# its template, which includes each `action.template` with `data=action.data object=obj`
# *outside* any cached fragment. `context` is called on every request, so it must be cheap (one
# query at most) and return None when the action does not apply (then it is not rendered).


@dataclass(frozen=True)
class Action:
    """A per-request part of a page contributed by a higher app."""

    page: str
    name: str
    template: str
    # (request, object) -> the template's `data`, or None when nothing is to be shown.
    context: Callable[[Any, Any], Any]
    order: int = 0


@dataclass(frozen=True)
class BoundAction:
    name: str
    template: str
    data: Any


_actions: dict[str, dict[str, Action]] = {}


def register_action(
    page: str,
    *,
    name: str,
    template: str,
    context: Callable[[Any, Any], Any],
    order: int = 0,
) -> Action:
    """Add (or replace, if `name` is registered for `page` already) an action of `page`."""
    action = Action(page=page, name=name, template=template, context=context, order=order)
    _actions.setdefault(page, {})[name] = action
    return action


def unregister_action(page: str, name: str) -> None:
    _actions.get(page, {}).pop(name, None)


def bound_actions(page: str, request: Any, obj: Any) -> list[BoundAction]:
    """The actions of `page` that apply to `request` and `obj`, by order, then name."""
    bound = []
    for action in sorted(_actions.get(page, {}).values(), key=lambda a: (a.order, a.name)):
        data = action.context(request, obj)
        if data is not None:
            bound.append(BoundAction(name=action.name, template=action.template, data=data))
    return bound
