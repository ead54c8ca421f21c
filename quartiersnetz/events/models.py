"""Werkstätten: events of the initiative, their programme, registration and documentation.

An `Event` has a format (Perspektiven-Werkstatt, Praxiswerkstatt, …, curators can add formats),
may belong to a `Series` (the Perspektiven-Werkstätten rotate over the three spatial fields),
has a programme of `AgendaItem`s, hosts and local partners (`EventPartner`), and after it took
place a documentation (summary, outcomes per agenda item, `EventDocument`s, the practices
presented and the recommendations it fed).

`Registration` is limited by the event's capacity: the services lock the event row
(`select_for_update`, and SQLite's IMMEDIATE transactions) so that concurrent registrations never
overbook; one active registration per e-mail address and event is a database constraint.
"""

from __future__ import annotations

import zoneinfo
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.models import Actor
from quartiersnetz.core.fields import BoundedTextField
from quartiersnetz.core.models import BaseModel
from quartiersnetz.core.visibility import PublicRule
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices.models import Practice
from quartiersnetz.publications.models import Recommendation
from quartiersnetz.taxonomy.models import ActionField, Approach, Method, SpatialField, Term

DEFAULT_TIME_ZONE = "Europe/Berlin"


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("„%(value)s“ ist keine bekannte Zeitzone."), params={"value": value}
        )


class EventFormat(Term):
    """Perspektiven-Werkstatt, Praxiswerkstatt, Sondierungsgespräch, … (curators may add more)."""

    class Meta(Term.Meta):
        verbose_name = _("Veranstaltungsformat")
        verbose_name_plural = _("Veranstaltungsformate")


class Series(BaseModel):
    """A run of events, e.g. the Perspektiven-Werkstätten rotating over the spatial fields."""

    # Open data: the API's `updated_since` learns of every change of a row (core/rowlog.py);
    # an event's change counts for its series too (`Event.LOG_ROW_CHANGES_OF`).
    LOG_ROW_CHANGES: ClassVar[bool] = True

    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=220, unique=True)
    description = BoundedTextField(_("Beschreibung"), blank=True, max_length=20_000)
    format = models.ForeignKey(
        EventFormat,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="series",
        verbose_name=_("Format"),
    )
    rotates_spatial_fields = models.BooleanField(
        _("wechselt über die räumlichen Handlungsfelder"),
        default=False,
        help_text=_(
            "Jede Veranstaltung der Reihe widmet sich dem nächsten räumlichen Handlungsfeld."
        ),
    )

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("Veranstaltungsreihe")
        verbose_name_plural = _("Veranstaltungsreihen")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:series", kwargs={"slug": self.slug})


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> EventQuerySet:
        return self.filter(Event.PUBLIC.q())


