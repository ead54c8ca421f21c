"""Notifications by e-mail: immediately or collected in a daily or weekly digest.

Nothing is mailed without the user's opt-in (`NotificationSettings.email_enabled`); per kind
they choose immediate, daily, weekly or none (`delivery_for`). A mail lists the user's unmailed
notifications of the kinds with that delivery, grouped by kind, in the user's language
(`User.language`, else the site's), as plain text with an HTML alternative. Each mail is From
the platform and To its one recipient, and carries a one-click unsubscribe link with the
`List-Unsubscribe` and `List-Unsubscribe-Post` headers of RFC 8058 (`unsubscribe_url`).
`mailed_at` marks what went out, so no notification is mailed twice.

New messages (`MESSAGE_RECEIVED`) are never mailed from here: contact mails each message itself.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from quartiersnetz.accounts.models import User

from .models import Delivery, Notification, NotificationSettings

logger = logging.getLogger(__name__)

Kind = Notification.Kind

# Kinds mailed by another app (contact mails every new message itself).
NOT_MAILED = frozenset({Kind.MESSAGE_RECEIVED})
# How far back a digest reaches: older unmailed notifications (from before the user chose this
# delivery) are not flooded into the next mail.
PERIODS: dict[str, dt.timedelta] = {
    Delivery.IMMEDIATE: dt.timedelta(days=1),
    Delivery.DAILY: dt.timedelta(days=1),
    Delivery.WEEKLY: dt.timedelta(days=7),
}
USERS_PER_CHUNK = 500
UNSUBSCRIBE_SALT = "quartiersnetz.notifications.unsubscribe"
ONE_CLICK = "List-Unsubscribe=One-Click"


def delivery_for(notification: Notification, row: NotificationSettings) -> str:
    """How `notification` goes out by e-mail under the user's settings `row`.

    A Themenradar match follows its radar's own choice; every other kind the user's choice
    for that kind. Without the opt-in, and for new messages, nothing is mailed.
    """
    if not row.email_enabled or notification.kind in NOT_MAILED:
        return Delivery.OFF
    if notification.kind == Kind.RADAR_MATCH and notification.radar is not None:
        return str(notification.radar.delivery)
    return row.delivery(notification.kind)


# --- Unsubscribe links -------------------------------------------------------------------------


def unsubscribe_token(user_id: int, kind: str = "") -> str:
    """A signed token naming the user and, for a link about one kind, that kind."""
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, kind or "") of a valid token; None for a tampered or foreign one."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    kind = data.get("k") or ""
    if kind and kind not in Kind.values:
        return None
    return data["u"], kind


def unsubscribe_url(user_id: int, kind: str = "") -> str:
    path = reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user_id, kind)})
    return settings.SITE_URL.rstrip("/") + path


# --- Composing -----------------------------------------------------------------------------


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def compose(
    user: User, notifications: list[Notification], frequency: str
) -> EmailMultiAlternatives:
    """One mail to `user` listing `notifications` grouped by kind, in the user's language."""
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for note in notifications:
        groups[note.kind].append({"title": note.title, "url": _absolute(note.url)})
    kinds = dict(Kind.choices)
    # An immediate mail about one kind: its link turns off that kind only; a digest's link
    # (and a radar's, whose choice is the radar's own) turns off e-mail altogether.
    only_kind = ""
    if frequency == Delivery.IMMEDIATE and len(groups) == 1:
        only_kind = "" if notifications[0].kind == Kind.RADAR_MATCH else notifications[0].kind
    unsubscribe = unsubscribe_url(user.pk, only_kind)
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "user": user,
            "frequency": frequency,
            "groups": [
                {"label": str(kinds.get(kind, kind)), "items": items}
                for kind, items in sorted(groups.items(), key=lambda pair: str(kinds.get(pair[0])))
            ],
            "count": len(notifications),
            "unsubscribe_url": unsubscribe,
            "only_kind_label": str(kinds[only_kind]) if only_kind else "",
            "settings_url": _absolute(reverse("notifications:settings")),
            "list_url": _absolute(reverse("notifications:list")),
            "language": language,
        }
        subject = " ".join(
            render_to_string("notifications/emails/digest_subject.txt", context).split()
        )
        body = render_to_string("notifications/emails/digest_body.txt", context)
        html = render_to_string("notifications/emails/digest_body.html", context)
    mail = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": ONE_CLICK},
    )
    mail.attach_alternative(html, "text/html")
    return mail


