"""News end to end: a lower app's service records it, `handle_news` tells the right people.

Each test calls the real service, then handles the waiting news the way the worker does
(decision 0011), and checks who got a notification — and who did not.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from quartiersnetz.alliances import services as alliance_services
from quartiersnetz.alliances.models import AllianceMember
from quartiersnetz.alliances.tests.factories import AllianceFactory, MemberFactory
from quartiersnetz.contact import services as contact_services
from quartiersnetz.contact.models import Block, Message
from quartiersnetz.core import news as core_news
from quartiersnetz.core.models import News
from quartiersnetz.events import agenda_services, documentation_services, registration_services
from quartiersnetz.events import services as event_services
from quartiersnetz.events.models import AgendaItem, Event, Registration
from quartiersnetz.events.tests.factories import (
    EventFactory,
    EventPartnerFactory,
    RegistrationFactory,
    SeriesFactory,
)
from quartiersnetz.network import services as network_services
from quartiersnetz.network.models import Connection
from quartiersnetz.notifications import news, tasks
from quartiersnetz.notifications.models import Follow, Notification
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices import services as practice_services
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeActorFactory, SubmittedPracticeFactory
from quartiersnetz.projects import services as project_services
from quartiersnetz.projects.tests.factories import (
    LearningFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    PublicProjectFactory,
)
from quartiersnetz.publications import services as publication_services
from quartiersnetz.publications.tests.factories import PublicationFactory
from quartiersnetz.taxonomy.models import ActionField, Approach

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def follower(target: str, key: object) -> object:
    user = UserFactory()
    Follow.objects.create(user=user, target=target, key=str(key))
    return user


def notified(kind: str) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def handle() -> int:
    return tasks.handle_waiting_news()


# --- Followers of a published record ---------------------------------------------------------


def test_practice_published_reaches_followers_of_its_targets(curator):
    field = ActionField.objects.order_by("pk").first()
    approach = Approach.objects.order_by("pk").first()
    partner = OrganisationFactory()
    practice = SubmittedPracticeFactory(action_fields=[field], approaches=[approach])
    PracticeActorFactory(practice=practice, actor=partner)
    fans = {
        follower("actor", practice.organisation_id).pk,
        follower("actor", partner.pk).pk,
        follower("action_field", field.pk).pk,
        follower("approach", approach.pk).pk,
        follower("spatial_field", practice.spatial_field_id).pk,
        follower("state", practice.municipality.state).pk,
    }
    other_field = ActionField.objects.exclude(pk=field.pk).first()
    outsider = follower("action_field", other_field.pk)

    practice_services.practice_publish(practice=practice, curator=curator)
    assert News.objects.filter(kind="practice_published", handled_at__isnull=True).exists()
    handle()

    assert notified(Kind.PRACTICE_PUBLISHED) == fans
    assert outsider.pk not in notified(Kind.PRACTICE_PUBLISHED)
    note = Notification.objects.filter(kind=Kind.PRACTICE_PUBLISHED).first()
    assert (note.title, note.url, note.subject_type) == (
        practice.title,
        practice.get_absolute_url(),
        "practice",
    )
    assert not News.objects.filter(handled_at__isnull=True).exists()


def test_the_author_of_a_record_is_not_told_of_its_publication(curator):
    """Who wrote a practice, an event or a publication follows the organisation it belongs to
    (or its field): the other followers hear of it, the author does not."""
    author, fan = UserFactory(), UserFactory()
    practice = SubmittedPracticeFactory(created_by=author)
    event = EventFactory(state=Event.State.DRAFT, created_by=author)
    field = ActionField.objects.order_by("pk").first()
    publication = PublicationFactory(is_published=False, action_field=field, submitted_by=author)
    for user in (author, fan):
        Follow.objects.create(user=user, target="actor", key=str(practice.organisation_id))
        Follow.objects.create(user=user, target="state", key=event.municipality.state)
        Follow.objects.create(user=user, target="action_field", key=str(field.pk))
    practice_services.practice_publish(practice=practice, curator=curator)
    event_services.event_publish(event=event, user=curator)
    publication_services.publication_publish(user=curator, publication=publication)
    handle()
    for kind in (Kind.PRACTICE_PUBLISHED, Kind.EVENT_PUBLISHED, Kind.PUBLICATION_PUBLISHED):
        assert notified(kind) == {fan.pk}, kind


def test_practice_hidden_again_before_handling_notifies_nobody(curator):
    practice = SubmittedPracticeFactory()
    fan = follower("actor", practice.organisation_id)
    practice_services.practice_publish(practice=practice, curator=curator)
    Practice.objects.filter(pk=practice.pk).update(state=Practice.State.RETURNED)
    handle()
    assert not Notification.objects.exists()
    assert fan.notifications.count() == 0
    assert not News.objects.filter(handled_at__isnull=True).exists()


def test_hidden_actor_is_no_target_but_the_public_record_still_reaches_others(curator):
    hidden = OrganisationFactory(is_hidden=True)
    practice = SubmittedPracticeFactory()
    PracticeActorFactory(practice=practice, actor=hidden)
    hidden_fan = follower("actor", hidden.pk)
    field_fan = follower("spatial_field", practice.spatial_field_id)
    practice_services.practice_publish(practice=practice, curator=curator)
    handle()
    assert notified(Kind.PRACTICE_PUBLISHED) == {field_fan.pk}
    assert hidden_fan.pk not in notified(Kind.PRACTICE_PUBLISHED)


def test_event_published_reaches_series_partners_and_place(curator):
    series = SeriesFactory()
    partner = OrganisationFactory()
    event = EventFactory(state=Event.State.DRAFT, series=series)
    EventPartnerFactory(event=event, actor=partner)
    fans = {
        follower("series", series.pk).pk,
        follower("actor", partner.pk).pk,
        follower("state", event.municipality.state).pk,
        follower("spatial_field", event.spatial_field_id).pk,
    }
    outsider = follower("series", SeriesFactory().pk)
    event_services.event_publish(event=event, user=curator)
    handle()
    assert notified(Kind.EVENT_PUBLISHED) == fans
    assert outsider.pk not in notified(Kind.EVENT_PUBLISHED)


def test_draft_event_notifies_nobody():
    event = EventFactory(state=Event.State.DRAFT)
    follower("state", event.municipality.state)
    core_news.record("event_published", event.pk)
    handle()
    assert not Notification.objects.exists()


def test_programme_of_a_public_event_reaches_its_followers_once(curator):
    event = EventFactory()
    fan = follower("event", event.pk)
    state_fan = follower("state", event.municipality.state)
    data = {
        "start": event.start,
        "end": event.start + dt.timedelta(minutes=30),
        "title": "Begrüßung",
        "kind": AgendaItem.Kind.PRACTICE_INPUT,
    }
    agenda_services.agenda_item_create(event=event, user=curator, data=data)
    agenda_services.agenda_item_create(event=event, user=curator, data={**data, "title": "Input"})
    handle()
    assert notified(Kind.EVENT_PROGRAMME) == {fan.pk}
    assert state_fan.pk not in notified(Kind.EVENT_PROGRAMME)
    assert Notification.objects.filter(kind=Kind.EVENT_PROGRAMME).count() == 1


def test_programme_of_a_draft_records_no_news(curator):
    event = EventFactory(state=Event.State.DRAFT)
    follower("event", event.pk)
    agenda_services.agenda_item_create(
        event=event,
        user=curator,
        data={"start": event.start, "title": "Begrüßung", "kind": AgendaItem.Kind.PRACTICE_INPUT},
    )
    assert not News.objects.filter(kind="event_programme").exists()


def test_documentation_reaches_followers_of_the_event_the_first_time(curator):
    event = EventFactory(start=timezone.now() - dt.timedelta(days=3))
    fan = follower("event", event.pk)
    documentation_services.event_document(event=event, user=curator, documentation="Bericht")
    documentation_services.event_document(event=event, user=curator, documentation="Bericht 2")
    assert News.objects.filter(kind="event_documentation").count() == 1
    handle()
    assert notified(Kind.EVENT_DOCUMENTATION) == {fan.pk}


def test_publication_published_reaches_followers_of_authors_and_field(curator):
    field = ActionField.objects.order_by("pk").first()
    author = OrganisationFactory()
    publication = PublicationFactory(is_published=False, action_field=field, authors=[author])
    fans = {follower("actor", author.pk).pk, follower("action_field", field.pk).pk}
    publication_services.publication_publish(user=curator, publication=publication)
    publication_services.publication_publish(user=curator, publication=publication)  # no-op
    assert News.objects.filter(kind="publication_published").count() == 1
    handle()
    assert notified(Kind.PUBLICATION_PUBLISHED) == fans


def test_learning_reaches_followers_of_the_project():
    project = PublicProjectFactory()
    learning = LearningFactory(project=project, is_published=False)
    fan = follower("project", project.pk)
    other = follower("project", PublicProjectFactory().pk)
    project_services.learning_publish(learning=learning, user=UserFactory())
    handle()
    assert notified(Kind.PROJECT_LEARNING) == {fan.pk}
    note = Notification.objects.get(kind=Kind.PROJECT_LEARNING)
    assert note.url == f"{project.get_absolute_url()}#erkenntnis-{learning.pk}"
    assert other.pk not in notified(Kind.PROJECT_LEARNING)


def test_learning_of_a_project_that_is_not_public_notifies_nobody():
    project = ProjectFactory()
    learning = LearningFactory(project=project, is_published=False)
    follower("project", project.pk)
    project_services.learning_publish(learning=learning, user=UserFactory())
    handle()
    assert not Notification.objects.exists()


def _alliance_with_lead():
    alliance = AllianceFactory()
    lead = MembershipFactory()
    MemberFactory(alliance=alliance, actor=lead.organisation, is_lead=True)
    return alliance, lead.user


def test_new_member_reaches_followers_of_alliance_and_actor_once_both_consented():
    alliance, lead_user = _alliance_with_lead()
    joining = MembershipFactory()
    alliance_fan = follower("alliance", alliance.pk)
    actor_fan = follower("actor", joining.organisation_id)
    member = alliance_services.alliance_invite(
        alliance=alliance, user=lead_user, actor=joining.organisation
    )
    handle()
    assert not Notification.objects.exists()  # only one side consented: not public
    alliance_services.alliance_accept(member=member, user=joining.user)
    handle()
    assert notified(Kind.ALLIANCE_MEMBER) == {alliance_fan.pk, actor_fan.pk}


def test_membership_not_public_notifies_nobody():
    alliance, _lead_user = _alliance_with_lead()
    pending = MemberFactory(alliance=alliance, actor_consented_at=None)
    hidden = MemberFactory(alliance=alliance, actor=OrganisationFactory(is_hidden=True))
    follower("alliance", alliance.pk)
    core_news.record("alliance_member", pending.pk)
    core_news.record("alliance_member", hidden.pk)
    handle()
    assert not Notification.objects.exists()
    assert AllianceMember.objects.filter(alliance=alliance).count() == 3


# --- The people directly concerned -----------------------------------------------------------


def test_connection_proposed_and_confirmed_reach_the_other_side():
    ours, theirs = MembershipFactory(), MembershipFactory()
    colleague = MembershipFactory(organisation=theirs.organisation)
    our_colleague = MembershipFactory(organisation=ours.organisation)
    follower("actor", theirs.organisation_id)  # following is not being concerned
    connection = network_services.connection_propose(
        user=ours.user,
        from_actor=ours.organisation,
        to_actor=theirs.organisation,
        kind=Connection.Kind.WORKS_WITH,
    )
    handle()
    assert notified(Kind.CONNECTION_PROPOSED) == {theirs.user_id, colleague.user_id}
    network_services.connection_confirm(user=theirs.user, connection=connection)
    handle()
    assert notified(Kind.CONNECTION_CONFIRMED) == {ours.user_id, our_colleague.user_id}
    assert Notification.objects.filter(kind=Kind.CONNECTION_PROPOSED).count() == 2


def test_connection_with_a_hidden_actor_notifies_nobody():
    ours, theirs = MembershipFactory(), MembershipFactory()
    connection = network_services.connection_propose(
        user=ours.user,
        from_actor=ours.organisation,
        to_actor=theirs.organisation,
        kind=Connection.Kind.KNOWS,
    )
    theirs.organisation.is_hidden = True
    theirs.organisation.save()
    handle()
    assert not Notification.objects.exists()
    assert Connection.objects.filter(pk=connection.pk).exists()


def test_registration_promoted_reaches_the_account_holder():
    event = EventFactory(capacity=1)
    taken = RegistrationFactory(event=event)
    waiting_user = UserFactory()
    waiting = RegistrationFactory(
        event=event, status=Registration.Status.WAITLISTED, user=waiting_user, confirmed_at=None
    )
    registration_services.registration_cancel(registration=taken, notify=False)
    handle()
    assert notified(Kind.WAITLIST_PROMOTED) == {waiting_user.pk}
    note = Notification.objects.get(kind=Kind.WAITLIST_PROMOTED)
    assert (note.subject_type, note.subject_id, note.url) == (
        "registration",
        str(waiting.pk),
        event.get_absolute_url(),
    )


def test_registration_without_account_is_promoted_silently():
    event = EventFactory(capacity=1)
    taken = RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED, confirmed_at=None)
    registration_services.registration_cancel(registration=taken, notify=False)
    assert News.objects.filter(kind="registration_promoted").count() == 1
    handle()
    assert not Notification.objects.exists()


def test_message_reaches_the_other_side_but_not_the_author():
    ours, theirs = MembershipFactory(), MembershipFactory()
    colleague = MembershipFactory(organisation=theirs.organisation)
    expert = PersonFactory()
    thread = contact_services.contact_start(
        user=ours.user,
        sender_actor=ours.organisation,
        recipient_actor=theirs.organisation,
        subject="Frage zum Leerstand",
        body="Hallo!",
    )
    handle()
    assert notified(Kind.MESSAGE_RECEIVED) == {theirs.user_id, colleague.user_id}
    note = Notification.objects.filter(kind=Kind.MESSAGE_RECEIVED).first()
    assert note.url == f"/konto/nachrichten/{thread.pk}/"
    contact_services.message_reply(user=colleague.user, thread=thread, body="Gern!")
    handle()
    assert Notification.objects.filter(recipient=ours.user, kind=Kind.MESSAGE_RECEIVED).count() == 1
    # An expert profile's person hears of a message to it.
    contact_services.contact_start(
        user=ours.user,
        sender_actor=ours.organisation,
        recipient_actor=expert,
        subject="Anfrage",
        body="Guten Tag",
    )
    handle()
    assert expert.user_id in notified(Kind.MESSAGE_RECEIVED)


def test_withheld_message_reaches_nobody():
    ours, theirs = MembershipFactory(), MembershipFactory()
    Block.objects.create(actor=theirs.organisation, blocked_actor=ours.organisation)
    thread = contact_services.contact_start(
        user=ours.user,
        sender_actor=ours.organisation,
        recipient_actor=theirs.organisation,
        subject="Frage",
        body="Hallo!",
    )
    assert not News.objects.filter(kind="message_received").exists()
    message = Message.objects.get(thread=thread)
    core_news.record("message_received", message.pk)  # even if recorded, it stays unheard
    handle()
    assert not Notification.objects.exists()


# --- The Themenradar's hook ------------------------------------------------------------------


def test_published_listener_hears_the_ids_still_public(curator):
    heard: list[tuple[str, list[int]]] = []

    def listen(record_type, ids):
        heard.append((record_type, ids))

    news.register_published_listener(listen)
    try:
        shown, hidden = SubmittedPracticeFactory(), SubmittedPracticeFactory()
        practice_services.practice_publish(practice=shown, curator=curator)
        practice_services.practice_publish(practice=hidden, curator=curator)
        Practice.objects.filter(pk=hidden.pk).update(state=Practice.State.RETURNED)
        project = ProjectFactory()
        lead = MembershipFactory()
        ProjectPartnerFactory(project=project, actor=lead.organisation, is_lead=True)
        project_services.project_consent(project=project, user=lead.user)
        alliance = alliance_services.alliance_found(
            user=lead.user,
            organisation=lead.organisation,
            data={
                "name": "Allianz Mitte",
                "summary": "Gemeinsam für die Mitte.",
                "municipality": Municipality.objects.get(ags="05916000"),
            },
        )
        handle()
    finally:
        news.unregister_published_listener(listen)
    assert ("practice", [shown.pk]) in heard
    assert ("project", [project.pk]) in heard
    assert ("alliance", [alliance.pk]) in heard


# --- The worker ------------------------------------------------------------------------------


def test_rerun_is_idempotent(curator):
    practice = SubmittedPracticeFactory()
    follower("actor", practice.organisation_id)
    practice_services.practice_publish(practice=practice, curator=curator)
    handle()
    News.objects.update(handled_at=None)  # as if a second worker handled the same rows
    core_news.record("practice_published", practice.pk)
    handle()
    assert Notification.objects.count() == 1


def _queries_for_followers(count: int, curator) -> int:
    practice = SubmittedPracticeFactory()
    for _ in range(count):
        follower("actor", practice.organisation_id)
        follower("spatial_field", practice.spatial_field_id)
    practice_services.practice_publish(practice=practice, curator=curator)
    with CaptureQueriesContext(connection) as queries:
        handle()
    return len(queries)


def test_query_count_does_not_grow_with_followers(curator):
    few = _queries_for_followers(2, curator)
    Notification.objects.all().delete()
    many = _queries_for_followers(25, curator)
    # 25 + 25 new followers, and the first round's two followers of the same spatial field.
    assert Notification.objects.count() == 52
    assert many == few


def test_unknown_kind_is_marked_handled(caplog):
    row = core_news.record("something_else", 7)
    handle()
    row.refresh_from_db()
    assert row.handled_at is not None
    assert "something_else" in caplog.text


def test_old_handled_rows_are_purged():
    now = timezone.now()
    old = News.objects.create(kind="practice_published", subject_id="1")
    recent = News.objects.create(kind="practice_published", subject_id="2")
    waiting = News.objects.create(kind="practice_published", subject_id="3")
    News.objects.filter(pk=old.pk).update(handled_at=now - dt.timedelta(days=31))
    News.objects.filter(pk=recent.pk).update(handled_at=now - dt.timedelta(days=29))
    assert tasks.purge_handled_news() == 1
    assert set(News.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}


def test_the_commit_runs_the_worker_task(curator, django_capture_on_commit_callbacks):
    practice = SubmittedPracticeFactory()
    fan = follower("actor", practice.organisation_id)
    with django_capture_on_commit_callbacks(execute=True):
        practice_services.practice_publish(practice=practice, curator=curator)
    assert notified(Kind.PRACTICE_PUBLISHED) == {fan.pk}
    assert not News.objects.filter(handled_at__isnull=True).exists()


def test_command_handles_the_waiting_news(curator):
    practice = SubmittedPracticeFactory()
    fan = follower("actor", practice.organisation_id)
    practice_services.practice_publish(practice=practice, curator=curator)
    call_command("handle_news", verbosity=0)
    assert notified(Kind.PRACTICE_PUBLISHED) == {fan.pk}


def test_command_also_sends_the_immediate_mails(curator, mailoutbox):
    from quartiersnetz.notifications.models import NotificationSettings

    practice = SubmittedPracticeFactory()
    fan = follower("actor", practice.organisation_id)
    NotificationSettings.objects.create(
        user=fan, email_enabled=True, deliveries={Kind.PRACTICE_PUBLISHED: "immediate"}
    )
    practice_services.practice_publish(practice=practice, curator=curator)
    call_command("handle_news", verbosity=0)
    assert [m.to for m in mailoutbox] == [[fan.email]]
    assert practice.title in mailoutbox[0].body


def test_a_failing_handler_keeps_its_news_waiting_and_holds_up_nothing(monkeypatch, curator):
    """A broken kind (a bug, a record that cannot be read): its rows stay waiting, whatever it
    wrote before failing is undone, and the news of other kinds behind it is handled."""
    event = EventFactory()
    practice = SubmittedPracticeFactory()
    event_fan = follower("event", event.pk)
    practice_fan = follower("state", practice.municipality.state)

    def broken(subject_ids):
        Notification.objects.create(
            recipient=event_fan, kind=Kind.EVENT_PROGRAMME, subject_type="event", subject_id="1"
        )
        raise RuntimeError("broken handler")

    monkeypatch.setitem(news.HANDLERS, "event_programme", broken)
    core_news.record("event_programme", event.pk)  # recorded first: claimed first
    practice_services.practice_publish(practice=practice, curator=curator)
    handle()
    assert practice_fan.pk in notified(Kind.PRACTICE_PUBLISHED)
    assert not notified(Kind.EVENT_PROGRAMME)  # the savepoint undid the broken handler's row
    assert list(News.objects.filter(handled_at__isnull=True).values_list("kind", flat=True)) == [
        "event_programme"
    ]

    monkeypatch.undo()  # fixed: the next run handles what waited
    handle()
    assert notified(Kind.EVENT_PROGRAMME) == {event_fan.pk}
    assert not News.objects.filter(handled_at__isnull=True).exists()
