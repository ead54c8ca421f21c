"""Contact between actors: services, mails, privacy, abuse control, retention and pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from quartiersnetz.alliances.tests.factories import MemberFactory
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.contact import selectors, services
from quartiersnetz.contact.models import Message, ReadState, Thread
from quartiersnetz.contact.templatetags.contact_text import message_html
from quartiersnetz.projects.tests.factories import PublicProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sides():
    """A sending organisation with one member, a receiving one with two."""
    a_member = UserFactory(email="anna@example.org", display_name="Anna")
    b_member = UserFactory(email="bernd@example.org", display_name="Bernd")
    b_other = UserFactory(email="berta@example.org", display_name="Berta")
    a = MembershipFactory(user=a_member, organisation=OrganisationFactory(name="Stadtteilverein"))
    b = MembershipFactory(user=b_member, organisation=OrganisationFactory(name="Bürgerstiftung"))
    MembershipFactory(user=b_other, organisation=b.organisation)
    return a.organisation, a_member, b.organisation, b_member


def _start(sides, capture, **kwargs):
    a, a_member, b, _ = sides
    with capture(execute=True):
        return services.contact_start(
            user=a_member,
            sender_actor=a,
            recipient_actor=b,
            subject=kwargs.get("subject", "Leerstand am Markt"),
            body=kwargs.get("body", "Wollen wir uns austauschen?"),
        )


def test_start_mails_every_member_of_the_recipient_without_addresses(
    sides, settings, django_capture_on_commit_callbacks
):
    thread = _start(sides, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == ["bernd@example.org", "berta@example.org"]
    for sent in mail.outbox:
        assert len(sent.to) == 1
        assert not sent.cc
        assert not sent.bcc
        assert sent.from_email == settings.DEFAULT_FROM_EMAIL
        assert "anna@example.org" not in sent.message().as_string()
        assert not sent.reply_to
        assert "Stadtteilverein" in sent.subject
        assert "Leerstand am Markt" in sent.subject
        assert "Wollen wir uns austauschen?" in sent.body
        assert reverse("contact:thread", kwargs={"pk": thread.pk}) in sent.body
    assert AuditEntry.objects.filter(action="contact.thread_started").count() == 1


def test_reply_goes_to_the_other_side_only(sides, django_capture_on_commit_callbacks):
    _, a_member, _, b_member = sides
    thread = _start(sides, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.message_reply(user=b_member, thread=thread, body="Gern, wann passt es?")
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert "Bürgerstiftung" in mail.outbox[0].subject
    assert "bernd@example.org" not in mail.outbox[0].message().as_string()
    assert selectors.thread_for(a_member, thread.pk).both_wrote


def test_cannot_write_to_oneself_or_as_someone_else(sides):
    a, a_member, b, b_member = sides
    with pytest.raises(ValidationError):
        services.contact_start(
            user=b_member, sender_actor=PersonFactory(user=b_member), recipient_actor=b,
            subject="x", body="y",
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.contact_start(
            user=a_member, sender_actor=b, recipient_actor=a, subject="x", body="y"
        )


def test_rate_limit_per_user(sides, settings):
    settings.CONTACT_THREADS_PER_DAY = 2
    a, a_member, _, _ = sides
    for _i in range(2):
        services.contact_start(
            user=a_member, sender_actor=a, recipient_actor=OrganisationFactory(),
            subject="s", body="b",
        )  # fmt: skip
    with pytest.raises(ValidationError, match="24 Stunden"):
        services.contact_start(
            user=a_member, sender_actor=a, recipient_actor=OrganisationFactory(),
            subject="s", body="b",
        )  # fmt: skip
    Thread.objects.update(created=timezone.now() - timedelta(hours=25))
    services.contact_start(
        user=a_member, sender_actor=a, recipient_actor=OrganisationFactory(), subject="s", body="b"
    )


def test_rate_limit_shows_a_form_error(sides, client, settings):
    settings.CONTACT_THREADS_PER_DAY = 0
    a, a_member, b, _ = sides
    client.force_login(a_member)
    response = client.post(
        reverse("contact:start", kwargs={"slug": b.slug}),
        {"sender_actor": a.pk, "subject": "Hallo", "body": "Text"},
    )
    assert response.status_code == 400
    assert "24 Stunden" in response.content.decode()
    assert not Thread.objects.exists()


def test_blocked_sender_reaches_nobody_silently(sides, django_capture_on_commit_callbacks):
    a, a_member, b, b_member = sides
    thread = _start(sides, django_capture_on_commit_callbacks)
    services.sender_block(user=b_member, thread=thread)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.message_reply(user=a_member, thread=thread, body="Noch etwas")
        second = services.contact_start(
            user=a_member, sender_actor=a, recipient_actor=b, subject="Neu", body="Hallo?"
        )
    assert mail.outbox == []
    assert reply.is_withheld
    assert second.is_withheld
    # The sender still sees both; the recipient neither.
    assert reply in selectors.thread_for(a_member, thread.pk).messages
    assert reply not in selectors.thread_for(b_member, thread.pk).messages
    assert selectors.thread_for(b_member, second.pk) is None
    assert second not in selectors.inbox(b_member)
    assert AuditEntry.objects.filter(action="contact.sender_blocked").exists()
    services.sender_unblock(user=b_member, thread=thread)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_reply(user=a_member, thread=thread, body="Wieder da")
    assert len(mail.outbox) == 2


def test_suspended_user_cannot_write(sides, curator, client):
    a, a_member, b, _ = sides
    services.sender_suspend(user=curator, writer=a_member, reason="Werbung")
    with pytest.raises(ValidationError):
        services.contact_start(
            user=a_member, sender_actor=a, recipient_actor=b, subject="s", body="b"
        )
    client.force_login(a_member)
    url = reverse("contact:start", kwargs={"slug": b.slug})
    assert "keine Nachrichten schreiben" in client.get(url).content.decode()
    assert client.post(url, {"sender_actor": a.pk, "subject": "s", "body": "b"}).status_code == 403
    services.sender_unsuspend(user=curator, writer=a_member)
    services.contact_start(user=a_member, sender_actor=a, recipient_actor=b, subject="s", body="b")
    assert AuditEntry.objects.filter(action__startswith="contact.writer_").count() == 2


def test_only_curators_suspend(sides):
    _, a_member, _, b_member = sides
    with pytest.raises(PermissionDenied):
        services.sender_suspend(user=b_member, writer=a_member)


def test_report_reaches_the_curators(sides, curator, client, django_capture_on_commit_callbacks):
    _, a_member, _, b_member = sides
    thread = _start(sides, django_capture_on_commit_callbacks)
    message = thread.messages.get()
    with pytest.raises(PermissionDenied):  # one's own side's message
        services.message_report(user=a_member, message=message, reason="x")
    services.message_report(user=b_member, message=message, reason="Unerwünschte Werbung")
    client.force_login(curator)
    page = client.get(reverse("contact:curation_reports")).content.decode()
    assert "Unerwünschte Werbung" in page
    assert "Wollen wir uns austauschen?" in page
    report = selectors.open_reports().get()
    client.post(reverse("contact:curation_suspend", kwargs={"pk": report.pk}), {"reason": "Spam"})
    assert selectors.is_suspended(a_member)
    client.post(reverse("contact:curation_report_resolve", kwargs={"pk": report.pk}))
    assert selectors.open_report_count() == 0


def test_address_appears_only_after_sharing(sides, client, django_capture_on_commit_callbacks):
    _, a_member, _, b_member = sides
    thread = _start(sides, django_capture_on_commit_callbacks)
    client.force_login(b_member)
    url = reverse("contact:thread", kwargs={"pk": thread.pk})
    assert "anna@example.org" not in client.get(url).content.decode()
    services.address_share(user=a_member, thread=thread)
    assert "anna@example.org" in client.get(url).content.decode()
    assert "bernd@example.org" not in client.get(url).content.decode()
    # A member who shares before writing anything is listed too.
    berta = thread.recipient_actor.memberships.exclude(user=b_member).get().user
    services.address_share(user=berta, thread=thread)
    client.force_login(a_member)
    page = client.get(url).content.decode()
    assert "berta@example.org" in page
    assert "bernd@example.org" not in page


def test_links_show_their_host_and_html_is_sanitised():
    html = message_html("Siehe [unsere Seite](https://example.org/a?b=1) <script>x</script>")
    assert "(example.org)" in html
    assert "<script>" not in html


def test_retention_deletes_old_threads(sides, settings, django_capture_on_commit_callbacks):
    settings.CONTACT_RETENTION_DAYS = 30
    old = _start(sides, django_capture_on_commit_callbacks)
    new = _start(sides, django_capture_on_commit_callbacks, subject="Neu")
    Thread.objects.filter(pk=old.pk).update(last_message_at=timezone.now() - timedelta(days=31))
    call_command("remove_expired_messages")
    assert list(Thread.objects.all()) == [new]
    assert Message.objects.filter(thread=old.pk).count() == 0


def test_messages_of_user(sides, django_capture_on_commit_callbacks):
    _, a_member, _, b_member = sides
    _start(sides, django_capture_on_commit_callbacks)
    assert [m.body for m in selectors.messages_of_user(a_member)] == ["Wollen wir uns austauschen?"]
    assert list(selectors.messages_of_user(b_member)) == []


def test_inbox_marks_unread_until_read(sides, client, django_capture_on_commit_callbacks):
    _, a_member, _, b_member = sides
    thread = _start(sides, django_capture_on_commit_callbacks)
    assert [t.is_unread for t in selectors.inbox(b_member)] == [True]
    assert [t.is_unread for t in selectors.inbox(a_member)] == [False]
    client.force_login(b_member)
    client.get(reverse("contact:thread", kwargs={"pk": thread.pk}))
    assert [t.is_unread for t in selectors.inbox(b_member)] == [False]


def test_reading_again_writes_only_when_something_arrived(
    sides, client, django_capture_on_commit_callbacks
):
    _, a_member, _, b_member = sides
    thread = _start(sides, django_capture_on_commit_callbacks)
    url = reverse("contact:thread", kwargs={"pk": thread.pk})
    client.force_login(b_member)
    client.get(url)
    read = ReadState.objects.get(thread=thread, user=b_member).read_at
    with CaptureQueriesContext(connection) as queries:
        client.get(url)  # nothing new: nothing written
    assert not [
        q
        for q in queries.captured_queries
        if "readstate" in q["sql"].lower() and not q["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert ReadState.objects.get(thread=thread, user=b_member).read_at == read
    with django_capture_on_commit_callbacks(execute=True):
        services.message_reply(user=a_member, thread=thread, body="Noch eine Frage.")
    assert [t.is_unread for t in selectors.inbox(b_member)] == [True]
    client.get(url)
    assert ReadState.objects.get(thread=thread, user=b_member).read_at > read
    assert [t.is_unread for t in selectors.inbox(b_member)] == [False]
    assert ReadState.objects.filter(thread=thread, user=b_member).count() == 1  # upserted


# Permission matrix: who gets what on every URL.
ROLES = ("anonymous", "unrelated", "sender", "recipient", "curator")


@pytest.fixture
def world(sides, curator, django_capture_on_commit_callbacks):
    a, a_member, b, b_member = sides
    thread = _start(sides, django_capture_on_commit_callbacks)
    reply = services.message_reply(user=b_member, thread=thread, body="Antwort")
    report = services.message_report(user=a_member, message=reply, reason="Test")
    users = {
        "anonymous": None,
        "unrelated": MembershipFactory().user,
        "sender": a_member,
        "recipient": b_member,
        "curator": curator,
    }
    return {"thread": thread, "reply": reply, "report": report, "users": users, "a": a, "b": b}


def _status(client, world, role, method, url, data=None):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    return response.status_code


@pytest.mark.parametrize(
    ("name", "method", "expected"),
    [
        # anonymous, unrelated, sender, recipient, curator
        ("inbox", "get", (302, 200, 200, 200, 200)),
        ("thread", "get", (302, 404, 200, 200, 404)),
        ("block", "post", (302, 404, 302, 302, 404)),
        ("unblock", "post", (302, 404, 302, 302, 404)),
        ("share_address", "post", (302, 404, 302, 302, 404)),
        ("report_sender_msg", "get", (302, 404, 404, 200, 404)),
        ("report_reply", "get", (302, 404, 200, 404, 404)),
        ("start_b", "get", (302, 200, 200, 200, 200)),
        ("curation_reports", "get", (302, 403, 403, 403, 200)),
        ("curation_report_resolve", "post", (302, 403, 403, 403, 302)),
        ("curation_suspend", "post", (302, 403, 403, 403, 302)),
        ("curation_unsuspend", "post", (302, 403, 403, 403, 302)),
    ],
)
def test_permission_matrix(client, world, name, method, expected):
    thread, report = world["thread"], world["report"]
    urls = {
        "inbox": reverse("contact:inbox"),
        "thread": reverse("contact:thread", kwargs={"pk": thread.pk}),
        "block": reverse("contact:block", kwargs={"pk": thread.pk}),
        "unblock": reverse("contact:unblock", kwargs={"pk": thread.pk}),
        "share_address": reverse("contact:share_address", kwargs={"pk": thread.pk}),
        "report_sender_msg": reverse(
            "contact:report", kwargs={"pk": thread.messages.order_by("id").first().pk}
        ),
        "report_reply": reverse("contact:report", kwargs={"pk": world["reply"].pk}),
        "start_b": reverse("contact:start", kwargs={"slug": world["b"].slug}),
        "curation_reports": reverse("contact:curation_reports"),
        "curation_report_resolve": reverse(
            "contact:curation_report_resolve", kwargs={"pk": report.pk}
        ),
        "curation_suspend": reverse("contact:curation_suspend", kwargs={"pk": report.pk}),
        "curation_unsuspend": reverse(
            "contact:curation_unsuspend", kwargs={"user_id": world["users"]["sender"].pk}
        ),
    }
    got = []
    for role in ROLES:
        client.logout()
        got.append(_status(client, world, role, method, urls[name]))
    assert tuple(got) == expected


def test_members_of_the_recipient_see_no_form_for_themselves(world, client):
    client.force_login(world["users"]["recipient"])
    page = client.get(reverse("contact:start", kwargs={"slug": world["b"].slug})).content.decode()
    assert "an sich selbst" in page
    assert "<textarea" not in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_inbox_and_thread_query_counts_are_constant(sides, client):
    _, _, b, b_member = sides
    client.force_login(b_member)

    def write(n):
        thread = None
        for i in range(n):
            sender = MembershipFactory(user=UserFactory()).organisation
            thread = services.contact_start(
                user=sender.memberships.get().user, sender_actor=sender, recipient_actor=b,
                subject=f"Betreff {i}", body=f"Text {i} https://example.org",
            )  # fmt: skip
            services.message_reply(user=b_member, thread=thread, body="Antwort")
            services.address_share(user=b_member, thread=thread)
        return thread

    first = write(2)
    inbox_few = _queries(client, reverse("contact:inbox"))
    thread_few = _queries(client, first.get_absolute_url())
    last = write(6)
    for _i in range(5):
        services.message_reply(user=b_member, thread=last, body="Noch eine")
    assert _queries(client, reverse("contact:inbox")) == inbox_few
    assert _queries(client, last.get_absolute_url()) == thread_few


def test_profile_alliance_and_project_sections_link_to_the_form(sides, client):
    _, _, b, _ = sides
    page = client.get(b.get_absolute_url()).content.decode()
    assert reverse("contact:start", kwargs={"slug": b.slug}) in page
    lead = MemberFactory(actor=b, is_lead=True)
    plain = MemberFactory(alliance=lead.alliance)
    page = client.get(lead.alliance.get_absolute_url()).content.decode()
    assert reverse("contact:start", kwargs={"slug": b.slug}) in page
    assert reverse("contact:start", kwargs={"slug": plain.actor.slug}) not in page
    project = PublicProjectFactory(partner=b)
    page = client.get(project.get_absolute_url()).content.decode()
    assert reverse("contact:start", kwargs={"slug": b.slug}) in page


def test_new_messages_are_announced_and_listed_but_withheld_ones_not(
    sides, django_capture_on_commit_callbacks
):
    from quartiersnetz.core import changes

    a, a_member, _, b_member = sides
    seen: list[str] = []
    changes.subscribe("contact", "test.recorder", lambda: seen.append("contact"))
    try:
        since = timezone.now() - timedelta(seconds=1)
        thread = _start(sides, django_capture_on_commit_callbacks)
        services.sender_block(user=b_member, thread=thread)
        with django_capture_on_commit_callbacks(execute=True):
            services.message_reply(user=a_member, thread=thread, body="Versteckt")
    finally:
        changes.unsubscribe("contact", "test.recorder")
    assert seen == ["contact"]
    assert [m.body for m in selectors.messages_since(since)] == ["Wollen wir uns austauschen?"]
    assert "Leerstand" not in str(thread)  # the audit log's text holds no subject
    assert a.pk == thread.sender_actor_id


def test_rules_match_the_sides(sides, curator, django_capture_on_commit_callbacks):
    _, a_member, _, b_member = sides
    thread = _start(sides, django_capture_on_commit_callbacks)
    assert a_member.has_perm("contact.view_thread", thread)
    assert b_member.has_perm("contact.reply_thread", thread)
    assert not curator.has_perm("contact.view_thread", thread)
    assert curator.has_perm("contact.curate_reports")
    assert not a_member.has_perm("contact.curate_reports")


def test_english_pages(sides, client, django_capture_on_commit_callbacks):
    _, _, b, b_member = sides
    thread = _start(sides, django_capture_on_commit_callbacks)
    client.force_login(b_member)
    inbox = client.get("/en/konto/nachrichten/").content.decode()
    assert "Messages" in inbox
    assert "unread" in inbox
    page = client.get(f"/en/konto/nachrichten/{thread.pk}/").content.decode()
    assert "Send reply" in page
    assert "Get in touch" in client.get(f"/en/mitwirkende/{b.slug}/").content.decode()


def test_inbox_pages_list_every_thread_once_in_order_in_both_languages(sides, client, settings):
    from quartiersnetz.contact.views import PAGE_SIZE

    _, _, b, b_member = sides
    subjects = []
    for i in range(PAGE_SIZE + 3):
        sender = MembershipFactory(user=UserFactory()).organisation
        services.contact_start(
            user=sender.memberships.get().user, sender_actor=sender, recipient_actor=b,
            subject=f"Anfrage {i:02d}", body="Hallo",
        )  # fmt: skip
        subjects.append(f"Anfrage {i:02d}")
    # One read: it goes to the end (unread first, then the newest).
    read = Thread.objects.get(subject="Anfrage 05")
    services.thread_mark_read(user=b_member, thread=read)
    client.force_login(b_member)

    def listed(url):
        html = client.get(url).content.decode()
        return [s for s in subjects if f">{s}</a>" in html], html

    first, html = listed(reverse("contact:inbox"))
    second, html2 = listed(reverse("contact:inbox") + "?seite=2")
    assert len(first) == PAGE_SIZE
    assert len(second) == 3
    assert sorted(first + second) == sorted(subjects)
    assert "Seite 1 von 2" in html
    assert "Seite 2 von 2" in html2
    assert ">Anfrage 05</a>" in html2  # read: last
    newest_unread = [s for s in reversed(subjects) if s != "Anfrage 05"]
    assert [s for s in newest_unread if s in first] == newest_unread[:PAGE_SIZE]
    # Each row links to its thread; the English inbox links to the English thread pages.
    read_url = read.get_absolute_url()
    assert f'href="{read_url}"' in html2
    english = client.get("/en" + reverse("contact:inbox") + "?seite=2").content.decode()
    assert f'href="/en{read_url}"' in english
    # A user acting for no actor has an empty inbox.
    client.force_login(UserFactory())
    assert client.get(reverse("contact:inbox")).status_code == 200
