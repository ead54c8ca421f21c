"""Background work for Mitwirkende: e-mails. Tasks take ids, never model instances."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from .models import Claim, Invitation


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@task()
def send_invitation(invitation_id: int) -> None:
    """Mail the invitation's link with a token made now (the queue never holds the secret)."""
    from .services import invitation_issue_token

    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:  # accepted or withdrawn in the meantime
        return
    token = invitation_issue_token(invitation=invitation)
    context = {
        "invitation": invitation,
        "accept_url": _absolute(reverse("actors:invitation_accept", kwargs={"token": token})),
    }
    send_mail(
        subject=render_to_string("actors/email/invitation_subject.txt", context).strip(),
        message=render_to_string("actors/email/invitation_body.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


@task()
def send_claim_decision(claim_id: int) -> None:
    claim = Claim.objects.select_related("organisation", "user").get(pk=claim_id)
    context = {
        "claim": claim,
        "profile_url": _absolute(claim.organisation.get_absolute_url()),
    }
    send_mail(
        subject=render_to_string("actors/email/claim_decision_subject.txt", context).strip(),
        message=render_to_string("actors/email/claim_decision_body.txt", context),
        from_email=None,
        recipient_list=[claim.user.email],
    )
