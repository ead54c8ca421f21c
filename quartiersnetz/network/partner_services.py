"""Writes of the partner suggestions: dismissing a suggestion for one's actor."""

from __future__ import annotations

from django.db import transaction

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor
from quartiersnetz.audit.services import audit_log

from .models import DismissedSuggestion, Suggestion


@transaction.atomic
def suggestion_dismiss(*, actor: Actor, suggested: Actor, user: User) -> DismissedSuggestion:
    """Dismiss `suggested` for `actor`: it is removed now and never suggested again
    (idempotent). Permission is checked by the caller (`actors.change_actor`)."""
    dismissal, created = DismissedSuggestion.objects.get_or_create(
        actor=actor, suggested=suggested, defaults={"dismissed_by": user}
    )
    Suggestion.objects.filter(
        target_kind=Suggestion.Target.ACTOR, target_id=actor.pk, suggested=suggested
    ).delete()
    if created:
        audit_log(
            user=user,
            action="network.suggestion_dismissed",
            target=actor,
            changes={"suggested": suggested.slug},
        )
    return dismissal
