"""Forms for the curators' event pages and the members' proposals. They parse input; services
write.

Dates and times are entered as local date and time in the event's time zone (a select,
Europe/Berlin by default) and converted to aware datetimes here (core.timezones refuses times
that the clock change skips or repeats); the database stores UTC.
Actors (hosts, partners, presenters) and practices are typed by name, address or URL like in
the practice forms, so that everything works without JavaScript.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import cache
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.forms import ActorNameField, BaseActorRoleFormSet, actor_role_formset
from quartiersnetz.actors.models import Actor
from quartiersnetz.core.forms import (
    KernForm,
    KernModelForm,
    add_service_errors,
    apply_kern_classes,
)
from quartiersnetz.core.timezones import form_local_instant
from quartiersnetz.places.forms import MunicipalityField
from quartiersnetz.practices.forms import PracticeRefField
from quartiersnetz.practices.models import Practice
from quartiersnetz.publications.models import Recommendation
from quartiersnetz.taxonomy.forms import ApproachChoiceField
from quartiersnetz.taxonomy.models import ActionField, Approach, Method, SpatialField

from .models import DEFAULT_TIME_ZONE, AgendaItem, Event, EventPartner, Series
from .services import PROPOSAL_FIELDS, PROPOSAL_NOTE

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]
# Fields that take one profile or practice per line (names, addresses or links).
REFERENCE_LINES_MAX_LENGTH = 5_000
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M:%S"]


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    """European zones and UTC: where the initiative's events take place (or are streamed)."""
    names = sorted(name for name in zoneinfo.available_timezones() if name.startswith("Europe/"))
    return [(name, name.replace("_", " ")) for name in [*names, "UTC"]]


def local_parts(value: dt.datetime | None, tz_name: str) -> tuple[dt.date | None, dt.time | None]:
    if value is None:
        return None, None
    local = value.astimezone(zoneinfo.ZoneInfo(tz_name))
    return local.date(), local.time().replace(second=0, microsecond=0)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


class LocalDateTimeField(forms.Field):
    """A wall-clock date and time (naive; the form applies the event's time zone)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    default_error_messages = {
        "invalid": _("Bitte geben Sie Datum und Uhrzeit ein, z. B. 2026-05-04 10:00."),
    }

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.strftime("%Y-%m-%dT%H:%M")
        return value

    def to_python(self, value: Any) -> dt.datetime | None:
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None)
        text = str(value or "").strip()
        if not text:
            return None
        for fmt in DATETIME_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt)  # the zone is applied later
            except ValueError:
                continue
        raise ValidationError(self.error_messages["invalid"], code="invalid")


def _date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS, widget=DateInput()
    )


def _time_field(label: Any, required: bool = True) -> forms.TimeField:
    return forms.TimeField(
        label=label, required=required, input_formats=TIME_FORMATS, widget=TimeInput()
    )


class ActionFieldChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ActionField) -> str:
        return f"{obj.label} ({obj.spatial_field.label})"


# Events -------------------------------------------------------------------------------------


def _load_terms_with_parents(form: forms.BaseForm) -> None:
    """The approaches and action fields are labelled with their parent term: read it along."""
    approaches = form.fields["approaches"]
    assert isinstance(approaches, forms.ModelMultipleChoiceField)  # noqa: S101
    approaches.queryset = Approach.objects.select_related("action_field")
    action_field = form.fields["action_field"]
    assert isinstance(action_field, forms.ModelChoiceField)  # noqa: S101
    action_field.queryset = ActionField.objects.select_related("spatial_field")


def _form_instants(
    form: forms.BaseForm, cleaned: dict[str, Any], tz_name: str
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Start and end from the date and time fields on the wall clock of `tz_name`; an end
    before the start is an error at the end time."""
    start = end = None
    if cleaned.get("start_date") and cleaned.get("start_time"):
        start = form_local_instant(
            form, "start_time", cleaned["start_date"], cleaned["start_time"], tz_name
        )
    if cleaned.get("end_date") and cleaned.get("end_time"):
        end = form_local_instant(
            form, "end_time", cleaned["end_date"], cleaned["end_time"], tz_name
        )
    if start and end and end < start:
        form.add_error("end_time", _("Das Ende darf nicht vor dem Beginn liegen."))
    return start, end


