"""Forms for profiles, members, invitations and claims. They parse input; services write."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.forms import KernForm, KernModelForm, apply_kern_classes
from quartiersnetz.core.images import reencode_image
from quartiersnetz.core.text import fold
from quartiersnetz.places.forms import MunicipalityField
from quartiersnetz.taxonomy.forms import ApproachChoiceField
from quartiersnetz.taxonomy.models import Approach

from .models import Actor, Claim, Membership

MAX_LINKS = 10


class ProfileForm(KernModelForm):
    """The editable profile of an organisation or an expert."""

    municipality = MunicipalityField(required=False)
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )
    logo_upload = forms.FileField(
        label=_("Logo oder Bild"),
        required=False,
        help_text=_(
            "PNG, JPEG, GIF oder WebP, höchstens 5 MB; wird verkleinert und neu gespeichert."
        ),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Vorhandenes Logo entfernen"), required=False)

    class Meta:
        model = Actor
        fields = [
            "name", "sector", "municipality", "summary", "description", "offers",
            "offer_categories", "seeks", "need_categories", "spatial_fields", "action_fields",
            "approaches", "website", "links", "contact_email",
        ]  # fmt: skip
        widgets = {
            "spatial_fields": forms.CheckboxSelectMultiple,
            "action_fields": forms.CheckboxSelectMultiple,
            "approaches": forms.CheckboxSelectMultiple,
            "offer_categories": forms.CheckboxSelectMultiple,
            "need_categories": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 8}),
            "offers": forms.Textarea(attrs={"rows": 4}),
            "seeks": forms.Textarea(attrs={"rows": 4}),
            "links": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"approaches": ApproachChoiceField}
        help_texts = {
            "description": _("Markdown ist erlaubt (Überschriften, Listen, Links)."),
            "offers": _("Was bringen Sie ein: Wissen, Räume, Methoden, Kontakte …"),
            "seeks": _("Wen oder was suchen Sie: Partner, Erfahrungen, Orte …"),
            "offer_categories": _("Optional: Kategorien, in denen Sie etwas anbieten."),
            "need_categories": _("Optional: Kategorien, in denen Sie etwas suchen."),
            "summary": _("Ein bis zwei Sätze für die Übersicht (höchstens 300 Zeichen)."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        approaches = self.fields["approaches"]
        assert isinstance(approaches, forms.ModelMultipleChoiceField)  # noqa: S101
        approaches.queryset = Approach.objects.select_related("action_field")
        sector = self.fields["sector"]
        assert isinstance(sector, forms.ModelChoiceField)  # noqa: S101
        sector.empty_label = _("– bitte wählen –")
        if not (self.instance and self.instance.logo):
            del self.fields["remove_logo"]

    def clean_links(self) -> str:
        lines = [
            line.strip() for line in self.cleaned_data.get("links", "").splitlines() if line.strip()
        ]
        if len(lines) > MAX_LINKS:
            raise ValidationError(_("Höchstens %(n)s Links.") % {"n": MAX_LINKS})
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except ValidationError as exc:
                raise ValidationError(
                    _("„%(line)s“ ist keine gültige Adresse (mit http:// oder https://).")
                    % {"line": line}
                ) from exc
        return "\n".join(lines)

    def clean_logo_upload(self) -> Any:
        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return None
        return reencode_image(upload)

    def service_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data
        }
        return data


class OrganisationCreateForm(ProfileForm):
    show_me_publicly = forms.BooleanField(
        label=_("Mich auf dem Profil als Mitwirkende*n zeigen"),
        required=False,
        help_text=_(
            "Ihr Name erscheint nur mit Ihrer Zustimmung; Sie können sie jederzeit zurücknehmen."
        ),
    )

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data["show_me_publicly"] = self.cleaned_data.get("show_me_publicly", False)
        return data


class InvitationForm(KernForm):
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    role = forms.ChoiceField(label=_("Rolle"), choices=Membership.Role.choices, initial="editor")


class MembershipRoleForm(KernForm):
    role = forms.ChoiceField(label=_("Rolle"), choices=Membership.Role.choices)


class MembershipVisibilityForm(KernForm):
    is_public = forms.BooleanField(label=_("Mich auf dem Profil zeigen"), required=False)


class ClaimForm(KernModelForm):
    class Meta:
        model = Claim
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}


class ClaimDecisionForm(KernForm):
    decision = forms.ChoiceField(
        label=_("Entscheidung"),
        choices=[("approve", _("Bestätigen")), ("reject", _("Ablehnen"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Begründung"),
        required=False,
        max_length=Claim._meta.get_field("decision_note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HideForm(KernForm):
    reason = forms.CharField(label=_("Grund"), required=False, max_length=500)


# --- Profiles typed by name, with a role (practices, events, projects) -------------------------

MAX_ACTOR_CANDIDATES = 8
_PROFILE_PATH = re.compile(r"/mitwirkende/([-a-zA-Z0-9_]+)/?$")


def _quoted_actors(actors: list[Actor]) -> str:
    return ", ".join(f"„{a.name}“ ({a.slug})" for a in actors)


class ActorNameField(forms.Field):
    """A profile typed by its name, its address (slug) or its profile URL; no JS needed.

    Several profiles of the same name give an error listing their addresses to type instead;
    an unknown name gives suggestions. Only visible profiles (and those in `keep_ids`, which
    are already involved) are found.
    """

    default_error_messages = {
        "not_found": _("Kein Profil „%(value)s“ gefunden."),
        "not_found_suggest": _("Kein Profil „%(value)s“ gefunden. Meinten Sie: %(candidates)s?"),
        "ambiguous": _(
            "Mehrere Profile heißen „%(value)s“. Bitte geben Sie die Adresse (in Klammern) eines "
            "davon ein: %(candidates)s."
        ),
    }

    def __init__(self, *, keep_ids: set[int] | None = None, **kwargs: Any) -> None:
        self.keep_ids = keep_ids or set()
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "maxlength": "300", "autocomplete": "off"}

    def _candidates(self) -> QuerySet[Actor]:
        return Actor.objects.filter(Actor.PUBLIC.q() | Q(pk__in=self.keep_ids))

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            actor = Actor.objects.filter(pk=value).only("name").first()
            return actor.name if actor else ""
        return value

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, int):
            return value
        text = " ".join(str(value or "").split())
        if not text:
            return None
        candidates = self._candidates()
        matches = list(candidates.filter(name__iexact=text).order_by("name", "id")[:13])
        if len(matches) == 1:
            return matches[0].pk
        if matches:
            raise ValidationError(
                self.error_messages["ambiguous"],
                code="ambiguous",
                params={"value": text, "candidates": _quoted_actors(matches)},
            )
        path = _PROFILE_PATH.search(text)
        slug = path.group(1) if path else text
        by_slug = candidates.filter(slug=slug).first()
        if by_slug is not None:
            return by_slug.pk
        similar = list(
            candidates.filter(search_text__startswith=fold(text)).order_by("name", "id")[
                :MAX_ACTOR_CANDIDATES
            ]
        )
        if similar:
            raise ValidationError(
                self.error_messages["not_found_suggest"],
                code="not_found",
                params={"value": text, "candidates": _quoted_actors(similar)},
            )
        raise ValidationError(
            self.error_messages["not_found"], code="not_found", params={"value": text}
        )


class ActorRoleForm(KernForm):
    """One actor (typed by name) with a role; an empty row is ignored."""

    actor = ActorNameField(
        label=_("Mitwirkende (Name oder Adresse des Profils)"),
        required=False,
        help_text=_("Der Name, wie er im Verzeichnis der Mitwirkenden steht."),
    )
    role = forms.ChoiceField(label=_("Rolle"), required=False)

    def __init__(
        self,
        *args: Any,
        role_choices: Any = (),
        default_role: str = "",
        keep_ids: set[int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)  # noqa: S101
        role.choices = role_choices
        role.initial = default_role
        self.default_role = default_role
        actor = self.fields["actor"]
        assert isinstance(actor, ActorNameField)  # noqa: S101
        actor.keep_ids = keep_ids or set()


class BaseActorRoleFormSet(forms.BaseFormSet):
    """Rows of (actor, role); the same actor twice in the same role is an error."""

    def _role(self, form: forms.Form) -> str:
        return str(form.cleaned_data.get("role") or getattr(form, "default_role", ""))

    def clean(self) -> None:
        super().clean()
        seen: set[tuple[int, str]] = set()
        for form in self.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            actor = form.cleaned_data.get("actor")
            if not actor:
                continue
            if (actor, self._role(form)) in seen:
                form.add_error("actor", _("Diese Beteiligung ist bereits eingetragen."))
            seen.add((actor, self._role(form)))

    def pairs(self) -> list[tuple[int, str]]:
        """(actor id, role) of the filled, not deleted rows."""
        result = []
        for form in self.forms:
            if form.cleaned_data.get("DELETE"):
                continue
            actor = form.cleaned_data.get("actor")
            if actor:
                result.append((actor, self._role(form)))
        return result


def actor_role_formset(
    data: Any,
    *,
    rows: list[tuple[int, str]],
    prefix: str,
    role_choices: Any,
    default_role: str,
    extra: int,
    max_num: int,
) -> BaseActorRoleFormSet:
    """A formset of actor rows with a role, pre-filled with `rows` (actor id, role)."""
    formset_class = forms.formset_factory(
        ActorRoleForm, formset=BaseActorRoleFormSet, extra=extra, can_delete=True, max_num=max_num
    )
    initial = [{"actor": actor, "role": role} for actor, role in rows]
    formset: BaseActorRoleFormSet = formset_class(  # type: ignore[assignment]
        data,
        initial=initial,
        prefix=prefix,
        form_kwargs={
            "keep_ids": {actor for actor, _role in rows},
            "role_choices": role_choices,
            "default_role": default_role,
        },
    )
    for form in formset.forms:
        delete = form.fields.get("DELETE")
        if delete is not None:
            delete.label = _("entfernen")
            apply_kern_classes(form)
    return formset
