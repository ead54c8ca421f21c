"""`/api/v1/taxonomy`: every vocabulary of the platform with stable codes and both labels.

The curated vocabularies (taxonomy terms and event formats, editable by curators) and the fixed
ones (Länder by their official key, municipality size classes). A term names the term it
belongs to (`parent`: an action field's spatial field, an approach's action field, a practice
type's kind), so the tree of fields and approaches can be rebuilt from the list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Choices
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from quartiersnetz.actors.models import Actor
from quartiersnetz.alliances.models import Alliance, AllianceMember
from quartiersnetz.events.models import Event, EventFormat
from quartiersnetz.network.models import Connection
from quartiersnetz.places.models import STATE_NAMES_EN, SizeClass, State
from quartiersnetz.practices.models import Licence, Practice
from quartiersnetz.projects.models import Method as ProjectMethod
from quartiersnetz.projects.models import Project
from quartiersnetz.taxonomy import models as taxonomy
from quartiersnetz.taxonomy.selectors import vocabulary_terms

from ..lists import detail_openapi, problem_responses
from ..records import ChoiceLabels
from ..responses import json_response, reject_unknown

router = Router(tags=["taxonomy"])


class TermOut(Schema):
    code: str
    name_de: str
    name_en: str
    description: str = ""
    parent: str | None = None


class VocabularyOut(Schema):
    code: str
    name_de: str
    name_en: str
    parent_vocabulary: str | None = None
    terms: list[TermOut]


class TaxonomyOut(Schema):
    vocabularies: list[VocabularyOut]


@dataclass(frozen=True)
class Vocabulary:
    code: str
    name: Any  # a lazy German text, translated for name_en
    terms: Callable[[], list[dict[str, Any]]]
    parent_vocabulary: str | None = None


def _both(text: Any) -> tuple[str, str]:
    with translation.override("de"):
        german = str(text)
    with translation.override("en"):
        return german, str(text)


def _curated(
    model: type[taxonomy.Term], parent: str | None = None
) -> Callable[[], list[dict[str, Any]]]:
    def terms() -> list[dict[str, Any]]:
        return [
            {
                "code": term.slug,
                "name_de": term.name,
                "name_en": term.name_en or term.name,
                "description": term.description,
                "parent": getattr(term, parent).slug if parent else None,
            }
            for term in vocabulary_terms(model)
        ]

    return terms


def _fixed(
    choices: type[Choices], english_names: dict[str, str] | None = None
) -> Callable[[], list[dict[str, Any]]]:
    def terms() -> list[dict[str, Any]]:
        labels = ChoiceLabels(choices, english_names)
        return [
            {**coded, "description": "", "parent": None}
            for value in choices.values
            if (coded := labels(value))
        ]

    return terms


VOCABULARIES: list[Vocabulary] = [
    Vocabulary("spatial_fields", _("Räumliche Handlungsfelder"), _curated(taxonomy.SpatialField)),
    Vocabulary(
        "action_fields",
        _("Handlungsfelder"),
        _curated(taxonomy.ActionField, "spatial_field"),
        "spatial_fields",
    ),
    Vocabulary(
        "approaches",
        _("Handlungsansätze"),
        _curated(taxonomy.Approach, "action_field"),
        "action_fields",
    ),
    Vocabulary("sectors", _("Bereiche"), _curated(taxonomy.Sector)),
    Vocabulary("practice_kinds", _("Typologie-Kategorien"), _curated(taxonomy.PracticeKind)),
    Vocabulary(
        "practice_types",
        _("Praxistypen"),
        _curated(taxonomy.PracticeType, "kind"),
        "practice_kinds",
    ),
    Vocabulary("methods", _("Methoden"), _curated(taxonomy.Method)),
    Vocabulary(
        "exchange_categories",
        _("Angebots- und Bedarfskategorien"),
        _curated(taxonomy.ExchangeCategory),
    ),
    Vocabulary("event_formats", _("Veranstaltungsformate"), _curated(EventFormat)),
    Vocabulary("states", _("Bundesländer"), _fixed(State, STATE_NAMES_EN)),
    Vocabulary("size_classes", _("Gemeindegrößenklassen"), _fixed(SizeClass)),
    # The fixed codes of the records' other coded fields.
    Vocabulary("actor_kinds", _("Arten von Mitwirkenden"), _fixed(Actor.Kind)),
    Vocabulary("practice_statuses", _("Stand eines Praxisbeispiels"), _fixed(Practice.Status)),
    Vocabulary("co_creation_levels", _("Stufen der Ko-Kreation"), _fixed(Practice.CoCreationLevel)),
    Vocabulary("licences", _("Lizenzen"), _fixed(Licence)),
    Vocabulary("event_modes", _("Formen einer Veranstaltung"), _fixed(Event.Mode)),
    Vocabulary("project_phases", _("Phasen eines Vorhabens"), _fixed(Project.Phase)),
    Vocabulary("project_methods", _("Ko-kreative Methoden der Vorhaben"), _fixed(ProjectMethod)),
    Vocabulary("alliance_statuses", _("Stand einer Allianz"), _fixed(Alliance.Status)),
    Vocabulary("alliance_roles", _("Rollen in einer Allianz"), _fixed(AllianceMember.Role)),
    Vocabulary("connection_kinds", _("Arten von Verbindungen"), _fixed(Connection.Kind)),
]
BY_CODE = {vocabulary.code: vocabulary for vocabulary in VOCABULARIES}


def _document(vocabulary: Vocabulary) -> dict[str, Any]:
    german, english = _both(vocabulary.name)
    return {
        "code": vocabulary.code,
        "name_de": german,
        "name_en": english,
        "parent_vocabulary": vocabulary.parent_vocabulary,
        "terms": vocabulary.terms(),
    }


@router.get(
    "",
    response=TaxonomyOut,
    summary="Alle Vokabulare / all vocabularies",
    openapi_extra={"responses": problem_responses(400)},
)
def taxonomy_list(request: HttpRequest) -> HttpResponse:
    """Every vocabulary with all its terms (codes are stable; labels in German and English)."""
    reject_unknown(request, set())
    return json_response(request, {"vocabularies": [_document(v) for v in VOCABULARIES]})


@router.get(
    "/{code}",
    response=VocabularyOut,
    summary="Ein Vokabular / one vocabulary",
    openapi_extra=detail_openapi(),
)
def taxonomy_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One vocabulary by its code (`action_fields`, `states`, …)."""
    reject_unknown(request, set())
    vocabulary = BY_CODE.get(code)
    if vocabulary is None:
        raise Http404(f"Kein Vokabular „{code}“; bekannt: {', '.join(BY_CODE)}.")
    return json_response(request, _document(vocabulary))
