"""Background work of contact: the e-mail about a new message, and retention. Tasks take ids."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from quartiersnetz.accounts.models import User

from .models import Message
from .selectors import member_ids


@task()
def send_message_mail(message_id: int) -> int:
    """Mail a new message to every member of the other side, one mail each (nobody sees the
    others' addresses); From is the platform, never a person. Returns the number of mails."""
    message = (
        Message.objects.select_related(
            "thread__sender_actor", "thread__recipient_actor", "author_actor"
        )
        .filter(pk=message_id, is_withheld=False)
        .first()
    )
    if message is None:  # withheld, or deleted in the meantime
        return 0
    thread = message.thread
    other = thread.other_actor(message.author_actor_id)
    recipients = list(
        User.objects.filter(pk__in=member_ids(other), is_active=True)
        .exclude(pk=message.author_id or 0)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return 0
    context = {
        "thread": thread,
        "message": message,
        "sender_name": message.author_actor.name,
        "recipient_name": other.name,
        "url": settings.SITE_URL.rstrip("/") + reverse("contact:thread", kwargs={"pk": thread.pk}),
        "is_first": thread.messages.order_by("created", "id").values_list("pk", flat=True).first()
        == message.pk,
    }
    # Accounts store no language: mails go out in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("contact/emails/message_subject.txt", context).split())
        body = render_to_string("contact/emails/message_body.txt", context)
    mails = [
        EmailMessage(
            subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[address]
        )
        for address in sorted(set(recipients))
    ]
    with get_connection() as connection:
        return connection.send_messages(mails) or 0


@task()
def delete_expired_threads() -> int:
    from .services import threads_delete_expired

    return threads_delete_expired()
