"""All writes to Mitwirkende go through these functions (keyword-only, atomic)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.accounts.models import User
from quartiersnetz.audit.services import apply_changes, audit_log
from quartiersnetz.core.changes import announce
from quartiersnetz.core.media import upload_name
from quartiersnetz.core.slugs import unique_slug

from . import tasks
from .models import Actor, Claim, Invitation, Membership, actor_search_text

INVITATION_VALIDITY = timedelta(days=14)

PROFILE_FIELDS = (
    "name", "sector", "municipality", "summary", "description", "offers", "seeks",
    "website", "links", "contact_email",
)  # fmt: skip
M2M_FIELDS = (
    "spatial_fields", "action_fields", "approaches", "offer_categories", "need_categories",
)  # fmt: skip


# Path segments under /mitwirkende/ that a profile slug must not shadow.
RESERVED_SLUGS = frozenset({"neu", "expertenprofil", "einladung", "anfragen", "mitgliedschaft"})


def _as_text(value: Any) -> str | None:
    """Profile changes are logged as text (numbers and booleans too), as they always were."""
    return None if value is None else str(value)


def _apply(actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    """Set the simple profile fields from `data`; return {field: [old, new]} for the audit log."""
    return apply_changes(actor, PROFILE_FIELDS, data, display=_as_text)


def _set_m2m(actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for field in M2M_FIELDS:
        if field not in data:
            continue
        manager = getattr(actor, field)
        old = sorted(str(o) for o in manager.all())
        manager.set(data[field])
        new = sorted(str(o) for o in data[field])
        if old != new:
            changes[field] = [old, new]
    return changes


def _delete_replaced_logo(actor: Actor, old_name: str | None) -> None:
    """A removed or replaced logo leaves the public folder once the change is committed.

    Files are served by their name (docs/decisions/0006), so an old logo would otherwise stay
    reachable; deleting only after the commit keeps the file if the transaction rolls back.
    """
    if old_name and old_name != actor.logo.name:
        storage = actor.logo.storage
        transaction.on_commit(lambda: storage.delete(old_name))


@transaction.atomic
def organisation_create(
    *, user: User, data: dict[str, Any], logo: UploadedFile | None = None
) -> Actor:
    """Create an organisation profile; the creating user becomes its owner."""
    announce("actors")  # the network recomputes from this (core.changes)
    actor = Actor(kind=Actor.Kind.ORGANISATION)
    _apply(actor, data)
    actor.slug = unique_slug(
        actor.name,
        queryset=Actor.objects.all(),
        fallback="mitwirkende",
        reserved=RESERVED_SLUGS,
        trim_dashes=False,
    )
    actor.search_text = actor_search_text(actor)
    if logo is not None:
        actor.logo.save(upload_name(actor.slug), logo, save=False)
    actor.full_clean(exclude=["logo"])
    actor.save()
    _set_m2m(actor, data)
    Membership.objects.create(
        user=user, organisation=actor, role=Membership.Role.OWNER,
        is_public=bool(data.get("show_me_publicly", False)),
    )  # fmt: skip
    audit_log(user=user, action="actor.create", target=actor)
    return actor


@transaction.atomic
def person_profile_save(
    *, user: User, data: dict[str, Any], logo: UploadedFile | None = None
) -> Actor:
    """Create or update the user's own expert profile."""
    announce("actors")  # the network recomputes from this (core.changes)
    actor = Actor.objects.select_for_update().filter(user=user).first()
    created = actor is None
    if actor is None:
        actor = Actor(kind=Actor.Kind.PERSON, user=user)
    changes = _apply(actor, data)
    if created:
        actor.slug = unique_slug(
            actor.name,
            queryset=Actor.objects.all(),
            fallback="mitwirkende",
            reserved=RESERVED_SLUGS,
            trim_dashes=False,
        )
    actor.search_text = actor_search_text(actor)
    old_logo = actor.logo.name
    if logo is not None:
        actor.logo.save(upload_name(actor.slug), logo, save=False)
        _delete_replaced_logo(actor, old_logo)
    actor.full_clean(exclude=["logo"])
    actor.save()
    changes.update(_set_m2m(actor, data))
    audit_log(
        user=user, action="actor.create" if created else "actor.update", target=actor,
        changes={} if created else changes,
    )  # fmt: skip
    return actor


