"""Demo data a visitor believes (issue 12): no text copied between sample records, no
Werkstatt on a public holiday or a weekend, project logs and events that agree, and a first
retention run after a fresh demo that has nothing to anonymise."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from quartiersnetz.demo import dates
from quartiersnetz.demo import events as event_demo
from quartiersnetz.events.models import AgendaItem, Event, Registration
from quartiersnetz.events.registration_services import events_due_for_personal_data_removal
from quartiersnetz.practices.models import Practice
from quartiersnetz.projects.models import Project, ProjectLogEntry

pytestmark = pytest.mark.django_db

PRACTICE_TEXTS = (
    "summary",
    "description",
    "co_creation",
    "organisational_structure",
    "financing",
    "cultural_strategy",
    "self_sustaining_dynamics",
)
PROJECT_URL = re.compile(r"/vorhaben/([-\w]+)/")


@pytest.fixture
def demo(db):
    call_command("demo_data", stdout=StringIO())


def _local_days(event: Event) -> list[dt.date]:
    first, last = timezone.localdate(event.start), timezone.localdate(event.end)
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _duplicates(values: list[str]) -> list[str]:
    return [value[:60] for value, n in Counter(v for v in values if v).items() if n > 1]


# --- Calendar -----------------------------------------------------------------------------


def test_holidays_of_a_year_are_computed():
    assert dates.easter_sunday(2025) == dt.date(2025, 4, 20)
    assert dates.easter_sunday(2027) == dt.date(2027, 3, 28)
    assert set(dates.holidays(2026)) == {
        dt.date(2026, 1, 1),
        dt.date(2026, 4, 3),  # Karfreitag
        dt.date(2026, 4, 6),  # Ostermontag
        dt.date(2026, 5, 1),
        dt.date(2026, 5, 14),  # Christi Himmelfahrt
        dt.date(2026, 5, 25),  # Pfingstmontag
        dt.date(2026, 10, 3),
        dt.date(2026, 12, 24),
        dt.date(2026, 12, 25),
        dt.date(2026, 12, 26),
        dt.date(2026, 12, 31),
    }


def test_event_days_avoid_holidays_and_weekends_whatever_today_is():
    today = dt.date(2026, 1, 1)
    for _ in range(2 * 366):
        for spec in event_demo.SPECS:
            first = event_demo.event_day(spec, today)
            days = [first + dt.timedelta(days=n) for n in range(spec.days)]
            assert all(dates.is_working_day(day) for day in days), (spec.slug, today)
            # Past stays past, upcoming stays upcoming.
            assert (days[-1] < today) if spec.offset_days < 0 else (first > today)
        today += dt.timedelta(days=1)


# --- A fresh demo -----------------------------------------------------------------------------


def test_no_text_is_copied_between_sample_records(demo):
    practices = list(Practice.objects.filter(is_sample=True))
    assert len(practices) > 50
    for field in PRACTICE_TEXTS:
        assert not _duplicates([getattr(p, field) for p in practices]), field
    events = list(Event.objects.filter(is_sample=True))
    projects = list(Project.objects.filter(is_sample=True))
    for record in (*practices, *events, *projects):
        assert record.summary.strip().rstrip(".") != record.title.strip(), record.title
        assert record.title not in record.summary, record.title
    # Werkstatt documentations: each its own, not even a line in common.
    documentations = [e.documentation for e in events if e.documentation]
    assert len(documentations) >= 6
    lines = [
        line.strip()
        for text in documentations
        for line in set(text.replace("*Beispieldaten.*", "").split("\n"))
        if len(line.strip()) > 30
    ]
    assert not _duplicates(lines)
    assert not _duplicates([e.description for e in events])
    outcomes = AgendaItem.objects.filter(event__is_sample=True).exclude(outcome="")
    assert outcomes.exists()
    assert not _duplicates(list(outcomes.values_list("outcome", flat=True)))


def test_dates_and_links_agree(demo, client):
    now = timezone.now()
    today = timezone.localdate()
    events = list(Event.objects.filter(is_sample=True).select_related("format"))
    for event in events:
        for day in _local_days(event):
            assert not dates.is_holiday(day), (event.slug, day)
            assert day.weekday() < 5, (event.slug, day)
        if event.start > now and event.admission != Event.Admission.NONE:
            assert event.registration_closes is None or event.registration_closes > now
        if event.documented_at is not None:
            assert event.end < event.documented_at <= now
    past_workshops = [e for e in events if e.format.slug == "praxiswerkstatt" and e.end < now]
    assert sum(bool(e.documentation) for e in past_workshops) >= len(past_workshops) - 1

    projects = {p.slug: p for p in Project.objects.filter(is_sample=True)}
    entries = ProjectLogEntry.objects.filter(project__is_sample=True).select_related(
        "project", "event"
    )
    linked = [e for e in entries if e.event is not None]
    assert linked
    for entry in entries:
        assert entry.date <= today, entry
    for entry in linked:
        # Written after the workshop it reports on, or an invitation before an upcoming one;
        # either way the workshop names the project.
        if entry.event.end < now:
            assert entry.date > timezone.localdate(entry.event.end), entry
        else:
            assert entry.date < timezone.localdate(entry.event.start), entry
            assert entry.title == "Einladung zur Werkstatt verschickt", entry
        assert entry.project.get_absolute_url() in entry.event.description, entry
    for event in events:
        for slug in PROJECT_URL.findall(event.description):
            project = projects[slug]
            assert project.state == Project.State.PUBLIC
            # Held by the project's partners, its lead as host.
            lead = project.partner_roles.get(is_lead=True).actor
            assert event.event_partners.get(role="host").actor == lead
            # The project's log links it back (a report, or the invitation before it).
            assert project.log_entries.filter(event=event).exists(), (event.slug, slug)
        # An event named after a project accompanies it (e.g. "Praxiswerkstatt Dorfladen plus").
        for project in projects.values():
            if project.title in event.title:
                assert project.get_absolute_url() in event.description, event.title
    assert any(p.title == "Dorfladen plus" for p in projects.values())
    dorfladen = Event.objects.get(is_sample=True, title="Praxiswerkstatt Dorfladen plus")
    assert dorfladen.project_log_entries.filter(project__title="Dorfladen plus").exists()
    # The project page shows its log with the linked workshop.
    page = client.get(dorfladen.project_log_entries.get().project.get_absolute_url())
    assert page.status_code == 200
    assert dorfladen.get_absolute_url() in page.content.decode()


def test_first_retention_run_after_a_fresh_demo_anonymises_nothing(demo, settings):
    now = timezone.now()
    cutoff = now - dt.timedelta(days=settings.EVENTS_PERSONAL_DATA_RETENTION_DAYS)
    old = Registration.objects.filter(event__is_sample=True, event__end__lt=cutoff)
    assert old.exists()  # the demo has an event past the retention period
    assert not old.filter(anonymised_at__isnull=True).exists()
    assert not old.exclude(name="anonymisiert").exists()
    assert not old.filter(email__endswith="@example.org").exists()
    assert not Event.objects.filter(
        pk__in=events_due_for_personal_data_removal(now=now), is_sample=True
    ).exists()
    fresh = Registration.objects.filter(event__is_sample=True, event__end__gte=cutoff)
    assert fresh.filter(anonymised_at__isnull=True).exists()

    out = StringIO()
    call_command("remove_event_personal_data", stdout=out)
    assert out.getvalue().startswith("Anonymised 0 registration(s)")
