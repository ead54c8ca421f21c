"""Reads of Praxisbeispiele.

`visible_practices(user)` is the one gate every channel (pages, lists, search,
feeds, map, exports) goes through: anonymous users and ordinary members see
published records, authors additionally their organisations' unpublished ones,
curators everything.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from quartiersnetz.accounts.models import User
from quartiersnetz.accounts.rules import is_curator
from quartiersnetz.actors.models import Actor

from .models import Practice


def published_practices() -> QuerySet[Practice]:
    return Practice.objects.published()


def author_actor_ids(user: User) -> list[int]:
    """Actors whose unpublished practices the user may see and edit."""
    if not user.is_authenticated:
        return []
    ids = list(user.memberships.values_list("organisation_id", flat=True))
    ids += list(Actor.objects.filter(user=user).values_list("id", flat=True))
    return ids


def visible_practices(user: User | None) -> QuerySet[Practice]:
    """Published records, plus the user's own organisations' unpublished ones."""
    if user is None or not user.is_authenticated:
        return published_practices()
    if is_curator(user):
        return Practice.objects.all()
    own = author_actor_ids(user)
    return Practice.objects.filter(Q(state=Practice.State.PUBLISHED) | Q(organisation_id__in=own))
