"""All writes to Vorhaben go through these functions (keyword-only, typed, atomic, audited).

The visibility `state` of a project is never set by hand: `_sync_state` recomputes it after
every change of its partners or their consent (public ⇔ at least one partner and all
partners consented).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.accounts.models import User
from quartiersnetz.accounts.rules import is_curator
from quartiersnetz.actors.models import Actor, Membership
from quartiersnetz.audit.services import apply_changes, audit_log
from quartiersnetz.core import news
from quartiersnetz.core.changes import announce
from quartiersnetz.core.slugs import unique_slug
from quartiersnetz.practices.models import Practice

from . import tasks
from .models import Learning, Project, ProjectLogEntry, ProjectPartner

# The fields of the project form (besides the approaches).
PROJECT_FIELDS = (
    "title", "summary", "description", "challenge", "municipality", "phase", "method",
    "current_step", "spatial_field", "action_field",
)  # fmt: skip
LOG_FIELDS = ("date", "title", "body", "step", "event")
LEARNING_FIELDS = ("title", "body", "log_entry")

# Path segments under /vorhaben/ that a project slug must not shadow.
RESERVED_SLUGS = frozenset({"neu", "erkenntnisse", "feed-atom"})


def _is_member(user: User, actor: Actor) -> bool:
    return Membership.objects.filter(user=user, organisation=actor).exists()


def _lock(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def _sync_state(project: Project, *, user: User | None) -> None:
    """Recompute the visibility from the partners' consent (and audit a change)."""
    partners = ProjectPartner.objects.filter(project=project)
    total = partners.count()
    pending = partners.filter(consented_at__isnull=True).count()
    state = Project.State.PUBLIC if total and not pending else Project.State.AWAITING_CONSENT
    fields = ["updated"]
    if state != project.state:
        project.state = state
        fields.append("state")
        if state == Project.State.PUBLIC and project.public_since is None:
            project.public_since = timezone.now()
            fields.append("public_since")
        audit_log(user=user, action=f"project.{state}", target=project)
        if state == Project.State.PUBLIC:
            news.record("project_public", project.pk)  # the Themenradar hears of it (0011)
    project.save(update_fields=fields)


def _ask_for_consent(partner: ProjectPartner, *, user: User) -> None:
    """Mail the partner's members (not the acting user) once the transaction has committed."""
    partner_id, user_id = partner.pk, user.pk
    transaction.on_commit(lambda: tasks.send_consent_request.enqueue(partner_id, user_id))


def _check_organisation(actor: Actor) -> None:
    if actor.kind != Actor.Kind.ORGANISATION:
        raise ValidationError({"actor": _("Partner eines Vorhabens sind Organisationen.")})


# --- Projects --------------------------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    user: User,
    organisation: Actor,
    role: str = ProjectPartner.Role.SPONSOR,
    data: dict[str, Any],
    approaches: Iterable[Any] = (),
) -> Project:
    """Create a project whose first partner is `organisation` (the user's own, or any for curators).

    Nobody consents by creating: the project waits for its partners' consent.
    """
    _check_organisation(organisation)
    if not (is_curator(user) or _is_member(user, organisation)):
        raise ValidationError(
            {"organisation": _("Sie können Vorhaben nur für Ihre eigenen Organisationen anlegen.")}
        )
    if role not in ProjectPartner.Role.values:
        raise ValidationError({"role": _("Unbekannte Rolle.")})
    project = Project(created_by=user)
    apply_changes(project, PROJECT_FIELDS, data)
    project.slug = unique_slug(
        project.title, queryset=Project.objects.all(), fallback="vorhaben", reserved=RESERVED_SLUGS
    )
    project.full_clean()
    project.save()
    project.approaches.set(list(approaches))
    partner = ProjectPartner.objects.create(
        project=project, actor=organisation, role=role, is_lead=True
    )
    _ask_for_consent(partner, user=user)
    audit_log(
        user=user, action="project.create", target=project,
        changes={"partner": organisation.name, "role": role, "lead": True},
    )  # fmt: skip
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    user: User,
    data: dict[str, Any],
    approaches: Iterable[Any] | None = None,
) -> Project:
    announce("projects")  # the network recomputes from this (core.changes)
    project = _lock(project)
    changes = apply_changes(project, PROJECT_FIELDS, data)
    if project.method == "none":
        project.current_step = ""
    project.full_clean(exclude=["slug"])
    if approaches is not None:
        old = sorted(str(a) for a in project.approaches.all())
        new_objects = list(approaches)
        new = sorted(str(a) for a in new_objects)
        if old != new:
            project.approaches.set(new_objects)
            changes["approaches"] = [old, new]
    project.save()
    if changes:
        audit_log(user=user, action="project.update", target=project, changes=changes)
    return project


