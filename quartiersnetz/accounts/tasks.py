"""Background work for accounts: the e-mail that lifts a login lock."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from .models import User


@task()
def send_login_unlock_mail(username: str) -> None:
    """Mail the unlock link to the account with this address; nothing if there is none.

    Takes the typed address (the account key of the counters), not an id: the lock page queues
    it without looking the account up, so its answer cannot tell whether the account exists.
    """
    from .throttle import make_unlock_token

    user = User.objects.filter(email__iexact=username, is_active=True).first()
    if user is None:
        return
    path = reverse("accounts:login_unlock", kwargs={"token": make_unlock_token(user)})
    context = {
        "user": user,
        "unlock_url": settings.SITE_URL.rstrip("/") + path,
        "reset_url": settings.SITE_URL.rstrip("/") + reverse("account_reset_password"),
        "valid_hours": max(1, settings.LOGIN_UNLOCK_LINK_MAX_AGE // 3600),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject_line = render_to_string("accounts/emails/login_unlock_subject.txt", context)
        text = render_to_string("accounts/emails/login_unlock_body.txt", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject_line.split())
    EmailMultiAlternatives(subject=subject, body=text, to=[user.email]).send()
