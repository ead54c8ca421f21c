"""Background work for Vorhaben: asking partner organisations for their consent.

Tasks take ids, never model instances; services start them with `transaction.on_commit`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from quartiersnetz.accounts.models import User

from .models import ProjectPartner


def partner_emails(partner: ProjectPartner, *, exclude_user_id: int | None = None) -> list[str]:
    """The active members of the partner organisation (without the user who acted)."""
    users = User.objects.filter(is_active=True, memberships__organisation=partner.actor_id)
    if exclude_user_id is not None:
        users = users.exclude(pk=exclude_user_id)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


@task()
def send_consent_request(partner_id: int, exclude_user_id: int | None = None) -> None:
    """Tell the members of a new partner that the project waits for their consent."""
    partner = (
        ProjectPartner.objects.select_related("project", "actor")
        .filter(pk=partner_id, consented_at__isnull=True)
        .first()
    )
    if partner is None:  # removed or consented in the meantime
        return
    recipients = partner_emails(partner, exclude_user_id=exclude_user_id)
    if not recipients:
        return
    context = {
        "partner": partner,
        "project": partner.project,
        "url": settings.SITE_URL.rstrip("/") + partner.project.get_absolute_url(),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("projects/emails/consent_request_subject.txt", context)
        body = render_to_string("projects/emails/consent_request_body.txt", context)
    send_mail(
        subject=" ".join(subject.split()),
        message=body,
        from_email=None,
        recipient_list=recipients,
    )