# --- Partners and consent --------------------------------------------------------------------


def _check_manage_partners(user: User, project: Project) -> None:
    """Only members of a lead partner and curators manage a project's partners."""
    if not user.has_perm("projects.change_projectpartner", project):
        raise PermissionDenied


def _lock_partner(partner: ProjectPartner, project: Project) -> ProjectPartner:
    """The partner row again, after the project is locked (404-like if it is gone)."""
    found = (
        ProjectPartner.objects.select_related("actor")
        .filter(pk=partner.pk, project=project)
        .first()
    )
    if found is None:
        raise ValidationError(_("Diese Organisation ist kein Partner des Vorhabens mehr."))
    return found


def _other_leads(partner: ProjectPartner) -> bool:
    return (
        ProjectPartner.objects.filter(project_id=partner.project_id, is_lead=True)
        .exclude(pk=partner.pk)
        .exists()
    )


@transaction.atomic
def project_partner_add(
    *,
    project: Project,
    user: User,
    actor: Actor,
    role: str = ProjectPartner.Role.PARTNER,
    is_lead: bool = False,
) -> ProjectPartner:
    """Add an organisation as partner; the project waits for its consent before it is public.

    Only members of a lead partner and curators add partners (PermissionDenied otherwise).
    """
    announce("projects")  # the network recomputes from this (core.changes)
    project = _lock(project)
    _check_manage_partners(user, project)
    _check_organisation(actor)
    if actor.is_hidden:
        raise ValidationError({"actor": _("Dieses Profil ist ausgeblendet.")})
    if role not in ProjectPartner.Role.values:
        raise ValidationError({"role": _("Unbekannte Rolle.")})
    if ProjectPartner.objects.filter(project=project, actor=actor).exists():
        raise ValidationError({"actor": _("Diese Organisation ist bereits Partner.")})
    partner = ProjectPartner.objects.create(
        project=project, actor=actor, role=role, is_lead=is_lead
    )
    _ask_for_consent(partner, user=user)
    audit_log(
        user=user, action="project.partner_add", target=project,
        changes={"partner": actor.name, "role": role, "lead": is_lead},
    )  # fmt: skip
    _sync_state(project, user=user)
    return partner


@transaction.atomic
def project_partner_remove(*, partner: ProjectPartner, user: User) -> None:
    """Remove another partner (lead partners' members and curators only).

    The last lead partner cannot be removed: first make another partner lead.
    """
    announce("projects")  # the network recomputes from this (core.changes)
    project = _lock(partner.project)
    _check_manage_partners(user, project)
    partner = _lock_partner(partner, project)
    if ProjectPartner.objects.filter(project=project).count() <= 1:
        raise ValidationError(_("Ein Vorhaben braucht mindestens einen Partner."))
    if partner.is_lead and not _other_leads(partner):
        raise ValidationError(
            _(
                "„%(name)s“ ist die einzige federführende Organisation und kann nicht entfernt "
                "werden. Übertragen Sie die Federführung zuerst an einen anderen Partner."
            )
            % {"name": partner.actor.name}
        )
    name = partner.actor.name
    partner.delete()
    audit_log(user=user, action="project.partner_remove", target=project, changes={"partner": name})
    _sync_state(project, user=user)


