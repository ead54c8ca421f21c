"""Folgen und Benachrichtigungen: what a user follows.

A `Follow` names its target by a kind (`Follow.Target`) and a key: the primary key of the
record, or the two-digit code of a Bundesland. The targets live in lower apps; which model and
which public rule belong to a kind is in `targets.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A user follows an actor, alliance, project, practice, event, series, term or Bundesland."""

    class Target(models.TextChoices):
        ACTOR = "actor", _("Mitwirkende")
        ALLIANCE = "alliance", _("Allianz")
        PROJECT = "project", _("Vorhaben")
        PRACTICE = "practice", _("Praxisbeispiel")
        EVENT = "event", _("Veranstaltung")
        SERIES = "series", _("Veranstaltungsreihe")
        ACTION_FIELD = "action_field", _("Handlungsfeld")
        APPROACH = "approach", _("Handlungsansatz")
        SPATIAL_FIELD = "spatial_field", _("Räumliches Handlungsfeld")
        STATE = "state", _("Bundesland")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("Person"),
    )
    target = models.CharField(_("Art"), max_length=20, choices=Target.choices)
    # The target's primary key, or a Bundesland's code.
    key = models.CharField(_("Schlüssel"), max_length=20)
    created = models.DateTimeField(_("erstellt"), auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("Folgen")
        verbose_name_plural = _("Folgen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target", "key"], name="notifications_follow_unique"
            ),
        ]
        indexes = [models.Index(fields=["target", "key"], name="notif_follow_target_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.target}:{self.key}"


class Notification(models.Model):
    """News for one user about one record, kept with a snapshot of its title and address.

    The record is named by its kind of record and key (`subject_type`, `subject_id`), so a
    notification outlives it; `title` and `url` are copied when the notification is made. The
    worker creates notifications in batches; the unique constraint makes a rerun harmless.
    """

    class Kind(models.TextChoices):
        PRACTICE_PUBLISHED = "practice_published", _("Neues Praxisbeispiel")
        EVENT_PUBLISHED = "event_published", _("Neue Veranstaltung")
        PUBLICATION_PUBLISHED = "publication_published", _("Neuer Impulsbeitrag")
        EVENT_PROGRAMME = "event_programme", _("Programm veröffentlicht")
        EVENT_DOCUMENTATION = "event_documentation", _("Dokumentation veröffentlicht")
        PROJECT_LEARNING = "project_learning", _("Neue Erkenntnis aus einem Vorhaben")
        ALLIANCE_MEMBER = "alliance_member", _("Neues Mitglied einer Allianz")
        CONNECTION_PROPOSED = "connection_proposed", _("Verbindung vorgeschlagen")
        CONNECTION_CONFIRMED = "connection_confirmed", _("Verbindung bestätigt")
        WAITLIST_PROMOTED = "waitlist_promoted", _("Platz von der Warteliste")
        MESSAGE_RECEIVED = "message_received", _("Neue Nachricht")
        RADAR_MATCH = "radar_match", _("Neu im Themenradar")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("Empfänger*in"),
    )
    kind = models.CharField(_("Art"), max_length=40, choices=Kind.choices)
    subject_type = models.CharField(_("Art des Eintrags"), max_length=40)
    subject_id = models.CharField(_("Schlüssel des Eintrags"), max_length=40)
    title = models.CharField(_("Titel"), max_length=300)
    url = models.CharField(_("Adresse"), max_length=500, blank=True)
    created = models.DateTimeField(_("erstellt"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("gelesen"), null=True, blank=True)
    # When it went out by e-mail, alone or in a digest; empty while not (yet) mailed.
    mailed_at = models.DateTimeField(_("per E-Mail versandt"), null=True, blank=True)
    # The Themenradar that found the record (RADAR_MATCH only).
    radar = models.ForeignKey(
        "Radar",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("Themenradar"),
    )

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_type", "subject_id"],
                name="notifications_notification_unique",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "-created", "-id"], name="notif_recipient_created_idx"
            ),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notif_unread_idx",
            ),
            models.Index(
                fields=["created"],
                condition=models.Q(mailed_at__isnull=True),
                name="notif_unmailed_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.kind} {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(models.TextChoices):
    """How a user gets one kind of notification by e-mail (always in-app as well)."""

    OFF = "off", _("nur auf der Plattform")
    IMMEDIATE = "immediate", _("sofort per E-Mail")
    DAILY = "daily", _("täglich gesammelt per E-Mail")
    WEEKLY = "weekly", _("wöchentlich gesammelt per E-Mail")


class NotificationSettings(models.Model):
    """A user's e-mail choices: nothing is mailed until `email_enabled` is set (opt-in)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("Person"),
    )
    email_enabled = models.BooleanField(_("Benachrichtigungen per E-Mail erhalten"), default=False)
    # kind -> Delivery value; kinds not listed use DEFAULT_DELIVERY.
    deliveries = models.JSONField(_("Zustellung je Art"), default=dict, blank=True)
    updated = models.DateTimeField(_("geändert"), auto_now=True)

    DEFAULT_DELIVERY = Delivery.WEEKLY

    class Meta:
        verbose_name = _("Benachrichtigungseinstellungen")
        verbose_name_plural = _("Benachrichtigungseinstellungen")

    def __str__(self) -> str:
        return f"{self.user_id}"

    def delivery(self, kind: str) -> str:
        """The chosen delivery for `kind` by e-mail: OFF while e-mail is not enabled."""
        if not self.email_enabled:
            return Delivery.OFF
        return self.deliveries.get(kind, self.DEFAULT_DELIVERY)


RADAR_TYPES = ("practice", "event", "publication", "project", "alliance")
MAX_FILTER_VALUE = 100
MAX_FILTERS_PER_TYPE = 16


def validate_record_types(value: object) -> None:
    """A non-empty list of distinct kinds of records the radar knows."""
    if (
        not isinstance(value, list)
        or not value
        or len(set(value)) != len(value)
        or any(item not in RADAR_TYPES for item in value)
    ):
        raise ValidationError(_("Bitte wählen Sie mindestens eine Art von Einträgen."))


def validate_radar_filters(value: object) -> None:
    """Kind of record → {filter name: short text}; the names are narrowed further by
    `radar.clean_filters` (the lists' own filter names)."""
    message = _("Die Filter sind ungültig.")
    if not isinstance(value, dict):
        raise ValidationError(message)
    for key, filters in value.items():
        if key not in RADAR_TYPES or not isinstance(filters, dict):
            raise ValidationError(message)
        if len(filters) > MAX_FILTERS_PER_TYPE:
            raise ValidationError(message)
        for name, text in filters.items():
            if not isinstance(name, str) or len(name) > 30 or not isinstance(text, str):
                raise ValidationError(message)
            if len(text) > MAX_FILTER_VALUE:
                raise ValidationError(message)


class Radar(models.Model):
    """Themenradar: a saved search whose new public matches become notifications.

    A text query, the filters of the lists (`filters`, per kind of record, only the names in
    `radar.FILTER_NAMES`) and optionally a place with a radius over practices, events,
    publications, projects and alliances (`record_types`, at least one).
    """

    class RecordType(models.TextChoices):
        PRACTICE = "practice", _("Praxisbeispiele")
        EVENT = "event", _("Veranstaltungen")
        PUBLICATION = "publication", _("Impulse")
        PROJECT = "project", _("Vorhaben")
        ALLIANCE = "alliance", _("Allianzen")

    MAX_PER_USER = 20
    MIN_RADIUS_KM = 1
    MAX_RADIUS_KM = 300

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="radars",
        verbose_name=_("Person"),
    )
    name = models.CharField(_("Name"), max_length=120)
    q = models.CharField(_("Suchbegriffe"), max_length=200, blank=True)
    record_types = models.JSONField(
        _("Arten von Einträgen"), default=list, validators=[validate_record_types]
    )
    # record type -> {filter name: value}; names as in the lists' query strings.
    filters = models.JSONField(
        _("Filter"), default=dict, blank=True, validators=[validate_radar_filters]
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Ort"),
    )
    radius_km = models.PositiveSmallIntegerField(_("Umkreis (km)"), null=True, blank=True)
    delivery = models.CharField(
        _("Zustellung"), max_length=20, choices=Delivery.choices, default=Delivery.WEEKLY
    )
    created = models.DateTimeField(_("erstellt"), auto_now_add=True)
    updated = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("Themenradar")
        verbose_name_plural = _("Themenradare")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(radius_km__isnull=True)
                | models.Q(municipality__isnull=False, radius_km__gte=1, radius_km__lte=300),
                name="notifications_radar_radius",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.name}"

    def covers(self, record_type: str) -> bool:
        return record_type in self.record_types