class EventForm(KernModelForm):
    """Every field of an event a curator edits, grouped into fieldsets."""

    start_date = _date_field(_("Beginn: Datum"))
    start_time = _time_field(_("Beginn: Uhrzeit"))
    end_date = _date_field(_("Ende: Datum"))
    end_time = _time_field(_("Ende: Uhrzeit"))
    time_zone = forms.ChoiceField(
        label=_("Zeitzone"),
        choices=time_zone_choices,
        initial=DEFAULT_TIME_ZONE,
        help_text=_("Datum und Uhrzeiten gelten in dieser Zeitzone."),
    )
    municipality = MunicipalityField(required=False)
    online_url = forms.URLField(
        label=_("Online-Zugang"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_(
            "Erforderlich bei Online- und hybriden Veranstaltungen; nur für bestätigte "
            "Teilnehmende sichtbar."
        ),
    )
    registration_opens = LocalDateTimeField(
        label=_("Anmeldung ab"),
        required=False,
        help_text=_("Leer: sofort nach der Veröffentlichung. Ortszeit der Veranstaltung."),
    )
    registration_closes = LocalDateTimeField(
        label=_("Anmeldeschluss"),
        required=False,
        help_text=_("Leer: bis zum Beginn. Ortszeit der Veranstaltung."),
    )

    fieldsets = (
        (_("Einordnung"), ("format", "series", "spatial_field", "action_field", "approaches")),
        (_("Die Veranstaltung"), ("title", "summary", "description")),
        (_("Termin"), ("start_date", "start_time", "end_date", "end_time", "time_zone")),
        (_("Ort und Zugang"), ("mode", "venue_name", "address", "municipality",
                               "accessibility_info", "online_url")),
        (_("Anmeldung"), ("admission", "capacity", "registration_opens", "registration_closes",
                          "ask_accessibility", "ask_dietary", "ask_organisation",
                          "public_attendee_list")),
    )  # fmt: skip

    class Meta:
        model = Event
        fields = [
            "format", "series", "title", "summary", "description", "mode", "municipality",
            "venue_name", "address", "accessibility_info", "online_url", "spatial_field",
            "action_field", "approaches", "admission", "capacity", "ask_accessibility",
            "ask_dietary", "ask_organisation", "public_attendee_list",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 10}),
            "accessibility_info": forms.Textarea(attrs={"rows": 3}),
            "approaches": forms.CheckboxSelectMultiple,
            "mode": forms.RadioSelect,
            "admission": forms.RadioSelect,
        }
        field_classes = {"approaches": ApproachChoiceField, "action_field": ActionFieldChoiceField}
        help_texts = {
            "description": _("Ablauf, Zielgruppe, Ziele. Markdown ist erlaubt."),
            "venue_name": _("Erforderlich bei Veranstaltungen vor Ort und hybriden."),
            "address": _("Erforderlich bei Veranstaltungen vor Ort und hybriden."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event: Event = self.instance
        tz_name = event.time_zone or DEFAULT_TIME_ZONE
        if event.pk:
            self.initial["start_date"], self.initial["start_time"] = local_parts(
                event.start, tz_name
            )
            self.initial["end_date"], self.initial["end_time"] = local_parts(event.end, tz_name)
            self.initial["time_zone"] = tz_name
            for name in ("registration_opens", "registration_closes"):
                value = getattr(event, name)
                if value is not None:
                    self.initial[name] = value.astimezone(zoneinfo.ZoneInfo(tz_name)).replace(
                        tzinfo=None
                    )
            if event.municipality_id:
                self.initial["municipality"] = event.municipality
        time_zone = self.fields["time_zone"]
        assert isinstance(time_zone, forms.ChoiceField)  # noqa: S101
        if tz_name not in dict(time_zone_choices()):
            time_zone.choices = [*time_zone_choices(), (tz_name, tz_name)]
        _load_terms_with_parents(self)
        for name in ("format",):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
            field.empty_label = _("– bitte wählen –")
        for name in ("series", "spatial_field", "action_field"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
            field.empty_label = _("– keine Angabe –")
        apply_kern_classes(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        tz_name = cleaned.get("time_zone") or DEFAULT_TIME_ZONE
        cleaned["start"], cleaned["end"] = _form_instants(self, cleaned, tz_name)
        for name in ("registration_opens", "registration_closes"):
            value = cleaned.get(name)
            cleaned[f"{name}_aware"] = (
                form_local_instant(self, name, value.date(), value.time(), tz_name)
                if value
                else None
            )
        mode = cleaned.get("mode")
        if mode in (Event.Mode.ON_SITE, Event.Mode.HYBRID):
            for name, message in (
                ("venue_name", _("Bitte nennen Sie den Veranstaltungsort (vor Ort oder hybrid).")),
                ("address", _("Bitte geben Sie die Adresse an (vor Ort oder hybrid).")),
            ):
                if name in cleaned and not str(cleaned.get(name) or "").strip():
                    self.add_error(name, message)
            if "municipality" in cleaned and cleaned.get("municipality") is None:
                self.add_error(
                    "municipality", _("Bitte geben Sie die Gemeinde an (vor Ort oder hybrid).")
                )
        if (
            mode in (Event.Mode.ONLINE, Event.Mode.HYBRID)
            and "online_url" in cleaned
            and not cleaned.get("online_url")
        ):
            self.add_error(
                "online_url", _("Bitte geben Sie den Online-Zugang an (online oder hybrid).")
            )
        return cleaned

    def _post_clean(self) -> None:
        # The services check the model (with start and end); the form checks its own fields.
        pass

    def fieldset_groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]

    def service_data(self) -> dict[str, Any]:
        c = self.cleaned_data
        data = {
            name: c[name]
            for name in self.Meta.fields
            if name in c and name not in ("approaches", "municipality")
        }
        data["municipality"] = c.get("municipality")
        data["start"], data["end"], data["time_zone"] = c["start"], c["end"], c["time_zone"]
        data["registration_opens"] = c.get("registration_opens_aware")
        data["registration_closes"] = c.get("registration_closes_aware")
        if data.get("capacity") is None:
            data["capacity"] = None
        for name in ("summary", "description", "venue_name", "address", "accessibility_info",
                     "online_url"):  # fmt: skip
            data[name] = (data.get(name) or "").strip()
        return data

    def approaches(self) -> list[Approach]:
        return list(self.cleaned_data.get("approaches") or [])


class EventProposalForm(KernModelForm):
    """A member's proposal of an event to the curators (`services.event_propose`).

    A subset of the curators' event form (no series, registration or admission settings; venue
    and online access may still be open) plus the profile the member proposes for and a note
    to the curators. Bind it with `author_actors`, the profiles the user may act for
    (`practices.curation_selectors.author_actors`); `service_data()` is the service's `data`,
    `cleaned_data["actor"]` its `actor` and `cleaned_data["approaches"]` its `approaches`.
    """

    actor = forms.ModelChoiceField(
        label=_("Vorgeschlagen für"),
        queryset=Actor.objects.none(),
        empty_label=None,
        help_text=_(
            "Eine Ihrer Organisationen oder Ihr Expertenprofil; es wird als Gastgeber*in "
            "der Veranstaltung eingetragen."
        ),
    )
    start_date = _date_field(_("Beginn: Datum"))
    start_time = _time_field(_("Beginn: Uhrzeit"))
    end_date = _date_field(_("Ende: Datum"))
    end_time = _time_field(_("Ende: Uhrzeit"))
    time_zone = forms.ChoiceField(
        label=_("Zeitzone"),
        choices=time_zone_choices,
        initial=DEFAULT_TIME_ZONE,
        help_text=_("Datum und Uhrzeiten gelten in dieser Zeitzone."),
    )
    municipality = MunicipalityField(required=False)
    online_url = forms.URLField(
        label=_("Online-Zugang"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_(
            "Bei Online- und hybriden Veranstaltungen, wenn schon bekannt; nur für bestätigte "
            "Teilnehmende sichtbar."
        ),
    )

    fieldsets = (
        (_("Ihr Vorschlag"), ("actor", "format", "title", "summary", "description")),
        (_("Termin"), ("start_date", "start_time", "end_date", "end_time", "time_zone")),
        (_("Ort und Zugang"), ("mode", "venue_name", "address", "municipality", "online_url")),
        (_("Einordnung"), ("spatial_field", "action_field", "approaches")),
        (_("An die Kuration"), ("proposal_note",)),
    )  # fmt: skip

    # Where the service's errors of the combined instants belong on this form.
    SERVICE_ERROR_FIELDS: ClassVar[dict[str, str]] = {"start": "start_date", "end": "end_time"}

    class Meta:
        model = Event
        fields = [
            "format", "title", "summary", "description", "mode", "venue_name", "address",
            "municipality", "online_url", "spatial_field", "action_field", "approaches",
            "proposal_note",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "proposal_note": forms.Textarea(attrs={"rows": 4}),
            "approaches": forms.CheckboxSelectMultiple,
            "mode": forms.RadioSelect,
        }
        field_classes = {"approaches": ApproachChoiceField, "action_field": ActionFieldChoiceField}
        help_texts = {
            "summary": _("Ein, zwei Sätze: Worum geht es?"),
            "description": _("Ablauf, Zielgruppe, Ziele, Beteiligte. Markdown ist erlaubt."),
            "venue_name": _("Wenn schon bekannt; die Kuration ergänzt ihn sonst mit Ihnen."),
            "address": _("Wenn schon bekannt."),
            "proposal_note": _(
                "Was die Kuration wissen sollte, z. B. wie fest der Termin ist, wen Sie "
                "einbinden möchten oder welche Unterstützung Sie sich wünschen. Wird nicht "
                "veröffentlicht."
            ),
        }

    def __init__(
        self, *args: Any, author_actors: QuerySet[Actor] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # In the order of the page, so that the error summary lists them in that order too.
        self.order_fields([name for _legend, names in self.fieldsets for name in names])
        actor = self.fields["actor"]
        assert isinstance(actor, forms.ModelChoiceField)  # noqa: S101
        queryset = author_actors if author_actors is not None else Actor.objects.none()
        actor.queryset = Actor.objects.filter(pk__in=queryset.values("pk")).order_by("kind", "name")
        _load_terms_with_parents(self)
        fmt = self.fields["format"]
        assert isinstance(fmt, forms.ModelChoiceField)  # noqa: S101
        fmt.empty_label = _("– bitte wählen –")
        for name in ("spatial_field", "action_field"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
            field.empty_label = _("– keine Angabe –")
        apply_kern_classes(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        tz_name = cleaned.get("time_zone") or DEFAULT_TIME_ZONE
        start, end = _form_instants(self, cleaned, tz_name)
        if start and start < timezone.now():
            self.add_error("start_date", _("Der Beginn muss in der Zukunft liegen."))
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def _post_clean(self) -> None:
        # The service checks the model (with start and end); the form checks its own fields.
        pass

    def fieldset_groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]

    def service_data(self) -> dict[str, Any]:
        """The `data` of `services.event_propose` (without `actor` and `approaches`)."""
        c = self.cleaned_data
        data = {name: c.get(name) for name in PROPOSAL_FIELDS}
        data[PROPOSAL_NOTE] = c.get(PROPOSAL_NOTE) or ""
        for name in ("title", "summary", "description", "venue_name", "address", "online_url",
                     PROPOSAL_NOTE):  # fmt: skip
            data[name] = (data.get(name) or "").strip()
        return data

    def approaches(self) -> list[Approach]:
        return list(self.cleaned_data.get("approaches") or [])

    def add_service_errors(self, exc: ValidationError) -> None:
        """The service's errors on this form: the instants' at their date or time field."""
        if hasattr(exc, "error_dict"):
            exc = ValidationError(
                {self.SERVICE_ERROR_FIELDS.get(k, k): v for k, v in exc.error_dict.items()}
            )
        add_service_errors(self, exc)


def partner_formset(data: Any, *, event: Event | None) -> BaseActorRoleFormSet:
    """Hosts and local partners: actors typed by name, each with a role."""
    rows: list[tuple[int, str]] = []
    if event is not None and event.pk:
        rows = list(
            event.event_partners.order_by("role", "actor__name").values_list("actor_id", "role")
        )
    return actor_role_formset(
        data,
        rows=rows,
        prefix="partner",
        role_choices=EventPartner.Role.choices,
        default_role=EventPartner.Role.HOST,
        extra=2,
        max_num=30,
    )


class CancelForm(KernForm):
    reason = forms.CharField(
        label=_("Grund der Absage"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wird auf der Veranstaltungsseite gezeigt und protokolliert."),
        error_messages={"required": _("Bitte geben Sie einen Grund für die Absage an.")},
    )
    notify = forms.BooleanField(
        label=_("Angemeldete per E-Mail über die Absage informieren"),
        required=False,
        initial=True,
        help_text=_("Bestätigte, Wartende und noch nicht Bestätigte erhalten den Grund."),
    )


# Programme ----------------------------------------------------------------------------------


def event_days(event: Event) -> list[dt.date]:
    tz = event.tz
    first, last = event.start.astimezone(tz).date(), event.end.astimezone(tz).date()
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


class PresentersField(forms.CharField):
    """Profiles typed one per line (name, address or profile URL); returns actor ids."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs: Any) -> None:
        self.keep_ids: set[int] = set()
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple | set):
            names = dict(Actor.objects.filter(pk__in=list(value)).values_list("pk", "name"))
            return "\n".join(names[pk] for pk in value if pk in names)
        return value

    def clean(self, value: Any) -> list[int]:
        text = super().clean(value)
        resolver = ActorNameField(required=False, keep_ids=self.keep_ids)
        ids: list[int] = []
        errors: list[ValidationError] = []
        for line in str(text or "").splitlines():
            if not line.strip():
                continue
            try:
                actor_id = resolver.clean(line)
            except ValidationError as exc:
                errors.extend(exc.error_list)
                continue
            if actor_id and actor_id not in ids:
                ids.append(actor_id)
        if errors:
            raise ValidationError(errors)
        return ids


class AgendaItemForm(KernForm):
    day = forms.TypedChoiceField(label=_("Tag"), coerce=dt.date.fromisoformat)
    start_time = _time_field(_("Beginn"))
    end_time = _time_field(_("Ende"), required=False)
    title = forms.CharField(label=_("Titel"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Art"), choices=AgendaItem.Kind.choices, initial=AgendaItem.Kind.IMPULSE
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        required=False,
        max_length=AgendaItem._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Markdown ist erlaubt."),
    )
    presenters = PresentersField(
        label=_("Vortragende"),
        required=False,
        max_length=REFERENCE_LINES_MAX_LENGTH,
        help_text=_(
            "Ein Profil je Zeile: Name, Adresse (z. B. stadtteilverein-herne) oder Link zum Profil."
        ),
    )
    practice = PracticeRefField(
        label=_("Praxisbeispiel"),
        required=False,
        help_text=_(
            "Optional: ein veröffentlichtes Praxisbeispiel – sein Titel, seine Adresse oder der "
            "Link zu seiner Seite."
        ),
    )
    method = forms.ModelChoiceField(
        label=_("Methode"), queryset=Method.objects.all(), required=False
    )

    def __init__(self, *args: Any, event: Event, item: AgendaItem | None = None, **kwargs: Any):
        self.event = event
        if item is not None and "initial" not in kwargs:
            day, start = local_parts(item.start, event.time_zone)
            _end_day, end = local_parts(item.end, event.time_zone)
            kwargs["initial"] = {
                "day": day.isoformat() if day else None,
                "start_time": start,
                "end_time": end,
                "title": item.title,
                "kind": item.kind,
                "description": item.description,
                "presenters": list(item.presenters.order_by("name").values_list("pk", flat=True)),
                "practice": item.practice,
                "method": item.method_id,
            }
        super().__init__(*args, **kwargs)
        day_field = self.fields["day"]
        assert isinstance(day_field, forms.ChoiceField)  # noqa: S101
        day_field.choices = [
            (d.isoformat(), date_format(d, "l, j. F Y")) for d in event_days(event)
        ]
        method = self.fields["method"]
        assert isinstance(method, forms.ModelChoiceField)  # noqa: S101
        method.empty_label = _("– keine –")
        if item is not None:
            presenters = self.fields["presenters"]
            assert isinstance(presenters, PresentersField)  # noqa: S101
            presenters.keep_ids = set(item.presenters.values_list("pk", flat=True))
        apply_kern_classes(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start_time, end_time = cleaned.get("start_time"), cleaned.get("end_time")
        if start_time and end_time and end_time < start_time:
            self.add_error("end_time", _("Das Ende darf nicht vor dem Beginn liegen."))
        day, tz_name = cleaned.get("day"), self.event.time_zone
        cleaned["start"] = cleaned["end"] = None
        if day and start_time:
            cleaned["start"] = form_local_instant(self, "start_time", day, start_time, tz_name)
        if day and end_time:
            cleaned["end"] = form_local_instant(self, "end_time", day, end_time, tz_name)
        return cleaned

    def service_data(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {
            "start": c["start"],
            "end": c["end"],
            "title": c["title"].strip(),
            "kind": c["kind"],
            "description": (c.get("description") or "").strip(),
            "practice": c.get("practice"),
            "method": c.get("method"),
        }

    def presenter_ids(self) -> list[int]:
        return list(self.cleaned_data.get("presenters") or [])


# Series -------------------------------------------------------------------------------------


class SeriesForm(KernModelForm):
    class Meta:
        model = Series
        fields = ["title", "description", "format", "rotates_spatial_fields"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["format"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.empty_label = _("– verschiedene –")

    def _post_clean(self) -> None:
        pass  # the service sets the slug and checks the model


class PracticeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Practice) -> str:
        place = f", {obj.municipality.name}" if obj.municipality_id and obj.municipality else ""
        return f"{obj.title} ({obj.organisation.name}{place})"


class SeriesPlanForm(KernForm):
    """The next event of a series: title, date and the practice inputs to plan."""

    spatial_field = forms.ModelChoiceField(
        label=_("Räumliches Handlungsfeld"),
        queryset=SpatialField.objects.all(),
        required=False,
        widget=forms.HiddenInput,
    )
    title = forms.CharField(label=_("Titel"), max_length=200)
    date = _date_field(_("Datum"))
    start_time = _time_field(_("Beginn"))
    end_time = _time_field(_("Ende"))
    time_zone = forms.ChoiceField(
        label=_("Zeitzone"), choices=time_zone_choices, initial=DEFAULT_TIME_ZONE
    )
    mode = forms.ChoiceField(label=_("Form"), choices=Event.Mode.choices, widget=forms.RadioSelect)
    practices = PracticeChoiceField(
        label=_("Praxis-Inputs einplanen"),
        queryset=Practice.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Für jedes gewählte Praxisbeispiel entsteht ein Programmpunkt „Praxis-Input“ "
            "(30 Minuten), vorgestellt von der Organisation des Beispiels."
        ),
    )

    def __init__(self, *args: Any, suggestions: QuerySet[Practice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        practices = self.fields["practices"]
        assert isinstance(practices, forms.ModelMultipleChoiceField)  # noqa: S101
        practices.queryset = suggestions

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        tz_name = cleaned.get("time_zone") or DEFAULT_TIME_ZONE
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            if end < start:
                self.add_error("end_time", _("Das Ende darf nicht vor dem Beginn liegen."))
            cleaned["start"] = form_local_instant(self, "start_time", day, start, tz_name)
            cleaned["end"] = form_local_instant(self, "end_time", day, end, tz_name)
        return cleaned

    def service_data(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {
            "title": c["title"].strip(),
            "start": c["start"],
            "end": c["end"],
            "time_zone": c["time_zone"],
            "mode": c["mode"],
        }


# Documentation ------------------------------------------------------------------------------


class RecommendationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Recommendation) -> str:
        return f"{obj.publication.title} – {obj.number}. {obj.title}"


class PracticeLinesField(forms.CharField):
    """Published practices, one per line (title, address or URL)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value: Any) -> list[Practice]:
        text = super().clean(value)
        resolver = PracticeRefField(required=False)
        found: list[Practice] = []
        errors: list[ValidationError] = []
        for line in str(text or "").splitlines():
            if not line.strip():
                continue
            try:
                practice = resolver.clean(line)
            except ValidationError as exc:
                errors.extend(exc.error_list)
                continue
            if practice is not None and practice not in found:
                found.append(practice)
        if errors:
            raise ValidationError(errors)
        return found


class DocumentationForm(KernForm):
    documentation = forms.CharField(
        label=_("Zusammenfassung"),
        required=False,
        max_length=Event._meta.get_field("documentation").max_length,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Was wurde besprochen, was ist herausgekommen? Markdown ist erlaubt."),
    )
    practices = PracticeChoiceField(
        label=_("Vorgestellte Praxisbeispiele"),
        queryset=Practice.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Die Praxisbeispiele des Programms sind vorausgewählt."),
    )
    more_practices = PracticeLinesField(
        label=_("Weitere vorgestellte Praxisbeispiele"),
        required=False,
        max_length=REFERENCE_LINES_MAX_LENGTH,
        help_text=_(
            "Ein veröffentlichtes Praxisbeispiel je Zeile: Titel, Adresse (z. B. "
            "kaufhaus-am-markt) oder Link zu seiner Seite."
        ),
    )
    recommendations = RecommendationChoiceField(
        label=_("Handlungsempfehlungen, in die die Veranstaltung eingeflossen ist"),
        queryset=Recommendation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        event: Event,
        items: list[AgendaItem],
        recommendations: QuerySet[Recommendation],
        **kwargs: Any,
    ) -> None:
        self.items = items
        programme_ids = {i.practice_id for i in items if i.practice_id}
        current_ids = set(event.presented_practices.values_list("pk", flat=True))
        candidates = (
            Practice.objects.published()
            .filter(pk__in=programme_ids | current_ids)
            .select_related("organisation", "municipality")
            .order_by("title", "id")
        )
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("documentation", event.documentation)
        initial.setdefault(
            "practices",
            sorted(current_ids) if event.documented_at else sorted(programme_ids | current_ids),
        )
        initial.setdefault(
            "recommendations", list(event.recommendations.values_list("pk", flat=True))
        )
        for item in items:
            initial.setdefault(f"outcome_{item.pk}", item.outcome)
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[f"outcome_{item.pk}"] = forms.CharField(
                label=_("Ergebnis: %(title)s") % {"title": item.title},
                required=False,
                max_length=AgendaItem._meta.get_field("outcome").max_length,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Markdown ist erlaubt."),
            )
        practices = self.fields["practices"]
        assert isinstance(practices, forms.ModelMultipleChoiceField)  # noqa: S101
        practices.queryset = candidates
        recs = self.fields["recommendations"]
        assert isinstance(recs, forms.ModelMultipleChoiceField)  # noqa: S101
        recs.queryset = recommendations
        apply_kern_classes(self)

    def outcome_fields(self) -> list[forms.BoundField]:
        return [self[f"outcome_{item.pk}"] for item in self.items]

    def outcomes(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"outcome_{item.pk}") or "" for item in self.items}

    def chosen_practices(self) -> list[Practice]:
        chosen = {p.pk: p for p in self.cleaned_data.get("practices") or []}
        for practice in self.cleaned_data.get("more_practices") or []:
            chosen.setdefault(practice.pk, practice)
        return list(chosen.values())


class DocumentUploadForm(KernForm):
    title = forms.CharField(
        label=_("Titel des Dokuments"),
        max_length=200,
        required=False,
        help_text=_("Ohne Angabe wird der Dateiname verwendet."),
    )
    file = forms.FileField(
        label=_("PDF-Datei"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"required": _("Bitte wählen Sie eine PDF-Datei aus.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from quartiersnetz.publications.forms import pdf_help_text

        self.fields["file"].help_text = pdf_help_text()
