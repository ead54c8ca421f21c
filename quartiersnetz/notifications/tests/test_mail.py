"""Notifications by e-mail: immediate mails, daily and weekly digests, one-click unsubscribe."""

from __future__ import annotations

import datetime as dt
import re
import socket
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.core import mail as django_mail
from django.core import signing
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.notifications import mail
from quartiersnetz.notifications.mail_tasks import send_digests, send_immediate_mails
from quartiersnetz.notifications.models import (
    Delivery,
    Notification,
    NotificationSettings,
    Radar,
)

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def subscriber(email_enabled=True, language="", **deliveries):
    user = UserFactory(language=language)
    NotificationSettings.objects.create(
        user=user, email_enabled=email_enabled, deliveries=deliveries
    )
    return user


def note(user, kind=Kind.PRACTICE_PUBLISHED, title="Hofgarten Nord", pk=1, url=None, **extra):
    return Notification.objects.create(
        recipient=user,
        kind=kind,
        subject_type="practice",
        subject_id=str(pk),
        title=title,
        url=url or f"/praxis/beispiel-{pk}/",
        **extra,
    )


def mails_to(address):
    return [m for m in django_mail.outbox if m.to == [address]]


def test_daily_digest_groups_by_kind_with_links_text_and_html(settings):
    settings.SITE_URL = "https://quartiersnetz.example"
    user = subscriber(**{Kind.PRACTICE_PUBLISHED: "daily", Kind.EVENT_PUBLISHED: "daily"})
    note(user, title="Hofgarten Nord", pk=1)
    note(user, title="Leerstand als Chance", pk=2)
    note(
        user,
        kind=Kind.EVENT_PUBLISHED,
        title="Perspektiven-Werkstatt Kleinstadt",
        pk=3,
        url="/werkstaetten/pw-kleinstadt/",
    )
    note(user, kind=Kind.PUBLICATION_PUBLISHED, title="Weekly only", pk=4)  # weekly by default

    assert send_digests.call("daily") == 1
    (digest,) = mails_to(user.email)
    assert digest.subject == "Quartiersnetz: 3 Neuigkeiten von heute"
    body = digest.body
    assert "Neues Praxisbeispiel" in body
    assert "Neue Veranstaltung" in body
    assert body.index("Hofgarten Nord") < body.index("Leerstand als Chance")
    assert "https://quartiersnetz.example/praxis/beispiel-1/" in body
    assert "https://quartiersnetz.example/werkstaetten/pw-kleinstadt/" in body
    assert "Weekly only" not in body
    html, mimetype = digest.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="de">' in html
    assert '<a href="https://quartiersnetz.example/praxis/beispiel-1/"' in html
    assert "<h2" in html
    # Marked mailed: the next run sends nothing again.
    assert Notification.objects.filter(mailed_at__isnull=True).count() == 1
    django_mail.outbox.clear()
    assert send_digests.call("daily") == 0
    assert not django_mail.outbox


def test_weekly_digest_in_english_for_an_english_user():
    user = subscriber(language="en")
    note(user, title="Pop-up shop in the market square")
    note(user, kind=Kind.ALLIANCE_MEMBER, title="Allianz Altstadt Wittenberge", pk=9)
    assert send_digests.call("weekly") == 1
    (digest,) = mails_to(user.email)
    assert digest.subject == "Quartiersnetz: 2 news of the week"
    assert "New practice" in digest.body
    assert "Guten Tag" not in digest.body
    assert '<html lang="en">' in digest.alternatives[0][0]


def test_nothing_without_opt_in_and_messages_never_from_here():
    quiet = subscriber(email_enabled=False, **{Kind.PRACTICE_PUBLISHED: "daily"})
    note(quiet)
    reader = subscriber(**{Kind.MESSAGE_RECEIVED: "daily"})
    note(reader, kind=Kind.MESSAGE_RECEIVED, title="Sommerfest")
    no_row = UserFactory()
    note(no_row)
    for frequency in ("daily", "weekly"):
        assert send_digests.call(frequency) == 0
    assert send_immediate_mails.call() == 0
    assert not django_mail.outbox


def test_old_unmailed_notifications_are_not_flooded():
    user = subscriber(**{Kind.PRACTICE_PUBLISHED: "daily"})
    old = note(user, title="Längst bekannt", pk=1)
    Notification.objects.filter(pk=old.pk).update(created=timezone.now() - dt.timedelta(days=3))
    note(user, title="Frisch", pk=2)
    send_digests.call("daily")
    (digest,) = mails_to(user.email)
    assert "Frisch" in digest.body
    assert "Längst bekannt" not in digest.body