class Event(BaseModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        PUBLISHED = "published", _("veröffentlicht")
        CANCELLED = "cancelled", _("abgesagt")

    # What the public sees (published and cancelled events): the one rule behind
    # `published()`, rules.is_public_event and the search index
    # (quartiersnetz/search/sources.py).
    PUBLIC: ClassVar[PublicRule] = PublicRule("state", (State.PUBLISHED, State.CANCELLED))
    # Open data: the API's `updated_since` learns of every change of a row (core/rowlog.py),
    # and a series' record (which lists its public events) of every change of its events.
    LOG_ROW_CHANGES: ClassVar[bool] = True
    LOG_ROW_CHANGES_OF: ClassVar[tuple[str, ...]] = ("series",)

    class Mode(models.TextChoices):
        ONLINE = "online", _("online")
        ON_SITE = "on_site", _("vor Ort")
        HYBRID = "hybrid", _("hybrid")

    class Admission(models.TextChoices):
        NONE = "none", _("ohne Anmeldung")
        OPEN = "open", _("offene Anmeldung")
        INVITATION = "invitation", _("nur auf Einladung (Bestätigung durch die Kuration)")

    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=220, unique=True)
    format = models.ForeignKey(
        EventFormat, on_delete=models.PROTECT, related_name="events", verbose_name=_("Format")
    )
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("Reihe"),
    )
    state = models.CharField(
        _("Stand"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    summary = models.CharField(_("Kurzbeschreibung"), max_length=300, blank=True)
    description = BoundedTextField(
        _("Beschreibung"), blank=True, help_text=_("Markdown"), max_length=50_000
    )
    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"))
    time_zone = models.CharField(
        _("Zeitzone"), max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )
    mode = models.CharField(_("Form"), max_length=20, choices=Mode.choices, default=Mode.ON_SITE)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("Gemeinde"),
    )
    venue_name = models.CharField(_("Veranstaltungsort"), max_length=200, blank=True)
    address = models.CharField(_("Adresse"), max_length=300, blank=True)
    accessibility_info = BoundedTextField(
        _("Barrierefreiheit des Ortes"),
        blank=True,
        help_text=_("Zugang, Aufzug, Toiletten, Induktionsschleife, Gebärdensprache …"),
        max_length=2_000,
    )
    online_url = models.URLField(
        _("Online-Zugang"),
        blank=True,
        help_text=_("Nur für bestätigte Teilnehmende sichtbar."),
    )
    spatial_field = models.ForeignKey(
        SpatialField,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("Räumliches Handlungsfeld"),
    )
    action_field = models.ForeignKey(
        ActionField,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("Handlungsfeld"),
    )
    approaches = models.ManyToManyField(
        Approach, blank=True, related_name="events", verbose_name=_("Handlungsansätze")
    )
    partners: models.ManyToManyField[Actor, EventPartner] = models.ManyToManyField(
        Actor,
        through="EventPartner",
        blank=True,
        related_name="events",
        verbose_name=_("Gastgebende und Partner"),
    )
    # Registration
    admission = models.CharField(
        _("Anmeldung"), max_length=20, choices=Admission.choices, default=Admission.OPEN
    )
    capacity = models.PositiveIntegerField(
        _("Plätze"), null=True, blank=True, help_text=_("Leer: unbegrenzt.")
    )
    registration_opens = models.DateTimeField(_("Anmeldung ab"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("Anmeldeschluss"), null=True, blank=True)
    ask_accessibility = models.BooleanField(
        _("nach Bedarfen zur Barrierefreiheit fragen"), default=True
    )
    ask_dietary = models.BooleanField(_("nach Verpflegungswünschen fragen"), default=False)
    ask_organisation = models.BooleanField(_("nach der Organisation fragen"), default=True)
    public_attendee_list = models.BooleanField(
        _("öffentliche Teilnehmendenliste"),
        default=False,
        help_text=_("Teilnehmende, die zustimmen, erscheinen auf der Veranstaltungsseite."),
    )
    # Documentation (after the event)
    documentation = BoundedTextField(
        _("Dokumentation: Zusammenfassung"),
        blank=True,
        help_text=_("Markdown"),
        max_length=50_000,
    )
    documented_at = models.DateTimeField(_("dokumentiert am"), null=True, blank=True)
    presented_practices = models.ManyToManyField(
        Practice,
        blank=True,
        related_name="events",
        verbose_name=_("vorgestellte Praxisbeispiele"),
    )
    recommendations = models.ManyToManyField(
        Recommendation,
        blank=True,
        related_name="events",
        verbose_name=_("Handlungsempfehlungen, in die sie eingeflossen ist"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angelegt von"),
    )
    # A member's proposal (`services.event_propose`): the organisation or expert profile on
    # whose behalf it was proposed (the proposing user is `created_by`) and a note to the
    # curators. Never public: only the curators' pages show them.
    proposed_by = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_proposals",
        verbose_name=_("vorgeschlagen von"),
    )
    proposal_note = BoundedTextField(_("Hinweis an die Kuration"), blank=True, max_length=5_000)
    # Set by `services.event_cancel`; shown on the public page, the list and the calendars.
    cancellation_reason = BoundedTextField(_("Grund der Absage"), blank=True, max_length=2_000)
    personal_data_removed_at = models.DateTimeField(
        _("personenbezogene Daten entfernt am"), null=True, blank=True
    )
    is_sample = models.BooleanField(_("Beispieldaten"), default=False)
    search_text = models.TextField(editable=False, default="")

    objects: ClassVar[EventQuerySet] = EventQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_closes__isnull=True)
                | Q(registration_opens__isnull=True)
                | Q(registration_closes__gte=F("registration_opens")),
                name="event_registration_window_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "start"]),
            models.Index(fields=["updated"], name="event_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_online(self) -> bool:
        return self.mode in (self.Mode.ONLINE, self.Mode.HYBRID)

    @property
    def is_on_site(self) -> bool:
        return self.mode in (self.Mode.ON_SITE, self.Mode.HYBRID)

    @property
    def needs_registration(self) -> bool:
        return self.admission != self.Admission.NONE


class EventPartner(BaseModel):
    # A host or partner belongs to its event's open-data record (core/rowlog.py).
    LOG_ROW_CHANGES_OF: ClassVar[tuple[str, ...]] = ("event",)

    class Role(models.TextChoices):
        HOST = "host", _("Gastgeber*in")
        LOCAL_PARTNER = "local_partner", _("lokaler Partner")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="event_partners")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="event_partnerships")
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.HOST)

    class Meta:
        ordering = ["role", "actor__name"]
        verbose_name = _("Gastgeber*in / Partner")
        verbose_name_plural = _("Gastgebende und Partner")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "actor", "role"], name="event_partner_once_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_role_display()})"


