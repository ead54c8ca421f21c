"""Background work for Allianzen: telling the other side of a membership that it is asked.

Tasks take ids, never model instances; services start them with `transaction.on_commit`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from quartiersnetz.accounts.models import User

from .models import AllianceMember


def _emails(actor_ids: list[int], exclude_user_id: int | None) -> list[str]:
    users = User.objects.filter(is_active=True, memberships__organisation__in=actor_ids)
    if exclude_user_id is not None:
        users = users.exclude(pk=exclude_user_id)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


@task()
def send_membership_request(member_id: int, exclude_user_id: int | None = None) -> None:
    """Mail the side whose consent is missing: the invited actor's members, or (for a request
    to join) the members of the alliance's lead members."""
    member = AllianceMember.objects.select_related("alliance", "actor").filter(pk=member_id).first()
    if member is None or member.is_confirmed:  # withdrawn or answered in the meantime
        return
    if member.awaits_actor:
        actor_ids = [member.actor_id]
        kind = "invitation"
    else:
        actor_ids = list(
            AllianceMember.objects.filter(alliance_id=member.alliance_id, is_lead=True)
            .exclude(actor_consented_at=None)
            .values_list("actor_id", flat=True)
        )
        kind = "request"
    recipients = _emails(actor_ids, exclude_user_id)
    if not recipients:
        return
    context = {
        "member": member,
        "alliance": member.alliance,
        "kind": kind,
        "url": settings.SITE_URL.rstrip("/") + member.alliance.get_absolute_url(),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("alliances/emails/membership_subject.txt", context)
        body = render_to_string("alliances/emails/membership_body.txt", context)
    send_mail(
        subject=" ".join(subject.split()),
        message=body,
        from_email=None,
        recipient_list=recipients,
    )
