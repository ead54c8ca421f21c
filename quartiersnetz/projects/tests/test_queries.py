"""The list and the detail page make the same number of queries at 10 and 1 000 projects."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.tests.factories import MembershipFactory
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.projects.models import Learning, Project, ProjectLogEntry, ProjectPartner
from quartiersnetz.taxonomy.models import ActionField, Sector, SpatialField

pytestmark = pytest.mark.django_db

PHASES = Project.Phase.values
METHODS = ["design_thinking", "living_lab", "none"]
STEPS = {"design_thinking": "ideen", "living_lab": "exploration", "none": ""}


def _bulk(n: int, *, offset: int = 0, partner: Actor | None = None) -> list[Project]:
    places = list(Municipality.objects.filter(ags__in=["05916000", "14713000", "11000000"]))
    fields = list(SpatialField.objects.all())
    action_fields = {a.spatial_field_id: a for a in ActionField.objects.all()}
    sector = Sector.objects.first()
    now = timezone.now()
    projects = []
    for i in range(n):
        method = METHODS[i % 3]
        field = fields[i % len(fields)]
        public = i % 4 != 0
        projects.append(
            Project(
                title=f"Vorhaben {offset + i:05d} im Quartier",
                slug=f"vorhaben-bulk-{offset + i}",
                summary="Ein Vorhaben.",
                municipality=places[i % len(places)],
                phase=PHASES[i % len(PHASES)],
                method=method,
                current_step=STEPS[method],
                spatial_field=field,
                action_field=action_fields.get(field.pk),
                state=Project.State.PUBLIC if public else Project.State.AWAITING_CONSENT,
                public_since=now if public else None,
                search_text=f"vorhaben {offset + i} im quartier",
            )
        )
    projects = Project.objects.bulk_create(projects)
    actor = partner or Actor.objects.create(
        kind=Actor.Kind.ORGANISATION, name=f"Träger {offset}", slug=f"traeger-{offset}",
        sector=sector,
    )  # fmt: skip
    ProjectPartner.objects.bulk_create(
        ProjectPartner(project=p, actor=actor, consented_at=p.public_since) for p in projects
    )
    return projects


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["anonymous", "partner", "curator"])
@pytest.mark.parametrize(
    "url",
    [
        "/vorhaben/",
        "/vorhaben/?phase=trial&seite=2",
        "/vorhaben/?q=quartier&method=living_lab&state=05&spatial_field=quarters",
        "/vorhaben/erkenntnisse/",
    ],
)
def test_list_query_count_is_constant_at_10_and_1000(client, curator, url, role):
    member = MembershipFactory()
    if role == "partner":
        client.force_login(member.user)
    elif role == "curator":
        client.force_login(curator)
    projects = _bulk(10, partner=member.organisation)
    Learning.objects.bulk_create(
        Learning(project=p, title="E", body="B", is_published=True, published_at=timezone.now())
        for p in projects
    )
    small = _count(client, url)
    more = _bulk(990, offset=10)
    Learning.objects.bulk_create(
        Learning(project=p, title="E", body="B", is_published=True, published_at=timezone.now())
        for p in more
    )
    large = _count(client, url)
    assert small == large
    assert large <= 20


def _fill(project: Project, n: int, practice, event) -> None:
    entries = ProjectLogEntry.objects.bulk_create(
        ProjectLogEntry(
            project=project, date=dt.date(2025, 1, 1) + dt.timedelta(days=i // 2),
            title=f"Eintrag {i}", body="**Text**", step="ideen", event=event,
        )
        for i in range(n)
    )  # fmt: skip
    learnings = Learning.objects.bulk_create(
        Learning(
            project=project, log_entry=e, title=f"Erkenntnis {i}", body="B",
            is_published=True, published_at=timezone.now(),
        )
        for i, e in enumerate(entries)
    )  # fmt: skip
    through = Learning.practices.through
    through.objects.bulk_create(
        through(learning_id=learning.pk, practice_id=practice.pk) for learning in learnings
    )
    sector = Sector.objects.first()
    actors = Actor.objects.bulk_create(
        Actor(
            kind=Actor.Kind.ORGANISATION, name=f"Partner {project.pk}-{i}",
            slug=f"partner-{project.pk}-{i}", sector=sector,
        )
        for i in range(n)
    )  # fmt: skip
    ProjectPartner.objects.bulk_create(
        ProjectPartner(project=project, actor=a, consented_at=timezone.now()) for a in actors
    )


@pytest.mark.parametrize("role", ["anonymous", "partner", "curator"])
def test_detail_query_count_is_constant(client, curator, role):
    member = MembershipFactory()
    if role == "partner":
        client.force_login(member.user)
    elif role == "curator":
        client.force_login(curator)
    practice = PracticeFactory()
    event = EventFactory()
    small_project = _bulk(10, partner=member.organisation)[1]
    _fill(small_project, 10, practice, event)
    small = _count(client, small_project.get_absolute_url())
    big_project = _bulk(990, offset=10, partner=member.organisation)[1]
    _fill(big_project, 100, practice, event)
    large = _count(client, big_project.get_absolute_url())
    assert small == large
    assert large <= 20