@transaction.atomic
def actor_update(
    *,
    actor: Actor,
    user: User,
    data: dict[str, Any],
    logo: UploadedFile | None = None,
    remove_logo: bool = False,
) -> Actor:
    """Update a profile. Curator edits of others' profiles are marked in the audit log."""
    announce("actors")  # the network recomputes from this (core.changes)
    actor = Actor.objects.select_for_update().get(pk=actor.pk)
    changes = _apply(actor, data)
    actor.search_text = actor_search_text(actor)
    old_logo = actor.logo.name
    if remove_logo and actor.logo:
        actor.logo = ""
        changes["logo"] = ["…", None]
    if logo is not None:
        actor.logo.save(upload_name(actor.slug), logo, save=False)
        changes["logo"] = [None, actor.logo.name]
    _delete_replaced_logo(actor, old_logo)
    actor.full_clean(exclude=["logo"])
    actor.save()
    changes.update(_set_m2m(actor, data))
    audit_log(user=user, action="actor.update", target=actor, changes=changes)
    return actor


@transaction.atomic
def actor_set_hidden(*, actor: Actor, user: User, hidden: bool, reason: str = "") -> Actor:
    announce("actors")  # the network recomputes from this (core.changes)
    actor = Actor.objects.select_for_update().get(pk=actor.pk)
    if actor.is_hidden != hidden:
        actor.is_hidden = hidden
        actor.save(update_fields=["is_hidden", "updated"])
        audit_log(
            user=user, action="actor.hide" if hidden else "actor.unhide", target=actor,
            changes={"reason": reason} if reason else {},
        )  # fmt: skip
    return actor


# Members and invitations ------------------------------------------------------------------


def _touch(organisation_id: int) -> None:
    """Mark the profile as changed: its page lists the members (and caches by `updated`)."""
    Actor.objects.filter(pk=organisation_id).update(updated=timezone.now())


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *, organisation: Actor, invited_by: User, email: str, role: str
) -> Invitation:
    """Invite someone by e-mail. The secret link is made when the e-mail is sent
    (`invitation_issue_token`, from the task): no task argument, log or table holds it."""
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": _("Diese Person gehört der Organisation bereits an.")})
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=invited_by,
        # Until the e-mail is sent, the hash of a token nobody knows.
        token_hash=_hash_token(secrets.token_urlsafe(32)),
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )  # fmt: skip
    audit_log(user=invited_by, action="membership.invite", target=organisation,
              changes={"email": email, "role": role})  # fmt: skip
    transaction.on_commit(lambda: tasks.send_invitation.enqueue(invitation.pk))
    return invitation


@transaction.atomic
def invitation_issue_token(*, invitation: Invitation) -> str:
    """A new secret token for the invitation's link (an earlier one stops working); only its
    hash is stored."""
    token = secrets.token_urlsafe(32)
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=_hash_token(token))
    return token


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=_hash_token(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    announce("actors")  # the network recomputes from this (core.changes)
    invitation = (
        Invitation.objects.select_for_update().filter(token_hash=_hash_token(token)).first()
    )
    if invitation is None or invitation.accepted_at is not None:
        raise ValidationError(_("Diese Einladung ist ungültig oder wurde bereits angenommen."))
    if invitation.expires_at < timezone.now():
        raise ValidationError(_("Diese Einladung ist abgelaufen. Bitten Sie um eine neue."))
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            _(
                "Diese Einladung gilt für eine andere E-Mail-Adresse. "
                "Melden Sie sich mit %(email)s an."
            )
            % {"email": invitation.email}
        )
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated"])
    _touch(invitation.organisation_id)
    audit_log(user=user, action="membership.join", target=invitation.organisation,
              changes={"role": membership.role})  # fmt: skip
    return membership


