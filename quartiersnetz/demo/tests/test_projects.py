"""The sample projects: deterministic, idempotent, tolerant of missing sample data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.demo import projects as demo
from quartiersnetz.events.models import Event
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.projects.models import Learning, Project, ProjectLogEntry
from quartiersnetz.projects.selectors import visible_projects

pytestmark = pytest.mark.django_db

PLACES = ["04011000", "13003000", "14713000", "01004000", "09461000", "05916000", "06413000"]


@pytest.fixture
def samples():
    places = list(Municipality.objects.filter(ags__in=PLACES).order_by("ags"))
    slugs = sorted({slug for spec in demo.PROJECTS for slug, _role in spec.partners})
    for i, slug in enumerate(slugs):
        OrganisationFactory(slug=slug, name=slug, is_sample=True, municipality=places[i % 7])
    PracticeFactory(slug="kaufhaus-umnutzung-am-markt-bremen", is_sample=True)


def test_load_is_idempotent_and_varied(samples, curator):
    Event.objects.all().delete()  # tolerates a database without Praxiswerkstätten
    first = demo.load(curator=curator, demo_user=None)
    assert first == {"created": len(demo.PROJECTS), "skipped": 0}
    projects = Project.objects.all()
    assert 6 <= projects.count() <= 8
    assert all(p.is_sample for p in projects)
    assert projects.filter(state=Project.State.AWAITING_CONSENT).count() == 1
    assert len(set(projects.values_list("phase", flat=True))) == 4
    assert len(set(projects.values_list("method", flat=True))) == 3
    assert len(set(projects.values_list("municipality__state", flat=True))) >= 4
    for project in projects:
        project.full_clean()
        assert project.partner_roles.count() >= 2
    assert Learning.objects.filter(practices__slug="kaufhaus-umnutzung-am-markt-bremen").exists()
    assert not ProjectLogEntry.objects.filter(event__isnull=False).exists()
    counts = (Project.objects.count(), ProjectLogEntry.objects.count(), Learning.objects.count())
    assert demo.load(curator=curator) == {"created": 0, "skipped": len(demo.PROJECTS)}
    assert (Project.objects.count(), ProjectLogEntry.objects.count(), Learning.objects.count()) == (
        counts
    )


def test_links_workshops_and_lets_the_demo_login_consent(samples, curator):
    now = timezone.now()
    past = EventFactory(
        slug="beispiel-praxiswerkstatt-hallenberg",
        is_sample=True,
        start=now - dt.timedelta(days=40),
        end=now - dt.timedelta(days=40) + dt.timedelta(hours=6),
    )
    upcoming = EventFactory(slug="beispiel-sondierung-halle", is_sample=True)
    EventFactory(slug="anderswo", is_sample=True, start=now - dt.timedelta(days=20))
    demo_user = MembershipFactory(organisation=OrganisationFactory(name="Demo-Verein")).user
    demo.load(curator=curator, demo_user=demo_user)
    # The past workshop of "Dorfladen plus" is linked from its log, dated after the workshop,
    # and links the project back; the upcoming one announces the project, and the project's
    # log notes the invitation before it.
    entry = ProjectLogEntry.objects.get(event=past)
    assert entry.event == past
    assert entry.project.slug == "dorfladen-plus-hallenberg"
    assert entry.date > timezone.localtime(past.end).date()
    past.refresh_from_db()
    assert entry.project.get_absolute_url() in past.description
    upcoming.refresh_from_db()
    assert "/vorhaben/innenstadtdialog-halle/" in upcoming.description
    invitation = upcoming.project_log_entries.get()
    assert invitation.project.slug == "innenstadtdialog-halle"
    assert invitation.date < timezone.localtime(upcoming.start).date()
    assert "/vorhaben/" not in Event.objects.get(slug="anderswo").description
    awaiting = Project.objects.get(state=Project.State.AWAITING_CONSENT)
    pending = awaiting.partner_roles.get(consented_at__isnull=True)
    assert pending.actor.name == "Demo-Verein"
    assert awaiting in visible_projects(demo_user)
    assert awaiting not in visible_projects(UserFactory())


def test_without_sample_organisations_nothing_is_created(curator):
    assert demo.load(curator=curator)["created"] == 0
    assert not Project.objects.exists()