@transaction.atomic
def project_partner_withdraw(*, partner: ProjectPartner, user: User) -> None:
    """End one's own organisation's partnership (its members only).

    The last lead partner cannot withdraw: it first hands the lead to another partner (or a
    curator does). The project's visibility follows the remaining partners' consent.
    """
    announce("projects")  # the network recomputes from this (core.changes)
    project = _lock(partner.project)
    partner = _lock_partner(partner, project)
    if not user.has_perm("projects.withdraw_projectpartner", partner):
        raise PermissionDenied
    if partner.is_lead and not _other_leads(partner):
        raise ValidationError(
            _(
                "Ihre Organisation ist die einzige federführende Organisation dieses Vorhabens "
                "und kann sich nicht zurückziehen. Übertragen Sie die Federführung zuerst an "
                "einen anderen Partner."
            )
        )
    name = partner.actor.name
    partner.delete()
    audit_log(
        user=user, action="project.partner_withdraw", target=project, changes={"partner": name}
    )  # fmt: skip
    _sync_state(project, user=user)


@transaction.atomic
def project_partner_update(
    *,
    partner: ProjectPartner,
    user: User,
    role: str | None = None,
    is_lead: bool | None = None,
) -> ProjectPartner:
    """Change a partner's role and/or lead (lead partners' members and curators only).

    A project keeps at least one lead partner: the last one cannot give up the lead.
    """
    announce("projects")  # the network recomputes from this (core.changes)
    project = _lock(partner.project)
    _check_manage_partners(user, project)
    partner = _lock_partner(partner, project)
    changes: dict[str, Any] = {}
    if role is not None and role != partner.role:
        if role not in ProjectPartner.Role.values:
            raise ValidationError({"role": _("Unbekannte Rolle.")})
        changes["role"] = [partner.role, role]
        partner.role = role
    if is_lead is not None and is_lead != partner.is_lead:
        if not is_lead and not _other_leads(partner):
            raise ValidationError(
                _(
                    "„%(name)s“ ist die einzige federführende Organisation. Ein Vorhaben braucht "
                    "mindestens eine; übertragen Sie die Federführung zuerst an einen anderen "
                    "Partner."
                )
                % {"name": partner.actor.name}
            )
        changes["lead"] = [partner.is_lead, is_lead]
        partner.is_lead = is_lead
    if changes:
        partner.save(update_fields=["role", "is_lead", "updated"])
        audit_log(
            user=user, action="project.partner_update", target=project,
            changes={"partner": partner.actor.name, **changes},
        )  # fmt: skip
        _touch(project)
    return partner


@transaction.atomic
def project_consent(*, project: Project, user: User) -> list[ProjectPartner]:
    """Give the consent of every partner organisation the user is a member of (still pending).

    Raises PermissionDenied if the user is no member of a partner, ValidationError if their
    organisations have all consented already.
    """
    announce("projects")  # the network recomputes from this (core.changes)
    project = _lock(project)
    mine = ProjectPartner.objects.filter(project=project, actor__memberships__user=user)
    if not mine.exists():
        raise PermissionDenied
    pending = list(mine.filter(consented_at__isnull=True).select_related("actor"))
    if not pending:
        raise ValidationError(_("Ihre Organisation hat bereits zugestimmt."))
    now = timezone.now()
    for partner in pending:
        partner.consented_at = now
        partner.consented_by = user
        partner.save(update_fields=["consented_at", "consented_by", "updated"])
    audit_log(
        user=user, action="project.consent", target=project,
        changes={"partners": [p.actor.name for p in pending]},
    )  # fmt: skip
    _sync_state(project, user=user)
    return pending


@transaction.atomic
def project_consent_withdraw(*, project: Project, user: User) -> list[ProjectPartner]:
    """Withdraw the consent of the user's partner organisations; the project stops being public."""
    announce("projects")  # the network recomputes from this (core.changes)
    project = _lock(project)
    mine = ProjectPartner.objects.filter(project=project, actor__memberships__user=user)
    if not mine.exists():
        raise PermissionDenied
    given = list(mine.filter(consented_at__isnull=False).select_related("actor"))
    if not given:
        raise ValidationError(_("Ihre Organisation hat noch nicht zugestimmt."))
    for partner in given:
        partner.consented_at = None
        partner.consented_by = None
        partner.save(update_fields=["consented_at", "consented_by", "updated"])
    audit_log(
        user=user, action="project.consent_withdraw", target=project,
        changes={"partners": [p.actor.name for p in given]},
    )  # fmt: skip
    _sync_state(project, user=user)
    return given


# --- Accompaniment log -----------------------------------------------------------------------


def _touch(project: Project) -> None:
    Project.objects.filter(pk=project.pk).update(updated=timezone.now())


