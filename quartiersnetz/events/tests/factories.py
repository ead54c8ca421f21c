import datetime as dt
import zoneinfo

import factory
from django.utils import timezone

from quartiersnetz.events.models import (
    AgendaItem,
    Event,
    EventFormat,
    EventPartner,
    Registration,
    Series,
)
from quartiersnetz.places.models import Municipality
from quartiersnetz.taxonomy.models import SpatialField

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def berlin(*args: int) -> dt.datetime:
    """A wall-clock time in Berlin, e.g. `berlin(2026, 7, 1, 10, 0)`."""
    return dt.datetime(*args, tzinfo=BERLIN)  # type: ignore[misc]


def _in_days(days: int, hour: int = 10) -> dt.datetime:
    today = timezone.localdate()
    return timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour)))


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    title = factory.Sequence(lambda n: f"Perspektiven-Werkstätten {n}")
    slug = factory.Sequence(lambda n: f"reihe-{n}")
    format = factory.LazyFunction(lambda: EventFormat.objects.get(slug="perspektiven-werkstatt"))
    rotates_spatial_fields = True


class EventFactory(factory.django.DjangoModelFactory):
    """A published on-site Praxiswerkstatt in Herne in 30 days, 10–16 h, open, 20 places."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Praxiswerkstatt Leerstand {n}")
    slug = factory.Sequence(lambda n: f"werkstatt-{n}")
    format = factory.LazyFunction(lambda: EventFormat.objects.get(slug="praxiswerkstatt"))
    state = Event.State.PUBLISHED
    summary = "Wie aus leeren Läden Orte für die Nachbarschaft werden."
    description = "## Ablauf\n\nInputs, Rundgang und Arbeit in Gruppen."
    start = factory.LazyFunction(lambda: _in_days(30, 10))
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=6))
    mode = Event.Mode.ON_SITE
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(ags="05916000"))
    venue_name = "Kulturzentrum"
    address = "Bahnhofstraße 1, 44623 Herne"
    accessibility_info = "Stufenloser Zugang, barrierefreie Toilette im Erdgeschoss."
    spatial_field = factory.LazyFunction(lambda: SpatialField.objects.get(slug="centres"))
    admission = Event.Admission.OPEN
    capacity = 20


class EventPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventPartner

    event = factory.SubFactory(EventFactory)
    actor = factory.SubFactory("quartiersnetz.actors.tests.factories.OrganisationFactory")
    role = EventPartner.Role.HOST


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    event = factory.SubFactory(EventFactory)
    start = factory.LazyAttribute(lambda o: o.event.start)
    end = factory.LazyAttribute(lambda o: o.event.start + dt.timedelta(minutes=30))
    title = factory.Sequence(lambda n: f"Programmpunkt {n}")
    kind = AgendaItem.Kind.PRACTICE_INPUT


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    status = Registration.Status.CONFIRMED
    name = factory.Sequence(lambda n: f"Teilnehmerin {n}")
    email = factory.Sequence(lambda n: f"teilnehmerin{n}@example.org")
    token_nonce = factory.Sequence(lambda n: f"nonce{n:08d}")
    confirmed_at = factory.LazyFunction(timezone.now)
