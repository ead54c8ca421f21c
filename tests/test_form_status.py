"""Invalid form submissions answer 400 everywhere (docs/architecture.md, "Conventions").

Every page of the URLconf (except the admin, which is Django's own) gets an empty POST, once
anonymously and once from a user who may use every form (curator, staff, owner of the
organisation, partner of the project). Any answer that shows a submitted form with errors must
be 400 – so a new form view is covered without touching this test.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from quartiersnetz.accounts.rules import CURATOR_GROUP
from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.core.responses import has_invalid_form
from quartiersnetz.events.tests.factories import (
    AgendaItemFactory,
    EventFactory,
    RegistrationFactory,
    SeriesFactory,
)
from quartiersnetz.events.tokens import make_cancel_token
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.projects.tests.factories import (
    LearningFactory,
    LogEntryFactory,
    ProjectPartnerFactory,
    PublicProjectFactory,
)
from quartiersnetz.publications.tests.factories import PublicationFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

# Views whose empty POST must show an invalid form (the test must not become vacuous).
EXPECTED_FORM_VIEWS = {
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_change_password",
    "actors:create",
    "actors:edit",
    "actors:person_profile",
    "practices:create",
    "practices:edit",
    "publications:submit",
    "publication_curation:create",
    "publication_curation:edit",
    "publication_curation:review",
    "publication_curation:recommendation_create",
    "publication_curation:recommendation",
    "events:create",
    "events:edit",
    "events:agenda",
    "events:series_create",
    "events:series_plan",
    "events:register",
    "events:message",
    "projects:create",
    "projects:edit",
    "projects:log_create",
    "projects:learning_create",
}


def url_patterns() -> list[tuple[str, Any]]:
    """(name with namespace, pattern) of every named page outside the admin."""
    found: list[tuple[str, Any]] = []

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                inner = pattern.namespace
                walk(pattern.url_patterns, f"{namespace}:{inner}" if namespace and inner
                     else inner or namespace)  # fmt: skip
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append((f"{namespace}:{pattern.name}" if namespace else pattern.name,
                              pattern))  # fmt: skip

    walk(get_resolver().url_patterns, None)
    return found


@pytest.fixture
def world(db) -> dict[str, Any]:
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=CURATOR_GROUP))
    organisation = OrganisationFactory()
    membership = MembershipFactory(user=user, organisation=organisation)
    practice = PracticeFactory(organisation=organisation, state=Practice.State.DRAFT,
                               published_at=None)  # fmt: skip
    practice.title = "Zweite Fassung"
    practice.save()
    start = timezone.now() + dt.timedelta(days=10)
    event = EventFactory(start=start, end=start + dt.timedelta(hours=3))
    item = AgendaItemFactory(event=event)
    registration = RegistrationFactory(event=event)
    project = PublicProjectFactory(partner=organisation)
    partner = ProjectPartnerFactory(project=project)
    paper = PublicationFactory(is_published=False, submitted_at=timezone.now())
    RecommendationFactory(publication=paper, number=1)
    history = Practice.history.filter(id=practice.pk).order_by("history_id").first()
    assert history is not None
    by_name: dict[str, dict[str, Any]] = {
        "practices": {"slug": practice.slug, "history_id": history.history_id},
        "practices:rate": {"slug": PracticeFactory().slug},  # published ones are rated
        # (an empty rating is valid: every criterion is optional)
        "events": {
            "slug": event.slug,
            "pk": registration.pk,
            "action": "bestaetigen",
            "token": make_cancel_token(registration),
        },
        "events:agenda_item": {"slug": event.slug, "pk": item.pk},
        "events:series_plan": {"slug": SeriesFactory().slug},
        "events:series": {"slug": SeriesFactory().slug},
        "projects": {"slug": project.slug, "pk": partner.pk},
        "projects:log_edit": {"slug": project.slug, "pk": LogEntryFactory(project=project).pk},
        "projects:learning_edit": {"slug": project.slug, "pk": LearningFactory(project=project).pk},
        "actors": {"slug": organisation.slug, "pk": membership.pk},
        "publications": {"slug": PublicationFactory().slug, "number": 1},
        "publication_curation": {"slug": paper.slug, "number": 1},
    }
    return {"user": user, "kwargs": by_name}


def reverse_with(name: str, pattern: Any, kwargs_by_name: dict[str, dict[str, Any]]) -> str | None:
    wanted = set(pattern.pattern.converters) or set(pattern.pattern.regex.groupindex)
    if not wanted:
        return reverse(name)
    available = {**kwargs_by_name.get(name.split(":")[0], {}), **kwargs_by_name.get(name, {})}
    if not wanted <= set(available):
        return None  # feeds by action field, attachments, allauth's e-mailed keys
    return reverse(name, kwargs={key: available[key] for key in wanted})


def invalid_form_shown(response: Any) -> bool:
    contexts = response.context or []
    if not isinstance(contexts, list):
        contexts = [contexts]
    return any(has_invalid_form(context.flatten()) for context in contexts)


def test_every_invalid_submission_answers_400(world):
    shown: set[str] = set()
    wrong: dict[str, int] = {}
    for who in ("anonymous", "user"):
        for name, pattern in url_patterns():
            url = reverse_with(name, pattern, world["kwargs"])
            if url is None:
                continue
            client = Client()
            if who == "user":
                client.force_login(world["user"])
            response = client.post(url, {"unknown-field": "x"})  # `POST or None` binds it
            if invalid_form_shown(response):
                shown.add(name)
                if response.status_code != 400:
                    wrong[f"{who} {name} {url}"] = response.status_code
    assert wrong == {}
    assert not EXPECTED_FORM_VIEWS - shown, sorted(EXPECTED_FORM_VIEWS - shown)


def test_middleware_checks_only_validated_bound_forms():
    class NameForm(forms.Form):
        name = forms.CharField()

    unbound, bound = NameForm(), NameForm({"name": ""})
    assert not has_invalid_form({"form": unbound})
    assert not has_invalid_form({"form": bound})  # not validated: the check does not validate
    assert bound._errors is None
    bound.is_valid()
    assert has_invalid_form({"form": bound})
    assert has_invalid_form({"forms": [unbound, bound]})
    formset_class = forms.formset_factory(NameForm, min_num=1, validate_min=True)
    formset = formset_class({"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0"})
    formset.is_valid()
    assert has_invalid_form({"formset": formset})
    assert not has_invalid_form({"form": NameForm({"name": "Kim"})})