def test_immediate_mail_after_the_news_and_its_kind_link():
    user = subscriber(**{Kind.CONNECTION_PROPOSED: "immediate"})
    note(user, kind=Kind.CONNECTION_PROPOSED, title="Stadtteilverein Wanne", pk=5)
    assert send_immediate_mails.call() == 1
    (message,) = mails_to(user.email)
    assert message.subject == "Quartiersnetz: 1 neue Benachrichtigung"
    assert "Keine E-Mails mehr zu „Verbindung vorgeschlagen“" in message.body
    token = message.extra_headers["List-Unsubscribe"].strip("<>").rstrip("/").rsplit("/", 1)[1]
    assert mail.read_unsubscribe_token(token) == (user.pk, Kind.CONNECTION_PROPOSED)


def test_radar_match_follows_its_radars_choice():
    user = subscriber(**{Kind.RADAR_MATCH: "weekly"})
    radar = Radar.objects.create(
        user=user, name="Leerstand", q="Leerstand", record_types=["practice"], delivery="daily"
    )
    note(user, kind=Kind.RADAR_MATCH, title="Leerstand in Zittau", radar=radar)
    assert send_digests.call("weekly") == 0
    assert send_digests.call("daily") == 1


def test_headers_sender_and_no_other_address(settings):
    settings.DEFAULT_FROM_EMAIL = "Quartiersnetz <noreply@quartiersnetz.example>"
    first = subscriber(**{Kind.PRACTICE_PUBLISHED: "daily"})
    second = subscriber(**{Kind.PRACTICE_PUBLISHED: "daily"})
    note(first)
    note(second)
    send_digests.call("daily")
    assert len(django_mail.outbox) == 2
    for message, me, other in (
        (mails_to(first.email)[0], first, second),
        (mails_to(second.email)[0], second, first),
    ):
        raw = message.message().as_string()
        assert message.from_email == "Quartiersnetz <noreply@quartiersnetz.example>"
        assert message.to == [me.email]
        assert (message.cc, message.bcc, message.reply_to) == ([], [], [])
        assert other.email not in raw
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        url = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert url in message.body


def test_queries_per_chunk_do_not_grow_with_users():
    def run(count):
        users = [subscriber(**{Kind.PRACTICE_PUBLISHED: "daily"}) for _ in range(count)]
        for user in users:
            note(user, pk=user.pk)
            note(user, kind=Kind.EVENT_PUBLISHED, pk=user.pk)
            NotificationSettings.objects.filter(user=user).update(
                deliveries={Kind.PRACTICE_PUBLISHED: "daily", Kind.EVENT_PUBLISHED: "daily"}
            )
        with CaptureQueriesContext(connection) as queries:
            assert mail.send(Delivery.DAILY) == count
        Notification.objects.all().delete()
        return len(queries)

    assert run(2) == run(12)


# --- Unsubscribe -----------------------------------------------------------------------------


def test_unsubscribe_get_changes_nothing_post_turns_email_off(client):
    user = subscriber(**{Kind.PRACTICE_PUBLISHED: "daily"})
    url = reverse("notifications:unsubscribe", kwargs={"token": mail.unsubscribe_token(user.pk)})
    response = client.get(url)
    assert response.status_code == 200
    assert "Alle E-Mails abbestellen" in response.content.decode()
    assert NotificationSettings.objects.get(user=user).email_enabled
    response = client.post(url)
    assert response.status_code == 200
    assert "keine Benachrichtigungen mehr per E-Mail" in response.content.decode()
    assert not NotificationSettings.objects.get(user=user).email_enabled


def test_one_click_post_without_csrf_or_login_turns_one_kind_off():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    user = subscriber(**{Kind.EVENT_PUBLISHED: "immediate", Kind.PRACTICE_PUBLISHED: "daily"})
    url = mail.unsubscribe_url(user.pk, Kind.EVENT_PUBLISHED)
    response = client.post(
        url, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    row = NotificationSettings.objects.get(user=user)
    assert row.email_enabled
    assert row.delivery(Kind.EVENT_PUBLISHED) == Delivery.OFF
    assert row.delivery(Kind.PRACTICE_PUBLISHED) == Delivery.DAILY


@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_or_foreign_tokens_are_404(client, method):
    user = subscriber()
    good = mail.unsubscribe_token(user.pk)
    other_salt = signing.dumps({"u": user.pk, "k": ""})  # signed, but not for unsubscribing
    for token in (good[:-2] + "xx", other_salt, "nonsense"):
        url = reverse("notifications:unsubscribe", kwargs={"token": token})
        response = getattr(client, method)(url)
        assert response.status_code == 404
        assert "Link zum Abbestellen ungültig" in response.content.decode()
    assert NotificationSettings.objects.get(user=user).email_enabled


def test_settings_page_offers_language_and_no_choice_for_messages(client):
    user = subscriber()
    client.force_login(user)
    html = client.get(reverse("notifications:settings")).content.decode()
    assert 'name="language"' in html
    assert f'name="kind_{Kind.MESSAGE_RECEIVED}"' not in html
    data = {f"kind_{k}": "daily" for k in Kind.values if k != Kind.MESSAGE_RECEIVED}
    client.post(
        reverse("notifications:settings"), {**data, "email_enabled": "on", "language": "en"}
    )
    user.refresh_from_db()
    assert user.language == "en"


# --- Scheduling -------------------------------------------------------------------------------


def test_next_run_daily_and_weekly(settings):
    settings.NOTIFICATIONS_DIGEST_HOUR = 7
    settings.TIME_ZONE = "Europe/Berlin"
    wednesday_noon = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)
    daily = timezone.localtime(mail.next_run("daily", wednesday_noon))
    weekly = timezone.localtime(mail.next_run("weekly", wednesday_noon))
    assert (daily.day, daily.hour) == (3, 7)
    assert (weekly.weekday(), weekly.day, weekly.hour) == (0, 7, 7)
    early = dt.datetime(2026, 12, 3, 5, 0, tzinfo=dt.UTC)  # 06:00 in Berlin
    assert timezone.localtime(mail.next_run("daily", early)).day == 3


