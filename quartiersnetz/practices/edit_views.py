"""Writing and curating Praxisbeispiele: edit, submit, review, publish, rate, revisions.

Views parse input, check the rules permissions and call services/selectors. Anonymous
visitors are sent to the login; records the user may not even see answer 404 (drafts
stay secret), visible records the user may not change answer 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quartiersnetz.core.forms import add_service_errors
from quartiersnetz.core.guards import require_perm, signed_in_user
from quartiersnetz.core.limits import accepts_upload
from quartiersnetz.core.responses import render  # 400 for invalid forms

from . import curation_selectors as selectors
from . import services
from .forms import ImageForm, PracticeForm, RatingForm, ReviewForm, involved_actor_formset
from .models import Practice, PracticeImage

PAGE_SIZE = 20
SUBMIT = "einreichen"


def _practice(request: HttpRequest, slug: str, perm: str) -> Practice:
    """The practice, 404 if the user may not see it, 403 if they lack `perm`."""
    practice = selectors.practice_for_edit(slug)
    if practice is None or not request.user.has_perm("practices.view_practice", practice):
        raise Http404
    require_perm(request, perm, practice)
    return practice


def _submit_after_save(request: HttpRequest, practice: Practice) -> HttpResponse:
    try:
        services.practice_submit(practice=practice, user=signed_in_user(request))
    except ValidationError as exc:
        messages.error(
            request,
            _("Der Entwurf wurde gespeichert, aber nicht eingereicht: %(reason)s")
            % {"reason": " ".join(exc.messages)},
        )
        return redirect("practices:edit", slug=practice.slug)
    messages.success(
        request,
        _(
            "„%(title)s“ wurde zur Prüfung eingereicht. Sie erhalten eine E-Mail, sobald die "
            "Kuration entschieden hat."
        )
        % {"title": practice.title},
    )
    return redirect("practices:mine")


def _form_context(
    request: HttpRequest, practice: Practice | None, form: PracticeForm, formset: Any
) -> dict[str, Any]:
    can_submit = practice is None or request.user.has_perm("practices.submit_practice", practice)
    return {
        "practice": practice,
        "form": form,
        "formset": formset,
        "can_submit": can_submit,
        "submit_value": SUBMIT,
        "comments": selectors.review_comments(practice) if practice else [],
    }


@login_required
@require_http_methods(["GET", "POST"])
def practice_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "practices.add_practice")
    user = signed_in_user(request)
    actors = selectors.author_actors(user)
    if not actors.exists():
        return render(request, "practices/practice_form.html", {"no_profile": True})
    data = request.POST if request.method == "POST" else None
    form = PracticeForm(data, author_actors=actors)
    formset = involved_actor_formset(data, practice=None)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            practice = services.practice_create(
                user=user,
                organisation=form.cleaned_data["organisation"],
                data=form.service_data(),
                actors=formset.pairs(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.POST.get("action") == SUBMIT:
                return _submit_after_save(request, practice)
            messages.success(
                request,
                _("Der Entwurf „%(title)s“ wurde gespeichert. Nur Sie und die Kuration sehen ihn.")
                % {"title": practice.title},
            )
            return redirect("practices:edit", slug=practice.slug)
    return render(
        request, "practices/practice_form.html", _form_context(request, None, form, formset)
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _practice(request, slug, "practices.change_practice")
    user = signed_in_user(request)
    data = request.POST if request.method == "POST" else None
    form = PracticeForm(data, instance=practice, author_actors=selectors.author_actors(user))
    formset = involved_actor_formset(data, practice=practice)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            practice = services.practice_update(
                practice=practice,
                user=user,
                data=form.service_data(),
                actors=formset.pairs(),
                organisation=form.cleaned_data["organisation"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.POST.get("action") == SUBMIT and user.has_perm(
                "practices.submit_practice", practice
            ):
                return _submit_after_save(request, practice)
            messages.success(request, _("Die Änderungen wurden gespeichert."))
            return redirect("practices:edit", slug=practice.slug)
    # A failed POST must not leave the bound instance half-changed in the page.
    practice.refresh_from_db()
    return render(
        request, "practices/practice_form.html", _form_context(request, practice, form, formset)
    )


@login_required
@require_POST
def practice_submit(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _practice(request, slug, "practices.submit_practice")
    return _submit_after_save(request, practice)


@login_required
@require_safe
def my_practices(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    page = Paginator(selectors.my_practices(user), PAGE_SIZE).get_page(request.GET.get("seite"))
    context = {"page": page, "has_profile": selectors.author_actors(user).exists()}
    return render(request, "practices/my_practices.html", context)


@login_required
@require_safe
def review_queue(request: HttpRequest) -> HttpResponse:
    require_perm(request, "practices.view_review_queue")
    page = Paginator(selectors.review_queue(), PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(request, "practices/review_queue.html", {"page": page, "now": timezone.now()})


@login_required
@require_http_methods(["GET", "POST"])
def practice_review(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _practice(request, slug, "practices.view_review_queue")
    can_review = request.user.has_perm("practices.review_practice", practice)
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_review:
            raise PermissionDenied
        if form.is_valid():
            curator, comment = signed_in_user(request), form.cleaned_data["comment"]
            try:
                if form.cleaned_data["decision"] == ReviewForm.PUBLISH:
                    services.practice_publish(practice=practice, curator=curator, comment=comment)
                    note = _("„%(title)s“ ist veröffentlicht.")
                else:
                    services.practice_return(practice=practice, curator=curator, comment=comment)
                    note = _("„%(title)s“ wurde zur Überarbeitung zurückgegeben.")
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, note % {"title": practice.title})
                return redirect("practices:review_queue")
        status = 400
    context = {
        "practice": practice,
        "form": form,
        "can_review": can_review,
        "can_rate": request.user.has_perm("practices.rate_practice", practice),
        "comments": selectors.review_comments(practice),
        "roles": selectors.involved_actors(practice),
        "images": selectors.practice_images(practice),
        "ratings": selectors.practice_ratings(practice),
    }
    return render(request, "practices/practice_review.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def practice_rate(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _practice(request, slug, "practices.rate_practice")
    existing = selectors.practice_ratings(practice)
    initial: dict[str, Any] = {}
    for criterion, rating in existing.items():
        initial[f"score_{criterion}"] = str(rating.score)
        initial[f"reason_{criterion}"] = rating.reason
    form = RatingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.practice_rate(
                practice=practice, curator=signed_in_user(request), ratings=form.ratings()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Bewertung wurde gespeichert."))
            return redirect("practices:rate", slug=practice.slug)
    practice.refresh_from_db()
    return render(
        request,
        "practices/practice_rate.html",
        {"practice": practice, "form": form},
    )


@accepts_upload("LOGO_MAX_BYTES")
@login_required
@require_http_methods(["GET", "POST"])
def practice_images(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _practice(request, slug, "practices.change_practice")
    user = signed_in_user(request)
    form = ImageForm()
    status = 200
    if request.method == "POST" and "remove" in request.POST:
        try:
            image_id = int(request.POST["remove"])
        except ValueError as exc:
            raise Http404 from exc
        image = get_object_or_404(PracticeImage, pk=image_id, practice=practice)
        services.practice_image_remove(image=image, user=user)
        messages.success(request, _("Das Bild wurde entfernt."))
        return redirect("practices:images", slug=practice.slug)
    if request.method == "POST":
        form = ImageForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.practice_image_add(
                    practice=practice,
                    user=user,
                    image=form.cleaned_data["image"],
                    alt_text=form.cleaned_data["alt_text"],
                    credit=form.cleaned_data["credit"],
                    caption=form.cleaned_data["caption"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Das Bild wurde hinzugefügt."))
                return redirect("practices:images", slug=practice.slug)
        status = 400
    context = {"practice": practice, "form": form, "images": selectors.practice_images(practice)}
    return render(request, "practices/practice_images.html", context, status=status)


@login_required
@require_safe
def practice_history(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _practice(request, slug, "practices.view_history")
    page = Paginator(selectors.practice_revisions(practice), 50).get_page(request.GET.get("seite"))
    context = {
        "practice": practice,
        "page": page,
        "can_restore": request.user.has_perm("practices.restore_practice", practice),
    }
    return render(request, "practices/practice_history.html", context)


@login_required
@require_safe
def practice_revision(request: HttpRequest, slug: str, history_id: int) -> HttpResponse:
    practice = _practice(request, slug, "practices.view_history")
    record = selectors.practice_revision(practice, history_id)
    if record is None:
        raise Http404
    previous = selectors.previous_revision(record)
    context = {
        "practice": practice,
        "record": record,
        "previous": previous,
        "changes": selectors.revision_changes(record, previous),
        "can_restore": request.user.has_perm("practices.restore_practice", practice),
    }
    return render(request, "practices/practice_revision.html", context)


@login_required
@require_POST
def practice_restore(request: HttpRequest, slug: str, history_id: int) -> HttpResponse:
    practice = _practice(request, slug, "practices.restore_practice")
    try:
        services.practice_restore(
            practice=practice, user=signed_in_user(request), history_id=history_id
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("practices:revision", slug=practice.slug, history_id=history_id)
    messages.success(
        request,
        _("Die Version vom %(date)s wurde als neue Version wiederhergestellt.")
        % {"date": _revision_date(practice, history_id)},
    )
    return redirect("practices:history", slug=practice.slug)


def _revision_date(practice: Practice, history_id: int) -> str:
    from django.utils.formats import date_format

    record = selectors.practice_revision(practice, history_id)
    if record is None:
        return str(history_id)
    return date_format(timezone.localtime(record.history_date), "SHORT_DATETIME_FORMAT")
