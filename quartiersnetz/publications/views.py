"""Views for publications. They parse input, check permissions and call selectors/services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quartiersnetz.core import sections
from quartiersnetz.core.guards import signed_in_user
from quartiersnetz.core.jsonld import CONTENT_LICENCE, actor_ref, json_ld
from quartiersnetz.core.limits import accepts_upload
from quartiersnetz.core.media import CONTENT_SECURITY_POLICY
from quartiersnetz.core.middleware import mark_personal
from quartiersnetz.core.responses import render  # 400 for invalid forms

from . import selectors, services
from .forms import PublicationReviseForm, PublicationStatusForm, PublicationSubmitForm


@require_safe
def publication_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.PublicationFilters.from_query(request.GET)
    listing = selectors.list_page(filters, request.GET.get("seite"))
    context = {
        "filters": filters,
        "facets": listing.facets,
        "page": listing.page,
        # Per-request links of higher apps ("Als Themenradar speichern"), never cached.
        "list_actions": sections.bound_actions(selectors.LIST_PAGE, request, filters),
    }
    return render(request, "publications/publication_list.html", context)


def _json_ld(request: HttpRequest, publication: Any, authors: list[Any]) -> SafeString | str:
    """schema.org Article of a published publication (its attachments as media)."""
    if not publication.is_published:
        return ""
    data: dict[str, Any] = {
        "@type": "Article",
        "headline": publication.title,
        "abstract": publication.summary,
        "url": request.build_absolute_uri(publication.get_absolute_url()),
        "inLanguage": "de",
        "license": CONTENT_LICENCE,
        "genre": publication.get_kind_display(),
        "dateModified": publication.updated.isoformat(),
        "author": [actor_ref(request, actor) for actor in authors],
    }
    if publication.author_names:
        data["creditText"] = publication.author_names
    if publication.published_on:
        data["datePublished"] = publication.published_on.isoformat()
    if publication.action_field:
        data["about"] = publication.action_field.name
    media = [
        {
            "@type": "MediaObject",
            "name": attachment.title,
            "encodingFormat": "application/pdf",
            "contentSize": f"{attachment.size} B",
            "contentUrl": request.build_absolute_uri(attachment.get_absolute_url()),
        }
        for attachment in publication.attachments.all()
    ]
    if media:
        data["associatedMedia"] = media
    return json_ld(data)


@require_safe
def publication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    publication = selectors.publication_detail(slug=slug)
    if publication is None or not request.user.has_perm(
        "publications.view_publication", publication
    ):
        raise Http404
    authors = [a for a in publication.author_organisations.all() if not a.is_hidden]
    names = [a.name for a in authors]
    if publication.author_names:
        names.append(publication.author_names)
    context = {
        "publication": publication,
        "authors": authors,
        "attribution": ", ".join(names),
        "recommendations": list(publication.recommendations.all()),
        "attachments": list(publication.attachments.all()),
        "canonical_url": request.build_absolute_uri(publication.get_absolute_url()),
        "json_ld": _json_ld(request, publication, authors),
        "can_publish": request.user.has_perm("publications.publish_publication", publication),
        "can_revise": request.user.has_perm("publications.revise_publication", publication),
        "sections": sections.bound_sections(selectors.DETAIL_SECTIONS, publication),
    }
    return render(request, "publications/publication_detail.html", context)


@require_safe
def attachment_download(request: HttpRequest, slug: str, pk: int, file_name: str) -> FileResponse:
    """The PDF as a download with its readable name; only if the publication is visible."""
    attachment = selectors.attachment_for_download(slug=slug, pk=pk)
    if (
        attachment is None
        or attachment.file_name != file_name
        or not request.user.has_perm("publications.view_publication", attachment.publication)
    ):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.file_name,
        content_type="application/pdf",
    )
    response["Content-Length"] = str(attachment.size)
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    if attachment.publication.is_published:
        response["Cache-Control"] = "public, max-age=3600"
    else:
        mark_personal(response)
    return response


@require_safe
def recommendation_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.RecommendationFilters.from_query(request.GET)
    listing = selectors.recommendations_page(filters, request.GET.get("seite"))
    context = {
        "filters": filters,
        "facets": listing.facets,
        "page": listing.page,
        "total_recommendations": listing.total_recommendations,
        "unknown_approach": listing.unknown_approach,
    }
    return render(request, "publications/recommendation_list.html", context)


@accepts_upload("PUBLICATION_ATTACHMENT_MAX_BYTES")
@login_required
@require_http_methods(["GET", "POST"])
def publication_submit(request: HttpRequest) -> HttpResponse:
    """A member of an organisation submits a contribution; curators review and publish it."""
    user = signed_in_user(request)
    if not user.has_perm("publications.submit_publication"):
        raise PermissionDenied
    form = PublicationSubmitForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            publication = services.publication_submit(
                user=user,
                organisation=data.pop("organisation"),
                data=data,
                upload=data.pop("attachment", None) or None,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "Danke! Ihr Beitrag ist eingereicht. Die Kuration prüft ihn und "
                    "veröffentlicht ihn; bis dahin sehen nur Sie und die Kuration diese Seite."
                ),
            )
            return redirect(publication.get_absolute_url())
    return render(request, "publications/publication_submit.html", {"form": form})


@login_required
@require_POST
def publication_status(request: HttpRequest, slug: str) -> HttpResponse:
    """Curators publish or withdraw a publication from its page."""
    publication = selectors.publication_detail(slug=slug)
    if publication is None:
        raise Http404
    user = signed_in_user(request)
    if not user.has_perm("publications.publish_publication", publication):
        raise PermissionDenied
    form = PublicationStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unbekannte Aktion."))
        return redirect(publication.get_absolute_url())
    if form.cleaned_data["action"] == "publish":
        services.publication_publish(user=user, publication=publication)
        messages.success(request, _("Die Veröffentlichung ist jetzt öffentlich."))
    else:
        services.publication_unpublish(user=user, publication=publication)
        messages.success(request, _("Die Veröffentlichung ist nicht mehr öffentlich."))
    return redirect(publication.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def publication_revise(request: HttpRequest, slug: str) -> HttpResponse:
    """The submitter changes a submission (e.g. after the curators returned it with a note)
    and hands it in again; curators see it as waiting again."""
    publication = selectors.publication_detail(slug=slug)
    if publication is None or not request.user.has_perm(
        "publications.view_publication", publication
    ):
        raise Http404
    user = signed_in_user(request)
    if not user.has_perm("publications.revise_publication", publication):
        raise PermissionDenied
    form = PublicationReviseForm(request.POST or None, publication=publication)
    if request.method == "POST" and form.is_valid():
        services.publication_resubmit(
            user=user, publication=publication, data=dict(form.cleaned_data)
        )
        messages.success(request, _("Danke! Ihr Beitrag ist erneut eingereicht."))
        return redirect(publication.get_absolute_url())
    context = {"publication": publication, "form": form}
    return render(request, "publications/publication_revise.html", context)