@transaction.atomic
def membership_update(
    *, membership: Membership, user: User, role: str | None = None, is_public: bool | None = None
) -> Membership:
    announce("actors")  # the network recomputes from this (core.changes)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    changes: dict[str, Any] = {}
    if role is not None and role != membership.role:
        if membership.role == Membership.Role.OWNER and role != Membership.Role.OWNER:
            _ensure_another_owner(membership)
        changes["role"] = [membership.role, role]
        membership.role = role
    if is_public is not None and is_public != membership.is_public:
        if membership.user_id != user.pk:
            raise PermissionDenied(
                _("Nur die Person selbst entscheidet, ob sie öffentlich genannt wird.")
            )
        changes["is_public"] = [membership.is_public, is_public]
        membership.is_public = is_public
    if changes:
        membership.save()
        _touch(membership.organisation_id)
        audit_log(user=user, action="membership.update", target=membership.organisation,
                  changes={"member": membership.user.email, **changes})  # fmt: skip
    return membership


def _ensure_another_owner(membership: Membership) -> None:
    others = Membership.objects.filter(
        organisation_id=membership.organisation_id, role=Membership.Role.OWNER
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(
            _("Eine Organisation braucht mindestens eine verantwortliche Person.")
        )


@transaction.atomic
def membership_remove(*, membership: Membership, user: User) -> None:
    announce("actors")  # the network recomputes from this (core.changes)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Membership.Role.OWNER:
        _ensure_another_owner(membership)
    organisation = membership.organisation
    email = membership.user.email
    membership.delete()
    _touch(organisation.pk)
    audit_log(user=user, action="membership.remove", target=organisation, changes={"member": email})


# Claims -------------------------------------------------------------------------------------


@transaction.atomic
def claim_create(*, organisation: Actor, user: User, message: str) -> Claim:
    if not organisation.is_unclaimed:
        raise ValidationError(_("Dieses Profil wurde bereits übernommen."))
    try:
        with transaction.atomic():
            claim = Claim.objects.create(organisation=organisation, user=user, message=message)
    except IntegrityError as exc:
        raise ValidationError(
            _("Sie haben für dieses Profil bereits eine offene Anfrage.")
        ) from exc
    audit_log(user=user, action="claim.create", target=organisation)
    return claim


@transaction.atomic
def claim_decide(*, claim: Claim, curator: User, approve: bool, note: str = "") -> Claim:
    announce("actors")  # the network recomputes from this (core.changes)
    claim = (
        Claim.objects.select_for_update().select_related("organisation", "user").get(pk=claim.pk)
    )
    if claim.status != Claim.Status.PENDING:
        raise ValidationError(_("Über diese Anfrage wurde bereits entschieden."))
    claim.status = Claim.Status.APPROVED if approve else Claim.Status.REJECTED
    claim.decided_by = curator
    claim.decided_at = timezone.now()
    claim.decision_note = note
    claim.save()
    organisation = claim.organisation
    if approve:
        Membership.objects.update_or_create(
            user=claim.user, organisation=organisation, defaults={"role": Membership.Role.OWNER}
        )
        Actor.objects.filter(pk=organisation.pk).update(is_unclaimed=False, updated=timezone.now())
        # Other pending claims on the same profile are settled by this decision.
        Claim.objects.filter(organisation=organisation, status=Claim.Status.PENDING).update(
            status=Claim.Status.REJECTED, decided_by=curator, decided_at=timezone.now(),
            decision_note=_("Profil wurde von einer anderen Person übernommen."),
        )  # fmt: skip
    audit_log(
        user=curator, action="claim.approve" if approve else "claim.reject", target=organisation,
        changes={"claimant": claim.user.email, "note": note},
    )  # fmt: skip
    transaction.on_commit(lambda: tasks.send_claim_decision.enqueue(claim.pk))
    return claim


def memberships_of(user: User) -> Iterable[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation")
