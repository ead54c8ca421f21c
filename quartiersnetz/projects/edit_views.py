"""Writing Vorhaben: create, edit, partners and consent, accompaniment log, learnings.

Views parse input, check the rules permissions and call services. Anonymous visitors are
sent to the login; projects the user may not even see answer 404 (unconsented projects stay
secret), visible projects the user may not change answer 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from quartiersnetz.accounts.rules import is_curator
from quartiersnetz.actors.models import Actor
from quartiersnetz.core.forms import add_service_errors
from quartiersnetz.core.guards import signed_in_user
from quartiersnetz.core.responses import render  # 400 for invalid forms

from . import selectors, services
from .forms import (
    ConsentForm,
    LearningForm,
    LogEntryForm,
    PartnerForm,
    PartnerUpdateForm,
    ProjectCreateForm,
    ProjectForm,
)
from .models import Learning, Project, ProjectLogEntry, ProjectPartner


def _project(request: HttpRequest, slug: str, perm: str) -> Project:
    """The project, 404 if the user may not see it, 403 if they lack `perm`."""
    project = selectors.project_for_edit(slug)
    if project is None or not request.user.has_perm("projects.view_project", project):
        raise Http404
    if not request.user.has_perm(perm, project):
        raise PermissionDenied
    return project


def _timeline_url(project: Project) -> str:
    return f"{project.get_absolute_url()}#verlauf"


# --- Project ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not user.has_perm("projects.add_project"):
        return render(request, "projects/project_form.html", {"no_organisation": True}, status=403)
    organisations = None
    if not is_curator(user):
        organisations = Actor.objects.filter(
            memberships__user=user, kind=Actor.Kind.ORGANISATION
        ).order_by("name")
    form = ProjectCreateForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                user=user,
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
                data=form.service_data(),
                approaches=form.cleaned_data["approaches"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Das Vorhaben „%(title)s“ ist angelegt. Öffentlich erscheint es, sobald alle "
                    "Partner zugestimmt haben."
                )
                % {"title": project.title},
            )
            return redirect(project.get_absolute_url())
    return render(request, "projects/project_form.html", {"form": form, "project": None})


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug, "projects.change_project")
    form = ProjectForm(request.POST if request.method == "POST" else None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_update(
                project=project,
                user=signed_in_user(request),
                data=form.service_data(),
                approaches=form.cleaned_data["approaches"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Änderungen wurden gespeichert."))
            return redirect(project.get_absolute_url())
    if request.method == "POST":
        project.refresh_from_db()
    return render(request, "projects/project_form.html", {"form": form, "project": project})


# --- Partners and consent --------------------------------------------------------------------


def _partner(project: Project, pk: int) -> ProjectPartner:
    partner = (
        ProjectPartner.objects.select_related("actor", "project")
        .filter(project=project, pk=pk)
        .first()
    )
    if partner is None:
        raise Http404
    return partner


@login_required
@require_http_methods(["GET", "POST"])
def project_partners(request: HttpRequest, slug: str) -> HttpResponse:
    """Every partner member sees the partners (and may withdraw its own organisation);
    members of a lead partner and curators add, remove and change partners."""
    project = _project(request, slug, "projects.change_project")
    user = signed_in_user(request)
    can_manage = user.has_perm("projects.change_projectpartner", project)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = PartnerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.project_partner_add(
                project=project,
                user=user,
                actor=form.cleaned_data["actor"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "„%(name)s“ ist als Partner eingetragen. Die Mitglieder der Organisation "
                    "sehen das Vorhaben jetzt und können der Veröffentlichung zustimmen."
                )
                % {"name": partner.actor.name},
            )
            return redirect("projects:partners", slug=project.slug)
    partners = selectors.project_partners(project, user)
    return render(
        request,
        "projects/project_partners.html",
        {
            "project": project,
            "form": form,
            "partners": partners,
            "can_manage": can_manage,
            "role_choices": ProjectPartner.Role.choices,
        },
    )


@login_required
@require_POST
def project_partner_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug, "projects.change_projectpartner")
    partner = _partner(project, pk)
    try:
        services.project_partner_remove(partner=partner, user=signed_in_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("„%(name)s“ ist kein Partner mehr.") % {"name": partner.actor})
    return redirect("projects:partners", slug=project.slug)


@login_required
@require_POST
def project_partner_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug, "projects.change_projectpartner")
    partner = _partner(project, pk)
    form = PartnerUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte prüfen Sie Ihre Eingaben."))
        return redirect("projects:partners", slug=project.slug)
    try:
        services.project_partner_update(
            partner=partner, user=signed_in_user(request), **form.service_kwargs()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Die Angaben zu „%(name)s“ sind gespeichert.") % {"name": partner.actor}
        )
    return redirect("projects:partners", slug=project.slug)


@login_required
@require_http_methods(["GET", "POST"])
def project_partner_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """End one's own organisation's partnership: GET asks, POST withdraws."""
    project = _project(request, slug, "projects.view_project")
    partner = _partner(project, pk)
    user = signed_in_user(request)
    if not user.has_perm("projects.withdraw_projectpartner", partner):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.project_partner_withdraw(partner=partner, user=user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("projects:partners", slug=project.slug)
        messages.success(
            request,
            _("„%(name)s“ ist nicht mehr Partner des Vorhabens „%(title)s“.")
            % {"name": partner.actor.name, "title": project.title},
        )
        project.refresh_from_db()
        if user.has_perm("projects.view_project", project):
            return redirect(project.get_absolute_url())
        return redirect("projects:list")
    leads = project.partner_roles.filter(is_lead=True).exclude(pk=partner.pk).exists()
    return render(
        request,
        "projects/partner_withdraw.html",
        {"project": project, "partner": partner, "is_last_lead": partner.is_lead and not leads},
    )


@login_required
@require_POST
def project_consent(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug, "projects.consent_project")
    form = ConsentForm(request.POST)
    withdraw = form.is_valid() and form.cleaned_data["action"] == ConsentForm.WITHDRAW
    try:
        if withdraw:
            services.project_consent_withdraw(project=project, user=signed_in_user(request))
        else:
            services.project_consent(project=project, user=signed_in_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(project.get_absolute_url())
    project.refresh_from_db()
    if withdraw:
        messages.success(
            request,
            _("Ihre Zustimmung ist zurückgezogen; das Vorhaben ist nicht mehr öffentlich."),
        )
    elif project.is_public:
        messages.success(
            request,
            _(
                "Danke für Ihre Zustimmung. Alle Partner haben zugestimmt: das Vorhaben ist "
                "öffentlich."
            ),
        )
    else:
        messages.success(
            request,
            _(
                "Danke für Ihre Zustimmung. Öffentlich wird das Vorhaben, sobald alle Partner "
                "zugestimmt haben."
            ),
        )
    return redirect(project.get_absolute_url())


# --- Accompaniment log -----------------------------------------------------------------------


def _entry(project: Project, pk: int) -> ProjectLogEntry:
    entry = selectors.project_log_entry(project, pk)
    if entry is None:
        raise Http404
    return entry


def _log_form(
    request: HttpRequest, project: Project, entry: ProjectLogEntry | None
) -> HttpResponse:
    form = LogEntryForm(
        request.POST if request.method == "POST" else None, instance=entry, project=project
    )
    if request.method == "POST" and form.is_valid():
        user = signed_in_user(request)
        try:
            if entry is None:
                services.log_entry_create(project=project, user=user, data=form.service_data())
            else:
                services.log_entry_update(entry=entry, user=user, data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Der Eintrag ist gespeichert."))
            return redirect(_timeline_url(project))
    context: dict[str, Any] = {"project": project, "form": form, "entry": entry}
    return render(request, "projects/log_entry_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def log_entry_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug, "projects.change_project")
    return _log_form(request, project, None)


@login_required
@require_http_methods(["GET", "POST"])
def log_entry_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug, "projects.change_project")
    return _log_form(request, project, _entry(project, pk))


@login_required
@require_http_methods(["GET", "POST"])
def log_entry_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug, "projects.change_project")
    entry = _entry(project, pk)
    if request.method == "POST":
        services.log_entry_delete(entry=entry, user=signed_in_user(request))
        messages.success(request, _("Der Eintrag ist gelöscht."))
        return redirect(_timeline_url(project))
    return render(request, "projects/log_entry_delete.html", {"project": project, "entry": entry})


# --- Learnings -------------------------------------------------------------------------------


def _learning(project: Project, pk: int) -> Learning:
    learning = selectors.project_learning(project, pk)
    if learning is None:
        raise Http404
    return learning


def _learning_form(
    request: HttpRequest, project: Project, learning: Learning | None
) -> HttpResponse:
    form = LearningForm(
        request.POST if request.method == "POST" else None, instance=learning, project=project
    )
    if request.method == "POST" and form.is_valid():
        user = signed_in_user(request)
        try:
            if learning is None:
                services.learning_create(
                    project=project,
                    user=user,
                    data=form.service_data(),
                    practices=form.cleaned_data["practices"],
                    publish=form.cleaned_data.get("publish", False),
                )
            else:
                services.learning_update(
                    learning=learning,
                    user=user,
                    data=form.service_data(),
                    practices=form.cleaned_data["practices"],
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Erkenntnis ist gespeichert."))
            return redirect(f"{project.get_absolute_url()}#erkenntnisse")
    context = {"project": project, "form": form, "learning": learning}
    return render(request, "projects/learning_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def learning_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug, "projects.change_project")
    return _learning_form(request, project, None)


@login_required
@require_http_methods(["GET", "POST"])
def learning_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug, "projects.change_project")
    return _learning_form(request, project, _learning(project, pk))


@login_required
@require_POST
def learning_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug, "projects.change_project")
    learning = _learning(project, pk)
    user = signed_in_user(request)
    try:
        if request.POST.get("action") == "zurueckziehen":
            services.learning_unpublish(learning=learning, user=user)
            messages.success(request, _("Die Erkenntnis ist nicht mehr veröffentlicht."))
        else:
            services.learning_publish(learning=learning, user=user)
            messages.success(request, _("Die Erkenntnis ist veröffentlicht."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{project.get_absolute_url()}#erkenntnisse")