class AgendaItem(BaseModel):
    # A programme item belongs to its event's open-data record (core/rowlog.py).
    LOG_ROW_CHANGES_OF: ClassVar[tuple[str, ...]] = ("event",)

    class Kind(models.TextChoices):
        PRACTICE_INPUT = "practice_input", _("Praxis-Input")
        IMPULSE = "impulse", _("Impuls")
        EXCHANGE = "exchange", _("Austausch / Breakout")
        METHOD = "method", _("Methode")
        BREAK = "break", _("Pause")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items")
    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"), null=True, blank=True)
    title = models.CharField(_("Titel"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.IMPULSE)
    description = BoundedTextField(
        _("Beschreibung"), blank=True, help_text=_("Markdown"), max_length=10_000
    )
    presenters = models.ManyToManyField(
        Actor, blank=True, related_name="agenda_items", verbose_name=_("Vortragende")
    )
    practice = models.ForeignKey(
        Practice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("Praxisbeispiel"),
    )
    method = models.ForeignKey(
        Method,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("Methode"),
    )
    outcome = BoundedTextField(
        _("Ergebnis"),
        blank=True,
        help_text=_("Markdown; nach der Veranstaltung"),
        max_length=20_000,
    )

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("Programmpunkt")
        verbose_name_plural = _("Programm")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="agenda_item_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class EventDocument(BaseModel):
    """A PDF of the documentation (checked like publication attachments)."""

    # A document belongs to its event's open-data record (core/rowlog.py).
    LOG_ROW_CHANGES_OF: ClassVar[tuple[str, ...]] = ("event",)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("Titel"), max_length=200)
    file = models.FileField(_("Datei (PDF)"), upload_to="event-documents/%Y/")
    size = models.PositiveIntegerField(_("Größe in Bytes"), default=0)
    pages = models.PositiveIntegerField(_("Seiten"), null=True, blank=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")

    def __str__(self) -> str:
        return self.title


class Registration(BaseModel):
    # Never part of an open-data record; but the number of confirmed registrations is (places
    # left, fully booked), so a change counts for the event's record (core/rowlog.py). The log
    # holds the event's id and a time, nothing of the registration.
    LOG_ROW_CHANGES_OF: ClassVar[tuple[str, ...]] = ("event",)

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("bestätigt")
        WAITLISTED = "waitlisted", _("Warteliste")
        PENDING = "pending", _("wartet auf Bestätigung")
        CANCELLED = "cancelled", _("storniert")
        DECLINED = "declined", _("abgelehnt")

    ACTIVE: ClassVar[tuple[str, ...]] = ("confirmed", "waitlisted", "pending")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("Benutzerkonto"),
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, db_index=True)
    name = models.CharField(_("Name"), max_length=200)
    email = models.EmailField(_("E-Mail-Adresse"))
    organisation_name = models.CharField(_("Organisation"), max_length=200, blank=True)
    accessibility_needs = BoundedTextField(
        _("Bedarfe zur Barrierefreiheit"), blank=True, max_length=2_000
    )
    dietary_needs = models.CharField(_("Verpflegungswünsche"), max_length=300, blank=True)
    show_publicly = models.BooleanField(
        _("auf der öffentlichen Teilnehmendenliste erscheinen"), default=False
    )
    # Changes on every use, so each cancellation link works once.
    token_nonce = models.CharField(max_length=32, editable=False)
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("storniert am"), null=True, blank=True)
    attended_at = models.DateTimeField(_("anwesend (Check-in)"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisiert am"), null=True, blank=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        constraints = [
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=Q(status__in=["confirmed", "waitlisted", "pending"]),
                name="registration_one_active_per_email",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created"])]

    def __str__(self) -> str:
        return f"{self.name} – {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class EventMessage(BaseModel):
    """A message a curator sent to the registrants of an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject = models.CharField(_("Betreff"), max_length=200)
    body = BoundedTextField(_("Nachricht"), max_length=20_000)
    statuses = models.CharField(
        _("an"), max_length=100, help_text=_("Kommagetrennte Status der Empfänger*innen")
    )
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("Nachricht an Angemeldete")
        verbose_name_plural = _("Nachrichten an Angemeldete")

    def __str__(self) -> str:
        return self.subject
