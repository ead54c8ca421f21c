"""Background work for Praxisbeispiele: e-mails of the curation workflow.

Tasks take ids, never model instances; services start them with `transaction.on_commit`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from quartiersnetz.accounts.models import User
from quartiersnetz.accounts.selectors import curator_emails

from .models import Practice, ReviewComment


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def author_emails(practice: Practice) -> list[str]:
    """The members of the practice's organisation, or the person behind the expert profile."""
    organisation = practice.organisation
    users = User.objects.filter(is_active=True).filter(
        Q(memberships__organisation=organisation) | Q(pk=organisation.user_id or 0)
    )
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def _send(template: str, context: dict[str, Any], recipients: list[str]) -> None:
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"practices/emails/{template}_subject.txt", context)
        body = render_to_string(f"practices/emails/{template}_body.txt", context)
    send_mail(
        subject=" ".join(subject.split()),
        message=body,
        from_email=None,
        recipient_list=recipients,
    )


@task()
def send_practice_submitted(practice_id: int) -> None:
    practice = Practice.objects.select_related("organisation").get(pk=practice_id)
    context = {
        "practice": practice,
        "review_url": _absolute(reverse("practices:review", kwargs={"slug": practice.slug})),
        "queue_url": _absolute(reverse("practices:review_queue")),
    }
    _send("submitted", context, curator_emails())


@task()
def send_practice_decision(practice_id: int, decision: str, comment_id: int | None) -> None:
    """Tell the authors that their practice was published or returned (with the comment).

    `decision` is the state the curator chose ("published" or "returned").
    """
    practice = Practice.objects.select_related("organisation").get(pk=practice_id)
    comment = ReviewComment.objects.filter(pk=comment_id).first() if comment_id else None
    published = decision == Practice.State.PUBLISHED
    url = (
        practice.get_absolute_url()
        if published
        else reverse("practices:edit", kwargs={"slug": practice.slug})
    )
    context = {"practice": practice, "comment": comment, "url": _absolute(url)}
    _send("published" if published else "returned", context, author_emails(practice))
