"""`/api/v1/me`: who a personal API token acts for, and their own practices (with drafts).

Needs a token (read scope suffices). The answers are personal: never cached by others.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from quartiersnetz.actors.models import Actor
from quartiersnetz.practices.curation_selectors import author_actors, my_practices
from quartiersnetz.practices.models import Practice

from ..auth import read_auth
from ..lists import problem_responses
from ..models import ApiToken
from ..records import ChoiceLabels, CodedOut, Urls
from ..responses import reject_unknown

router = Router(tags=["me"])

MAX_PRACTICES = 500


class TokenOut(Schema):
    name: str
    scope: CodedOut
    expires_at: datetime


class ProfileOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    url: str | None


class MeOut(Schema):
    display_name: str
    token: TokenOut
    actors: list[ProfileOut]


class OwnPracticeOut(Schema):
    id: int
    slug: str
    title: str
    state: CodedOut
    organisation: str
    updated: datetime
    submitted_at: datetime | None
    published_at: datetime | None
    url: str
    edit_url: str


def _personal(data: Any) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, default=str), content_type="application/json"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "",
    auth=read_auth,
    response=MeOut,
    summary="Mein Konto / the token's account",
    openapi_extra={"responses": problem_responses(400, 401, 403, 429)},
)
def me(request: HttpRequest) -> HttpResponse:
    """The account the token belongs to, the token, and the organisations and expert profile
    it may submit practices for (their slugs go into `organisation`)."""
    reject_unknown(request, set())
    token: ApiToken = request.api_token  # type: ignore[attr-defined]
    urls = Urls(request)
    actors = [
        {
            "id": actor.pk,
            "slug": actor.slug,
            "name": actor.name,
            "kind": actor.kind,
            "url": urls("actors:detail", actor.slug) if Actor.PUBLIC.holds(actor) else None,
        }
        for actor in author_actors(token.user).order_by("kind", "name")
    ]
    return _personal(
        {
            "display_name": str(token.user),
            "token": {
                "name": token.name,
                "scope": ChoiceLabels(ApiToken.Scope)(token.scope),
                "expires_at": token.expires_at.isoformat(),
            },
            "actors": actors,
        }
    )


@router.get(
    "/practices",
    auth=read_auth,
    response=list[OwnPracticeOut],
    summary="Meine Praxisbeispiele / my practices",
    openapi_extra={"responses": problem_responses(400, 401, 403, 429)},
)
def my_practice_list(request: HttpRequest) -> HttpResponse:
    """The practices of your organisations and expert profile in every state (drafts,
    submitted, returned, published), recently changed first; at most 500."""
    reject_unknown(request, set())
    token: ApiToken = request.api_token  # type: ignore[attr-defined]
    urls = Urls(request)
    states = ChoiceLabels(Practice.State)

    def when(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    rows = [
        {
            "id": practice.pk,
            "slug": practice.slug,
            "title": practice.title,
            "state": states(practice.state),
            "organisation": practice.organisation.slug,
            "updated": practice.updated.isoformat(),
            "submitted_at": when(practice.submitted_at),
            "published_at": when(practice.published_at),
            "url": urls("practices:detail", practice.slug),
            "edit_url": urls("practices:edit", practice.slug),
        }
        for practice in my_practices(token.user)[:MAX_PRACTICES]
    ]
    return _personal(rows)