def test_commands(capsys):
    user = subscriber(**{Kind.PRACTICE_PUBLISHED: "weekly"})
    note(user)
    call_command("send_digests", "--frequency", "weekly")
    assert "1 weekly digest(s) sent." in capsys.readouterr().out
    call_command("schedule_digests")  # the tests' immediate backend cannot defer
    assert "already waiting" in capsys.readouterr().out


def test_schedule_digests_leaves_one_waiting_run_each_on_the_database_queue(settings, capsys):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("schedule_digests")
    call_command("schedule_digests")
    out = capsys.readouterr().out
    assert out.count("scheduled") == 2
    assert out.count("already waiting") == 2
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert sorted(r.args_kwargs["args"][0] for r in waiting) == ["daily", "weekly"]
    assert all(r.run_after > timezone.now() for r in waiting)
    # A digest run schedules its successor only when none is waiting.
    send_digests.call("daily")
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 2


# --- The real SMTP path -----------------------------------------------------------------------


class Collector:
    def __init__(self) -> None:
        self.envelopes: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


class Refusing(Collector):
    """Refuses one recipient, as a mail server does for an address it does not know."""

    def __init__(self, refused: str) -> None:
        super().__init__()
        self.refused = refused

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address == self.refused:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def smtp_server(settings, handler):
    """A local SMTP server (aiosmtpd) on a free port, with the settings pointing at it."""
    with socket.socket() as probe:  # a free port (aiosmtpd 1.4 cannot start on port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return Controller(handler, hostname="127.0.0.1", port=port)


def test_a_refused_recipient_neither_stops_the_others_nor_resends_theirs(settings):
    """One address refused in the middle of a run: the mails before and after it go out and are
    recorded as sent; the next run tries only the refused one again (nobody gets one twice)."""
    first, refused, last = (subscriber(**{Kind.PRACTICE_PUBLISHED: "daily"}) for _ in range(3))
    for user in (first, refused, last):
        note(user, title="Kiez-Kantine im Rathaus")
    collector = Refusing(refused.email)
    controller = smtp_server(settings, collector)
    controller.start()
    try:
        assert send_digests.call("daily") == 2
        assert send_digests.call("daily") == 0
    finally:
        controller.stop()
    assert sorted(r for _s, rcpts, _c in collector.envelopes for r in rcpts) == sorted(
        [first.email, last.email]
    )
    assert set(
        Notification.objects.filter(mailed_at__isnull=False).values_list("recipient", flat=True)
    ) == {first.pk, last.pk}


def test_digest_through_smtp_with_unsubscribe_headers(settings):
    collector = Collector()
    controller = smtp_server(settings, collector)
    controller.start()
    try:
        user = subscriber(**{Kind.PRACTICE_PUBLISHED: "daily"})
        bystander = subscriber()
        note(user, title="Kiez-Kantine im Rathaus")
        assert send_digests.call("daily") == 1
    finally:
        controller.stop()
    ((_sender, recipients, content),) = collector.envelopes
    assert recipients == [user.email]
    parsed = message_from_bytes(content)
    assert re.fullmatch(
        r"<https?://\S+/konto/benachrichtigungen/abbestellen/\S+/>",
        " ".join(parsed["List-Unsubscribe"].split()),
    )
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed.is_multipart()
    types = {part.get_content_type() for part in parsed.walk()}
    assert {"text/plain", "text/html"} <= types
    assert bystander.email.encode() not in content
    plain = next(p for p in parsed.walk() if p.get_content_type() == "text/plain")
    assert "Kiez-Kantine im Rathaus" in plain.get_payload(decode=True).decode()
