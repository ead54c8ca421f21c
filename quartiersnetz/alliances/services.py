"""All writes to Allianzen go through these functions (keyword-only, typed, atomic, audited).

Each announces "alliances" (`core.changes`) so the network app can recompute edges and
suggestions once the transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor, Membership
from quartiersnetz.audit.services import apply_changes, audit_log
from quartiersnetz.core import changes as core_changes
from quartiersnetz.core import news
from quartiersnetz.core.slugs import unique_slug
from quartiersnetz.events.models import Event
from quartiersnetz.practices.models import Practice
from quartiersnetz.projects.models import Project

from . import tasks
from .models import Alliance, AllianceMember

ALLIANCE_FIELDS = ("name", "summary", "goals", "municipality", "status", "founded")

# Path segments under /allianzen/ that an alliance slug must not shadow.
RESERVED_SLUGS = frozenset({"neu", "feed"})


def _changed() -> None:
    core_changes.announce("alliances")


def _is_member(user: User, actor: Actor) -> bool:
    return Membership.objects.filter(user=user, organisation=actor).exists()


def _lock(alliance: Alliance) -> Alliance:
    return Alliance.objects.select_for_update().get(pk=alliance.pk)


def _touch(alliance: Alliance) -> None:
    Alliance.objects.filter(pk=alliance.pk).update(updated=timezone.now())


def _check_manage(user: User, alliance: Alliance) -> None:
    if not user.has_perm("alliances.change_alliancemember", alliance):
        raise PermissionDenied


def _notify(member: AllianceMember, *, user: User) -> None:
    member_id, user_id = member.pk, user.pk
    transaction.on_commit(lambda: tasks.send_membership_request.enqueue(member_id, user_id))


def _check_role(role: str) -> None:
    if role not in AllianceMember.Role.values:
        raise ValidationError({"role": _("Unbekannte Rolle.")})


def _check_actor(actor: Actor) -> None:
    if actor.is_hidden:
        raise ValidationError({"actor": _("Dieses Profil ist ausgeblendet.")})


@transaction.atomic
def alliance_found(
    *,
    user: User,
    organisation: Actor,
    data: dict[str, Any],
    role: str = AllianceMember.Role.CURATOR,
    role_text: str = "",
) -> Alliance:
    """Found an alliance; `organisation` (the user's own) becomes its lead member with both
    consents given by the founder."""
    if organisation.kind != Actor.Kind.ORGANISATION or not _is_member(user, organisation):
        raise ValidationError(
            {"organisation": _("Sie können Allianzen nur für Ihre eigenen Organisationen gründen.")}
        )
    _check_role(role)
    alliance = Alliance(created_by=user)
    apply_changes(alliance, ALLIANCE_FIELDS, data)
    alliance.slug = unique_slug(
        alliance.name,
        queryset=Alliance.objects.all(),
        fallback="allianz",
        reserved=RESERVED_SLUGS,
    )
    alliance.full_clean()
    alliance.save()
    now = timezone.now()
    AllianceMember.objects.create(
        alliance=alliance, actor=organisation, role=role, role_text=role_text, is_lead=True,
        initiated_by=AllianceMember.Origin.FOUNDED,
        alliance_consented_at=now, alliance_consented_by=user,
        actor_consented_at=now, actor_consented_by=user,
    )  # fmt: skip
    audit_log(
        user=user, action="alliance.found", target=alliance,
        changes={"member": organisation.name, "role": role, "lead": True},
    )  # fmt: skip
    news.record("alliance_created", alliance.pk)  # the Themenradar hears of it (0011)
    _changed()
    return alliance


@transaction.atomic
def alliance_update(*, alliance: Alliance, user: User, data: dict[str, Any]) -> Alliance:
    if not user.has_perm("alliances.change_alliance", alliance):
        raise PermissionDenied
    alliance = _lock(alliance)
    changes = apply_changes(alliance, ALLIANCE_FIELDS, data)
    alliance.full_clean(exclude=["slug"])
    alliance.save()
    if changes:
        audit_log(user=user, action="alliance.update", target=alliance, changes=changes)
    _changed()
    return alliance


@transaction.atomic
def alliance_invite(
    *,
    alliance: Alliance,
    user: User,
    actor: Actor,
    role: str = AllianceMember.Role.PARTNER,
    role_text: str = "",
) -> AllianceMember:
    """A lead's member (or a curator) invites `actor`; its members accept or decline."""
    alliance = _lock(alliance)
    _check_manage(user, alliance)
    _check_actor(actor)
    _check_role(role)
    existing = AllianceMember.objects.filter(alliance=alliance, actor=actor).first()
    if existing is not None:
        if existing.awaits_alliance:  # it asked already: the invitation answers the request
            return _accept_request(existing, alliance=alliance, user=user)
        raise ValidationError(
            {"actor": _("Diese Organisation ist bereits eingeladen oder Mitglied.")}
        )
    member = AllianceMember.objects.create(
        alliance=alliance, actor=actor, role=role, role_text=role_text,
        initiated_by=AllianceMember.Origin.INVITED,
        alliance_consented_at=timezone.now(), alliance_consented_by=user,
    )  # fmt: skip
    _notify(member, user=user)
    audit_log(
        user=user, action="alliance.invite", target=alliance,
        changes={"member": actor.name, "role": role},
    )  # fmt: skip
    _touch(alliance)
    _changed()
    return member


@transaction.atomic
def alliance_ask_to_join(
    *,
    alliance: Alliance,
    user: User,
    actor: Actor,
    role: str = AllianceMember.Role.PARTNER,
    role_text: str = "",
) -> AllianceMember:
    """A member of `actor` asks to join; a lead's member accepts or declines."""
    alliance = _lock(alliance)
    if not _is_member(user, actor) or not Alliance.PUBLIC.holds(alliance):
        raise PermissionDenied
    _check_actor(actor)
    _check_role(role)
    existing = AllianceMember.objects.filter(alliance=alliance, actor=actor).first()
    if existing is not None:
        if existing.awaits_actor:  # invited already: asking accepts the invitation
            return alliance_accept(member=existing, user=user)
        raise ValidationError(
            {"actor": _("Diese Organisation ist bereits Mitglied oder hat angefragt.")}
        )
    member = AllianceMember.objects.create(
        alliance=alliance, actor=actor, role=role, role_text=role_text,
        initiated_by=AllianceMember.Origin.ASKED,
        actor_consented_at=timezone.now(), actor_consented_by=user,
    )  # fmt: skip
    _notify(member, user=user)
    audit_log(
        user=user, action="alliance.ask_to_join", target=alliance,
        changes={"member": actor.name, "role": role},
    )  # fmt: skip
    _touch(alliance)
    _changed()
    return member


def _accept_request(member: AllianceMember, *, alliance: Alliance, user: User) -> AllianceMember:
    member.alliance_consented_at = timezone.now()
    member.alliance_consented_by = user
    member.save(update_fields=["alliance_consented_at", "alliance_consented_by", "updated"])
    audit_log(
        user=user, action="alliance.accept_request", target=alliance,
        changes={"member": member.actor.name},
    )  # fmt: skip
    news.record("alliance_member", member.pk)  # both consents given (decision 0011)
    _touch(alliance)
    _changed()
    return member


def _lock_member(member: AllianceMember) -> tuple[Alliance, AllianceMember]:
    alliance = _lock(member.alliance)
    found = AllianceMember.objects.select_related("actor").filter(pk=member.pk).first()
    if found is None:
        raise ValidationError(_("Diese Mitgliedschaft besteht nicht mehr."))
    return alliance, found


@transaction.atomic
def alliance_accept(*, member: AllianceMember, user: User) -> AllianceMember:
    """Give the missing side's consent: the invited actor's members accept an invitation, a
    lead's member (or curator) accepts a request to join."""
    alliance, member = _lock_member(member)
    if member.awaits_actor:
        if not user.has_perm("alliances.respond_alliancemember", member):
            raise PermissionDenied
        member.actor_consented_at = timezone.now()
        member.actor_consented_by = user
        member.save(update_fields=["actor_consented_at", "actor_consented_by", "updated"])
        audit_log(
            user=user, action="alliance.accept_invitation", target=alliance,
            changes={"member": member.actor.name},
        )  # fmt: skip
        news.record("alliance_member", member.pk)  # both consents given (decision 0011)
        _touch(alliance)
        _changed()
        return member
    if member.awaits_alliance:
        _check_manage(user, alliance)
        return _accept_request(member, alliance=alliance, user=user)
    raise ValidationError(_("Diese Mitgliedschaft ist bereits bestätigt."))


@transaction.atomic
def alliance_decline(*, member: AllianceMember, user: User) -> None:
    """Decline a pending invitation (the actor's members) or request (lead members, curators)."""
    alliance, member = _lock_member(member)
    if member.awaits_actor:
        if not user.has_perm("alliances.respond_alliancemember", member):
            raise PermissionDenied
        action = "alliance.decline_invitation"
    elif member.awaits_alliance:
        _check_manage(user, alliance)
        action = "alliance.decline_request"
    else:
        raise ValidationError(_("Diese Mitgliedschaft ist bereits bestätigt."))
    name = member.actor.name
    member.delete()
    audit_log(user=user, action=action, target=alliance, changes={"member": name})
    _touch(alliance)
    _changed()


def _other_leads(member: AllianceMember) -> bool:
    return (
        AllianceMember.objects.filter(
            alliance_id=member.alliance_id,
            is_lead=True,
            alliance_consented_at__isnull=False,
            actor_consented_at__isnull=False,
        )
        .exclude(pk=member.pk)
        .exists()
    )


@transaction.atomic
def alliance_leave(*, member: AllianceMember, user: User) -> None:
    """End one's own organisation's membership (or withdraw its request). The last lead
    member cannot leave."""
    alliance, member = _lock_member(member)
    if not user.has_perm("alliances.respond_alliancemember", member):
        raise PermissionDenied
    if member.is_lead and not _other_leads(member):
        raise ValidationError(
            _(
                "Ihre Organisation koordiniert die Allianz als einzige und kann sie nicht "
                "verlassen. Übertragen Sie die Koordination zuerst an ein anderes Mitglied."
            )
        )
    name = member.actor.name
    member.delete()
    audit_log(user=user, action="alliance.leave", target=alliance, changes={"member": name})
    _touch(alliance)
    _changed()


@transaction.atomic
def alliance_remove(*, member: AllianceMember, user: User) -> None:
    """Remove a member (lead members' members and curators). The last lead stays."""
    alliance, member = _lock_member(member)
    _check_manage(user, alliance)
    if member.is_lead and not _other_leads(member):
        raise ValidationError(
            _("„%(name)s“ koordiniert die Allianz als einzige und kann nicht entfernt werden.")
            % {"name": member.actor.name}
        )
    name = member.actor.name
    member.delete()
    audit_log(user=user, action="alliance.remove", target=alliance, changes={"member": name})
    _touch(alliance)
    _changed()


@transaction.atomic
def alliance_member_update(
    *,
    member: AllianceMember,
    user: User,
    role: str | None = None,
    role_text: str | None = None,
    is_lead: bool | None = None,
) -> AllianceMember:
    """Change a member's role, own words or lead (lead members' members and curators).

    The members of the member's own actor may change its role in their own words
    (`role_text`) only. The last confirmed lead member keeps the lead.
    """
    alliance, member = _lock_member(member)
    if not user.has_perm("alliances.change_alliancemember", alliance) and (
        role is not None
        or is_lead is not None
        or not user.has_perm("alliances.respond_alliancemember", member)
    ):
        raise PermissionDenied
    changes: dict[str, Any] = {}
    if role is not None and role != member.role:
        _check_role(role)
        changes["role"] = [member.role, role]
        member.role = role
    if role_text is not None and role_text != member.role_text:
        changes["role_text"] = [member.role_text, role_text]
        member.role_text = role_text
    if is_lead is not None and is_lead != member.is_lead:
        if not is_lead and not _other_leads(member):
            raise ValidationError(
                {"is_lead": _("Eine Allianz braucht mindestens ein koordinierendes Mitglied.")}
            )
        changes["lead"] = [member.is_lead, is_lead]
        member.is_lead = is_lead
    if changes:
        member.full_clean()
        member.save()
        audit_log(
            user=user, action="alliance.member_update", target=alliance,
            changes={"member": member.actor.name, **changes},
        )  # fmt: skip
        _touch(alliance)
        _changed()
    return member


_LINKS: dict[str, tuple[str, Any]] = {
    "projects": ("projects", Project),
    "practices": ("practices", Practice),
    "events": ("events", Event),
}


def _link(alliance: Alliance, user: User, kind: str, records: Iterable[Any], *, add: bool) -> None:
    alliance = _lock(alliance)
    if not user.has_perm("alliances.change_alliance", alliance):
        raise PermissionDenied
    attr, model = _LINKS[kind]
    objects = list(records)
    if any(not isinstance(o, model) for o in objects):
        raise ValidationError(_("Falsche Art von Eintrag."))
    if add and any(not model.PUBLIC.holds(o) for o in objects):
        raise ValidationError(_("Nur öffentliche Einträge können verknüpft werden."))
    manager = getattr(alliance, attr)
    linked = set(manager.filter(pk__in=[o.pk for o in objects]).values_list("pk", flat=True))
    if add and linked:
        raise ValidationError(
            _("„%(title)s“ ist bereits mit der Allianz verknüpft.")
            % {"title": next(str(o) for o in objects if o.pk in linked)}
        )
    if not add and len(linked) < len({o.pk for o in objects}):
        raise ValidationError(_("Dieser Eintrag ist nicht mit der Allianz verknüpft."))
    (manager.add if add else manager.remove)(*objects)
    audit_log(
        user=user, action=f"alliance.{'link' if add else 'unlink'}_{kind}", target=alliance,
        changes={kind: sorted(str(o) for o in objects)},
    )  # fmt: skip
    _touch(alliance)
    _changed()


@transaction.atomic
def alliance_link(*, alliance: Alliance, user: User, kind: str, records: Iterable[Any]) -> None:
    """Link public projects, practices or events (`kind`) to the alliance; none of them may be
    linked already."""
    _link(alliance, user, kind, records, add=True)


@transaction.atomic
def alliance_unlink(*, alliance: Alliance, user: User, kind: str, records: Iterable[Any]) -> None:
    """Remove linked records (whatever their visibility now); each must be linked."""
    _link(alliance, user, kind, records, add=False)
