"""The curators' pages for publications under /kuration/impulse/: list, write, edit, publish,
withdraw or return Impulsbeiträge and write numbered Handlungsempfehlungen, linking their
examples with the record picker (core/picker.py). Every write goes through `services`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quartiersnetz.accounts.models import User
from quartiersnetz.core import sections
from quartiersnetz.core.forms import add_service_errors
from quartiersnetz.core.guards import require_perm, signed_in_user
from quartiersnetz.core.picker import picked_ids
from quartiersnetz.core.responses import render  # 400 for invalid forms
from quartiersnetz.practices.models import Practice

from . import selectors, services
from .forms import PublicationCurationForm, PublicationReviewForm, RecommendationForm
from .models import Publication, Recommendation

PRACTICE_PICKER = "praxis"


def _curator(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not user.has_perm("publications.publish_publication"):
        raise PermissionDenied
    return user


def _publication(slug: str) -> Publication:
    publication = selectors.publication_for_curation(slug=slug)
    if publication is None:
        raise Http404
    return publication


def editor_url(recommendation: Recommendation) -> str:
    return reverse(
        "publication_curation:recommendation",
        kwargs={"slug": recommendation.publication.slug, "number": recommendation.number},
    )


@login_required
@require_safe
def curation_list(request: HttpRequest) -> HttpResponse:
    _curator(request)
    lists = selectors.curation_lists(request.GET.get("seite"))
    return render(
        request, "publications/curation/list.html", {"lists": lists, "page": lists.published}
    )


@login_required
@require_safe
def recommendation_overview(request: HttpRequest) -> HttpResponse:
    """Every recommendation (of drafts too) by action field and approach, with both facets."""
    _curator(request)
    filters = selectors.RecommendationFilters.from_query(request.GET)
    overview = selectors.curation_recommendations(filters, request.GET.get("seite"))
    context = {
        "filters": filters,
        "facets": overview.facets,
        "page": overview.page,
        "groups": overview.groups,
        "unknown": overview.unknown,
    }
    return render(request, "publications/curation/recommendations.html", context)


def _publication_data(form: PublicationCurationForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("author_organisations", None)
    if data.get("published_on") is None:
        data.pop("published_on", None)
    return data


@login_required
@require_http_methods(["GET", "POST"])
def publication_create(request: HttpRequest) -> HttpResponse:
    user = _curator(request)
    form = PublicationCurationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            publication = services.publication_create(user=user, data=_publication_data(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Der Entwurf ist gespeichert; er ist noch nicht öffentlich.")
            )
            return redirect("publication_curation:edit", slug=publication.slug)
    return render(request, "publications/curation/publication_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def publication_edit(request: HttpRequest, slug: str) -> HttpResponse:
    user = _curator(request)
    publication = _publication(slug)
    form = PublicationCurationForm(request.POST or None, publication=publication)
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_update(
                user=user,
                publication=publication,
                data=_publication_data(form),
                author_organisations=form.cleaned_data.get("author_organisations"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Änderungen sind gespeichert."))
            return redirect("publication_curation:edit", slug=publication.slug)
    context = {
        "publication": publication,
        "form": form,
        "review_form": PublicationReviewForm(),
        "recommendations": list(publication.recommendations.all()),
    }
    return render(request, "publications/curation/publication_form.html", context)


@login_required
@require_POST
def publication_review(request: HttpRequest, slug: str) -> HttpResponse:
    """Publish, withdraw, or return a submission with a note."""
    user = _curator(request)
    publication = _publication(slug)
    form = PublicationReviewForm(request.POST)
    if not form.is_valid():
        context = {
            "publication": publication,
            "form": PublicationCurationForm(publication=publication),
            "review_form": form,
            "recommendations": list(publication.recommendations.all()),
        }
        return render(request, "publications/curation/publication_form.html", context)
    action = form.cleaned_data["action"]
    if action == "publish":
        services.publication_publish(user=user, publication=publication)
        messages.success(request, _("Die Veröffentlichung ist jetzt öffentlich."))
    elif action == "unpublish":
        services.publication_unpublish(user=user, publication=publication)
        messages.success(request, _("Die Veröffentlichung ist nicht mehr öffentlich."))
    else:
        try:
            services.publication_return(
                user=user, publication=publication, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Der Beitrag ist mit Ihrem Hinweis zurückgegeben."))
    return redirect("publication_curation:edit", slug=publication.slug)


def _recommendation_extra(form: RecommendationForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "reasoning": data.get("reasoning") or "",
        "action_field": data.get("action_field"),
        "approach": data.get("approach"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_create(request: HttpRequest, slug: str) -> HttpResponse:
    user = _curator(request)
    publication = _publication(slug)
    form = RecommendationForm(
        request.POST or None,
        initial={
            "number": services.recommendation_next_number(publication),
            "action_field": publication.action_field_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = services.recommendation_save(
                user=user,
                publication=publication,
                number=form.cleaned_data["number"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                extra=_recommendation_extra(form),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Die Empfehlung ist gespeichert. Verknüpfen Sie jetzt ihre Beispiele."),
            )
            return redirect(editor_url(recommendation))
    context = {"publication": publication, "form": form}
    return render(request, "publications/curation/recommendation_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_edit(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    user = _curator(request)
    recommendation = selectors.recommendation_for_edit(slug=slug, number=number)
    if recommendation is None:
        raise Http404
    form = RecommendationForm(request.POST or None, recommendation=recommendation)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = services.recommendation_save(
                user=user,
                publication=recommendation.publication,
                number=form.cleaned_data["number"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                recommendation=recommendation,
                extra=_recommendation_extra(form),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Empfehlung ist gespeichert."))
            return redirect(editor_url(recommendation))
    editor = selectors.RecommendationEditor(
        recommendation=recommendation, query=request.GET, page_url=request.path
    )
    practice_picker = selectors.recommendation_picker(
        editor,
        name=PRACTICE_PICKER,
        heading=_("Praxisbeispiele"),
        hint=_(
            "Praxisbeispiele, die diese Empfehlung zeigen. "
            "Öffentlich erscheinen nur veröffentlichte."
        ),
        action="publication_curation:recommendation_practices",
        records=selectors.practice_picker_records(),
        item=selectors.practice_picker_item,
        order=("title", "id"),
    )
    context = {
        "publication": recommendation.publication,
        "recommendation": recommendation,
        "form": form,
        "practice_picker": practice_picker,
        "sections": sections.bound_sections(selectors.RECOMMENDATION_EDITOR_SECTIONS, editor),
    }
    return render(request, "publications/curation/recommendation_form.html", context)


@login_required
@require_POST
def recommendation_remove(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    user = _curator(request)
    recommendation = selectors.recommendation_for_edit(slug=slug, number=number)
    if recommendation is None:
        raise Http404
    services.recommendation_delete(user=user, recommendation=recommendation)
    messages.success(request, _("Die Empfehlung ist gelöscht."))
    return redirect("publication_curation:edit", slug=slug)


def recommendation_link_view(
    *,
    records: Callable[[list[int]], Any],
    save: Callable[..., Any],
    saved: str | Any,
    picker_name: str,
) -> Callable[[HttpRequest, str, int], HttpResponse]:
    """The view answering a picker that a higher app contributes to the recommendation editor
    (events: Werkstätten, projects: Vorhaben): link exactly the ticked records — `records(ids)`
    reads them, `save(user=, recommendation=, records=)` writes (audited) — then back to the
    editor at the picker."""

    @login_required
    @require_POST
    def view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
        user = signed_in_user(request)
        require_perm(request, "publications.publish_publication")
        recommendation = selectors.recommendation_for_edit(slug=slug, number=number)
        if recommendation is None:
            raise Http404
        save(user=user, recommendation=recommendation, records=records(picked_ids(request.POST)))
        messages.success(request, str(saved))
        editor = reverse(
            "publication_curation:recommendation", kwargs={"slug": slug, "number": number}
        )
        return redirect(f"{editor}#picker-{picker_name}")

    return view


# The editor's own picker: the practices that show the recommendation.
recommendation_practices_link = recommendation_link_view(
    records=lambda ids: Practice.objects.filter(pk__in=ids),
    save=lambda *, records, **kwargs: services.recommendation_link_practices(
        practices=records, **kwargs
    ),
    saved=gettext_lazy("Die Praxisbeispiele der Empfehlung sind gespeichert."),
    picker_name=PRACTICE_PICKER,
)
