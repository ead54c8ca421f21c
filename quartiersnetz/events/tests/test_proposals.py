"""Members propose events to the curators: `services.event_propose`, its form, the e-mails."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.events import services
from quartiersnetz.events.forms import EventProposalForm
from quartiersnetz.events.models import Event, EventFormat, EventPartner
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices.curation_selectors import author_actors
from quartiersnetz.taxonomy.models import ActionField, Approach, SpatialField

pytestmark = pytest.mark.django_db


def in_days(days: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def proposal_data(**overrides):
    data = {
        "format": EventFormat.objects.get(slug="praxiswerkstatt"),
        "title": "Leerstand gemeinsam beleben",
        "summary": "Wie aus leeren Läden Orte für die Nachbarschaft werden.",
        "description": "Rundgang und Arbeit in Gruppen.",
        "start": in_days(40, 10),
        "end": in_days(40, 16),
        "time_zone": "Europe/Berlin",
        "mode": Event.Mode.ON_SITE,
        "municipality": None,
        "venue_name": "",
        "address": "",
        "online_url": "",
        "spatial_field": None,
        "action_field": None,
        "proposal_note": "Der Termin ist flexibel; wir haben einen Raum in Aussicht.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def member():
    return MembershipFactory(organisation__name="Stadtteilverein Wanne").user


@pytest.fixture
def organisation(member):
    return member.memberships.get().organisation


def test_a_proposal_is_a_draft_for_the_curators(
    member, organisation, curator, django_capture_on_commit_callbacks
):
    approach = Approach.objects.first()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event = services.event_propose(
            user=member, actor=organisation, data=proposal_data(), approaches=[approach]
        )
    event.refresh_from_db()
    assert event.state == Event.State.DRAFT
    assert not Event.PUBLIC.holds(event)
    assert not Event.objects.published().filter(pk=event.pk).exists()
    assert event.created_by == member
    assert event.proposed_by == organisation
    assert event.proposal_note.startswith("Der Termin ist flexibel")
    assert list(event.approaches.all()) == [approach]
    # The proposing organisation hosts the event.
    assert list(event.event_partners.values_list("actor_id", "role")) == [
        (organisation.pk, EventPartner.Role.HOST)
    ]
    # Registration settings are the curators' defaults, not the proposer's.
    assert event.series is None
    assert event.capacity is None
    entry = AuditEntry.objects.get(action="event.propose", object_id=str(event.pk))
    assert entry.user == member
    assert entry.changes["proposed_by"] == "Stadtteilverein Wanne"
    assert AuditEntry.objects.filter(action="event.create", object_id=str(event.pk)).exists()
    # The curators hear of it once committed: one e-mail with the note and the edit link.
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [curator.email]
    assert "Leerstand gemeinsam beleben" in message.subject
    assert "Stadtteilverein Wanne" in message.body
    assert "Der Termin ist flexibel" in message.body
    assert f"/werkstaetten/{event.slug}/bearbeiten/" in message.body
    # The note is for the curators only: it is not searchable.
    assert "flexibel" not in event.search_text


def test_no_mail_before_the_commit(member, organisation, curator):
    services.event_propose(user=member, actor=organisation, data=proposal_data())
    assert mail.outbox == []  # the test's transaction never commits


def test_an_expert_proposes_for_their_own_profile(curator):
    expert = PersonFactory(name="Dr. Kim Quartier")
    event = services.event_propose(user=expert.user, actor=expert, data=proposal_data())
    assert event.proposed_by == expert
    assert event.created_by == expert.user


@pytest.mark.parametrize("who", ["stranger", "other_member", "other_expert"])
def test_foreign_actors_are_refused(member, organisation, who):
    if who == "stranger":
        user = UserFactory()
    elif who == "other_member":
        user = MembershipFactory().user  # a member of another organisation
    else:
        user = PersonFactory().user
    with pytest.raises(ValidationError) as exc:
        services.event_propose(user=user, actor=organisation, data=proposal_data())
    assert "actor" in exc.value.message_dict
    assert not Event.objects.filter(title="Leerstand gemeinsam beleben").exists()
    assert not AuditEntry.objects.filter(action="event.propose").exists()


def test_a_hidden_profile_cannot_propose(member, organisation):
    organisation.is_hidden = True
    organisation.save()
    with pytest.raises(ValidationError) as exc:
        services.event_propose(user=member, actor=organisation, data=proposal_data())
    assert "ausgeblendet" in exc.value.message_dict["actor"][0]
    assert not Event.objects.filter(proposed_by=organisation).exists()


def test_open_proposals_are_limited(member, organisation, settings):
    settings.EVENT_PROPOSALS_OPEN_MAX = 2
    for n in range(2):
        services.event_propose(
            user=member, actor=organisation, data=proposal_data(title=f"Vorschlag {n}")
        )
    with pytest.raises(ValidationError) as exc:
        services.event_propose(user=member, actor=organisation, data=proposal_data())
    assert "schon 2 Vorschläge" in exc.value.messages[0]
    assert Event.objects.filter(created_by=member).count() == 2


def test_published_past_and_curators_drafts_do_not_count(member, organisation, settings):
    settings.EVENT_PROPOSALS_OPEN_MAX = 1
    first = services.event_propose(user=member, actor=organisation, data=proposal_data())
    services.event_update(
        event=first,
        user=None,
        data={
            "venue_name": "Halle",
            "address": "Markt 1",
            "municipality": Municipality.objects.get(ags="05916000"),
        },
    )
    services.event_publish(event=first, user=None)
    # A proposal whose date has passed is no longer open.
    EventFactory(
        state=Event.State.DRAFT,
        created_by=member,
        proposed_by=organisation,
        start=in_days(-3),
        end=in_days(-3, 12),
    )
    # A draft the same account made without proposing (e.g. as a curator) is no proposal.
    EventFactory(state=Event.State.DRAFT, created_by=member)
    assert services.open_proposals(member) == 0
    services.event_propose(user=member, actor=organisation, data=proposal_data(title="Zweiter"))
    assert services.open_proposals(member) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end": in_days(40, 9)}, "end"),  # ends before it begins
        ({"start": in_days(-2), "end": in_days(-2, 12)}, "start"),  # in the past
        ({"format": None}, "format"),
        ({"title": ""}, "title"),
        ({"online_url": "kein-link"}, "online_url"),
        ({"proposal_note": "x" * 5_001}, "proposal_note"),
        (
            {
                "spatial_field": lambda: SpatialField.objects.get(slug="centres"),
                "action_field": lambda: ActionField.objects.exclude(
                    spatial_field__slug="centres"
                ).first(),
            },
            "action_field",
        ),
    ],
)
def test_invalid_proposals_are_refused(member, organisation, overrides, field):
    overrides = {k: v() if callable(v) else v for k, v in overrides.items()}
    events = Event.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.event_propose(user=member, actor=organisation, data=proposal_data(**overrides))
    assert field in exc.value.message_dict, exc.value.message_dict
    assert Event.objects.count() == events
    assert not AuditEntry.objects.filter(action__startswith="event.").exists()


def test_errors_are_reported_together(member, organisation):
    data = proposal_data(start=in_days(-2, 12), end=in_days(-2, 10), proposal_note="x" * 5_001)
    with pytest.raises(ValidationError) as exc:
        services.event_propose(user=member, actor=organisation, data=data)
    assert {"start", "end", "proposal_note"} <= set(exc.value.message_dict)


def test_only_the_proposal_fields_are_taken(member, organisation):
    with pytest.raises(ValueError, match="capacity"):
        services.event_propose(user=member, actor=organisation, data=proposal_data(capacity=500))


def test_publishing_a_proposal_tells_the_proposer(
    member, organisation, curator, django_capture_on_commit_callbacks
):
    member.language = "en"
    member.save()
    event = services.event_propose(user=member, actor=organisation, data=proposal_data())
    services.event_update(
        event=event,
        user=curator,
        data={
            "venue_name": "Halle",
            "address": "Markt 1",
            "municipality": Municipality.objects.get(ags="05916000"),
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.event_publish(event=event, user=curator)
    assert [m.to for m in mail.outbox] == [[member.email]]
    message = mail.outbox[0]
    assert "Leerstand gemeinsam beleben" in message.subject
    assert event.get_absolute_url() in message.body


def test_publishing_a_curators_draft_mails_nobody(curator, django_capture_on_commit_callbacks):
    event = EventFactory(state=Event.State.DRAFT, created_by=curator)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_publish(event=event, user=curator)
    assert mail.outbox == []


# The form -----------------------------------------------------------------------------------


def form_data(organisation, **overrides):
    day = (timezone.localdate() + dt.timedelta(days=40)).isoformat()
    data = {
        "actor": organisation.pk,
        "format": EventFormat.objects.get(slug="praxiswerkstatt").pk,
        "title": "  Leerstand gemeinsam beleben ",
        "summary": "Wie aus leeren Läden Orte werden.",
        "start_date": day, "start_time": "10:00", "end_date": day, "end_time": "16:00",
        "time_zone": "Europe/Berlin", "mode": "online",
        "proposal_note": "Gern im Herbst.",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_form_gives_the_service_its_data(member, organisation):
    approach = Approach.objects.first()
    form = EventProposalForm(
        form_data(organisation, approaches=[approach.pk]), author_actors=author_actors(member)
    )
    assert form.is_valid(), form.errors
    data = form.service_data()
    assert set(data) == {*services.PROPOSAL_FIELDS, services.PROPOSAL_NOTE}
    assert data["title"] == "Leerstand gemeinsam beleben"
    assert data["start"].astimezone(dt.UTC) < data["end"].astimezone(dt.UTC)
    assert list(form.cleaned_data["approaches"]) == [approach]
    event = services.event_propose(
        user=member,
        actor=form.cleaned_data["actor"],
        data=data,
        approaches=form.cleaned_data["approaches"],
    )
    assert event.mode == Event.Mode.ONLINE
    assert event.proposal_note == "Gern im Herbst."


def test_form_offers_only_the_users_profiles(member, organisation):
    other = OrganisationFactory()
    form = EventProposalForm(form_data(other), author_actors=author_actors(member))
    assert not form.is_valid()
    assert "actor" in form.errors
    assert list(form.fields["actor"].queryset) == [organisation]


def test_form_checks_the_dates(member, organisation):
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    form = EventProposalForm(
        form_data(organisation, end_time="09:00"), author_actors=author_actors(member)
    )
    assert not form.is_valid()
    assert "end_time" in form.errors
    form = EventProposalForm(
        form_data(organisation, start_date=past, end_date=past),
        author_actors=author_actors(member),
    )
    assert not form.is_valid()
    assert "start_date" in form.errors


def test_service_errors_land_on_the_form_fields(member, organisation):
    form = EventProposalForm(form_data(organisation), author_actors=author_actors(member))
    assert form.is_valid()
    form.add_service_errors(
        ValidationError({"start": "früh", "end": "spät", "actor": "fremd", "partners": "x"})
    )
    assert form.errors["start_date"] == ["früh"]
    assert form.errors["end_time"] == ["spät"]
    assert form.errors["actor"] == ["fremd"]
    assert form.non_field_errors() == ["x"]