# --- Sending -------------------------------------------------------------------------------


def _chunks(values: Iterable[int], size: int) -> Iterator[list[int]]:
    iterator = iter(values)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _candidates(frequency: str, now: dt.datetime) -> Q:
    return (
        Q(
            mailed_at__isnull=True,
            created__gte=now - PERIODS[frequency],
            recipient__is_active=True,
            recipient__notification_settings__email_enabled=True,
        )
        & ~Q(recipient__email="")
        & ~Q(kind__in=NOT_MAILED)
    )


def send(frequency: str, *, now: dt.datetime | None = None) -> int:
    """Mail every opted-in user their unmailed notifications whose delivery is `frequency`
    (immediate, daily or weekly), one mail per user; the number of mails sent.

    Users are handled in chunks, each in one transaction with a constant number of queries: the
    chunk's unmailed notifications are claimed (locked where the database can skip locked rows,
    so two workers never mail the same one), composed, sent and marked mailed."""
    now = now or timezone.now()
    user_ids = (
        Notification.objects.filter(_candidates(frequency, now))
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for chunk in _chunks(list(user_ids), USERS_PER_CHUNK):
        sent += _send_chunk(frequency, chunk, now)
    return sent


def _send_chunk(frequency: str, user_ids: list[int], now: dt.datetime) -> int:
    with transaction.atomic():
        claimed = Notification.objects.filter(
            _candidates(frequency, now), recipient_id__in=user_ids
        ).order_by("recipient_id", "created", "id")
        if connection.features.has_select_for_update_skip_locked:
            claimed = claimed.select_for_update(skip_locked=True)
        # The radars in a second query: FOR UPDATE cannot lock the nullable side of a join.
        rows = list(claimed.prefetch_related("radar"))
        users = {u.pk: u for u in User.objects.filter(pk__in={n.recipient_id for n in rows})}
        preferences = {s.user_id: s for s in NotificationSettings.objects.filter(user_id__in=users)}
        chosen: dict[int, list[Notification]] = defaultdict(list)
        for note in rows:
            row = preferences.get(note.recipient_id)
            if row is not None and delivery_for(note, row) == frequency:
                chosen[note.recipient_id].append(note)
        if not chosen:
            return 0
        delivered = _deliver(
            {
                user_id: compose(users[user_id], notes, frequency)
                for user_id, notes in chosen.items()
            }
        )
        Notification.objects.filter(
            pk__in=[note.pk for user_id in delivered for note in chosen[user_id]]
        ).update(mailed_at=now)
    return len(delivered)


def _deliver(mails: dict[int, EmailMultiAlternatives]) -> list[int]:
    """Send each user's mail on one connection; the users whose mail went out.

    One by one, so that a failure in the middle does not undo the record of the mails already
    sent (they would go out twice on the next run): a refused recipient is skipped (logged,
    retried next run), any other error stops the chunk, keeping what was delivered."""
    delivered: list[int] = []
    with get_connection() as smtp:
        for user_id, message in mails.items():
            try:
                if smtp.send_messages([message]):
                    delivered.append(user_id)
            except smtplib.SMTPRecipientsRefused:
                logger.warning("notification mail to user %s refused by the mail server", user_id)
            except (smtplib.SMTPException, OSError):
                logger.exception(
                    "notification mails stopped after %s of %s", len(delivered), len(mails)
                )
                break
    return delivered


def next_run(frequency: str, now: dt.datetime | None = None) -> dt.datetime:
    """When the next digest of `frequency` is due: daily at NOTIFICATIONS_DIGEST_HOUR (local
    time), weekly on Mondays at that hour."""
    local = timezone.localtime(now or timezone.now())
    hour = int(getattr(settings, "NOTIFICATIONS_DIGEST_HOUR", 7))
    due = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if due <= local:
        due += dt.timedelta(days=1)
    if frequency == Delivery.WEEKLY:
        due += dt.timedelta(days=(7 - due.weekday()) % 7)
    return due