@transaction.atomic
def log_entry_create(*, project: Project, user: User, data: dict[str, Any]) -> ProjectLogEntry:
    entry = ProjectLogEntry(project=project, created_by=user)
    apply_changes(entry, LOG_FIELDS, data)
    entry.full_clean()
    entry.save()
    _touch(project)
    audit_log(
        user=user, action="project.log_create", target=project,
        changes={"entry": str(entry)},
    )  # fmt: skip
    return entry


@transaction.atomic
def log_entry_update(
    *, entry: ProjectLogEntry, user: User, data: dict[str, Any]
) -> ProjectLogEntry:
    changes = apply_changes(entry, LOG_FIELDS, data)
    entry.full_clean()
    entry.save()
    _touch(entry.project)
    if changes:
        audit_log(
            user=user, action="project.log_update", target=entry.project,
            changes={"entry": entry.pk, **changes},
        )  # fmt: skip
    return entry


@transaction.atomic
def log_entry_delete(*, entry: ProjectLogEntry, user: User) -> None:
    project = entry.project
    label = str(entry)
    entry.delete()
    _touch(project)
    audit_log(user=user, action="project.log_delete", target=project, changes={"entry": label})


# --- Learnings -------------------------------------------------------------------------------


def _set_practices(learning: Learning, practices: Iterable[Practice] | None) -> dict[str, Any]:
    if practices is None:
        return {}
    new_objects = list(practices)
    if any(not p.is_published for p in new_objects):
        raise ValidationError({"practices": _("Nur veröffentlichte Praxisbeispiele.")})
    old = sorted(p.title for p in learning.practices.all())
    new = sorted(p.title for p in new_objects)
    if old == new:
        return {}
    learning.practices.set(new_objects)
    return {"practices": [old, new]}


@transaction.atomic
def learning_create(
    *,
    project: Project,
    user: User,
    data: dict[str, Any],
    practices: Iterable[Practice] = (),
    publish: bool = False,
) -> Learning:
    learning = Learning(project=project, created_by=user)
    apply_changes(learning, LEARNING_FIELDS, data)
    if publish:
        learning.is_published = True
        learning.published_at = timezone.now()
    learning.full_clean()
    learning.save()
    _set_practices(learning, practices)
    _touch(project)
    audit_log(
        user=user, action="project.learning_create", target=project,
        changes={"learning": learning.title, "published": publish},
    )  # fmt: skip
    if publish:
        news.record("project_learning", learning.pk)  # followers hear of it (decision 0011)
    return learning


@transaction.atomic
def learning_update(
    *,
    learning: Learning,
    user: User,
    data: dict[str, Any],
    practices: Iterable[Practice] | None = None,
) -> Learning:
    changes = apply_changes(learning, LEARNING_FIELDS, data)
    learning.full_clean()
    learning.save()
    changes.update(_set_practices(learning, practices))
    _touch(learning.project)
    if changes:
        audit_log(
            user=user, action="project.learning_update", target=learning.project,
            changes={"learning": learning.pk, **changes},
        )  # fmt: skip
    return learning


@transaction.atomic
def learning_publish(*, learning: Learning, user: User) -> Learning:
    """Publish a learning as transferable insight (shown while its project is public)."""
    if learning.is_published:
        raise ValidationError(_("Diese Erkenntnis ist bereits veröffentlicht."))
    learning.is_published = True
    learning.published_at = timezone.now()
    learning.save(update_fields=["is_published", "published_at", "updated"])
    _touch(learning.project)
    audit_log(
        user=user, action="project.learning_publish", target=learning.project,
        changes={"learning": learning.title},
    )  # fmt: skip
    news.record("project_learning", learning.pk)  # followers hear of it (decision 0011)
    return learning


@transaction.atomic
def learning_unpublish(*, learning: Learning, user: User) -> Learning:
    if not learning.is_published:
        raise ValidationError(_("Diese Erkenntnis ist nicht veröffentlicht."))
    learning.is_published = False
    learning.published_at = None
    learning.save(update_fields=["is_published", "published_at", "updated"])
    _touch(learning.project)
    audit_log(
        user=user, action="project.learning_unpublish", target=learning.project,
        changes={"learning": learning.title},
    )  # fmt: skip
    return learning
