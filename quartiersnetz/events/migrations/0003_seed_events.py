"""The initiative's own events of autumn 2021 and the Perspektiven-Werkstätten series (seed text).

The seed text names the dates, places, formats and titles of three events in Herne, Mannheim and
Offenbach am Main, "in Kooperation mit lokalen Partnern", and the series of Werkstätten that
alternate between Quartier, Zentren and Kleinstädte/ländlicher Raum. It names no times, hosts or
programme: the times below are plausible daytime times in Europe/Berlin, and each description
says so. The series gets no invented events. Idempotent (update_or_create by slug); reversing is
a no-op so that curators' later edits are never deleted.
"""

import datetime as dt
import zoneinfo

from django.db import migrations

from quartiersnetz.core.text import build_search_text

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")

TIMES_NOTE = (
    "Der Ausgangstext der Initiative nennt für diese Veranstaltung nur das Datum; die "
    "angegebenen Uhrzeiten sind Annahmen."
)

SERIES = {
    "slug": "perspektiven-werkstaetten",
    "title": "Perspektiven-Werkstätten",
    "format": "perspektiven-werkstatt",
    "description": (
        "Seit Frühjahr 2021 wird die Vernetzungsinitiative „Gemeinsam für das Quartier“ mit "
        "einer Reihe von Werkstatt-Veranstaltungen fortgeführt, die sich abwechselnd auf das "
        "Quartier, Zentren sowie auf Kleinstädte und den ländlichen Raum konzentrieren. In den "
        "Perspektiven-Werkstätten stellen Praxis-Inputs gute Beispiele vor, anschließend wird "
        "interaktiv ausgetauscht."
    ),
}

EVENTS = [
    {
        "slug": "transformation-kultivieren-herne-2021",
        "title": (
            "Transformation kultivieren – ko-kreative und ko-produktive Entwicklung von "
            "Schlüsselimmobilien"
        ),
        "format": "sondierungsgespraech",
        "ags": "05916000",
        "name": "Herne",
        "start": dt.datetime(2021, 9, 23, 13, 0, tzinfo=BERLIN),
        "end": dt.datetime(2021, 9, 23, 16, 30, tzinfo=BERLIN),
        "spatial_field": "centres",
        "approaches": ["nutzungsmischung-handelsimmobilien", "transformationsmanagement"],
        "summary": (
            "Sondierungsgespräch mit lokalen Partnern in Herne über die ko-kreative und "
            "ko-produktive Entwicklung von Schlüsselimmobilien in der Innenstadt."
        ),
        "description": (
            "Im Rahmen der Werkstatt-Veranstaltungen ab Herbst 2021 sondiert die Initiative "
            "„Gemeinsam für das Quartier“ gemeinsam mit lokalen Partnern in Herne, wie "
            "Schlüsselimmobilien ko-kreativ und ko-produktiv entwickelt werden können – als "
            "Beitrag zum Handlungsfeld Innenstadtstrategien."
        ),
    },
    {
        "slug": "stadtentwicklung-performativ-mannheim-2021",
        "title": "Stadtentwicklung performativ",
        "format": "perspektiven-praxiswerkstatt",
        "ags": "08222000",
        "name": "Mannheim",
        "start": dt.datetime(2021, 10, 25, 10, 0, tzinfo=BERLIN),
        "end": dt.datetime(2021, 10, 26, 16, 0, tzinfo=BERLIN),
        "spatial_field": "centres",
        "approaches": ["transformationsmanagement"],
        "summary": (
            "Zweitägige Perspektiven- & Praxiswerkstatt in Mannheim zu Transformationsmanagement "
            "und performativer Stadtentwicklung."
        ),
        "description": (
            "Die Perspektiven- & Praxiswerkstatt verbindet Praxis-Inputs und Austausch mit "
            "ko-kreativer Arbeit vor Ort. Im Mittelpunkt steht der Handlungsansatz "
            "Transformationsmanagement / performative Stadtentwicklung im Handlungsfeld "
            "Innenstadtstrategien."
        ),
    },
    {
        "slug": "transformationsmanagement-schluesselprojekte-offenbach-2021",
        "title": "Transformationsmanagement: Schlüsselprojekte",
        "format": "praxiswerkstatt",
        "ags": "06413000",
        "name": "Offenbach am Main",
        "start": dt.datetime(2021, 12, 10, 10, 0, tzinfo=BERLIN),
        "end": dt.datetime(2021, 12, 10, 16, 0, tzinfo=BERLIN),
        "spatial_field": "centres",
        "approaches": ["transformationsmanagement", "nutzungsmischung-handelsimmobilien"],
        "summary": (
            "Praxiswerkstatt in Offenbach am Main: Schlüsselprojekte als Hebel des "
            "Transformationsmanagements in der Innenstadt."
        ),
        "description": (
            "Praxiswerkstätten vor Ort begleiten lokale Vorhaben mit besonderem "
            "Innovationspotenzial in der Projekt- oder Prototypenentwicklung, etwa mit Design "
            "Thinking oder Living Labs. In Offenbach am Main geht es um Schlüsselprojekte des "
            "Transformationsmanagements im Handlungsfeld Innenstadtstrategien."
        ),
    },
]


def seed_events(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    EventFormat = apps.get_model("events", "EventFormat")
    Series = apps.get_model("events", "Series")
    Municipality = apps.get_model("places", "Municipality")
    ActionField = apps.get_model("taxonomy", "ActionField")
    Approach = apps.get_model("taxonomy", "Approach")
    SpatialField = apps.get_model("taxonomy", "SpatialField")

    Series.objects.update_or_create(
        slug=SERIES["slug"],
        defaults={
            "title": SERIES["title"],
            "description": SERIES["description"],
            "format": EventFormat.objects.filter(slug=SERIES["format"]).first(),
            "rotates_spatial_fields": True,
        },
    )
    action_field = ActionField.objects.filter(slug="innenstadtstrategien").first()
    for data in EVENTS:
        municipality = (
            Municipality.objects.filter(ags=data["ags"]).first()
            or Municipality.objects.filter(name=data["name"]).order_by("-population").first()
        )
        description = f"{data['description']}\n\n*{TIMES_NOTE}*"
        event, _created = Event.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "format": EventFormat.objects.get(slug=data["format"]),
                "state": "published",
                "summary": data["summary"],
                "description": description,
                "start": data["start"],
                "end": data["end"],
                "time_zone": "Europe/Berlin",
                "mode": "on_site",
                "municipality": municipality,
                "spatial_field": SpatialField.objects.filter(slug=data["spatial_field"]).first(),
                "action_field": action_field,
                "admission": "none",
                "capacity": None,
                "public_attendee_list": False,
                "is_sample": False,
                "search_text": build_search_text(
                    data["title"],
                    data["summary"],
                    description,
                    municipality.name if municipality else "",
                ),
            },
        )
        event.approaches.set(Approach.objects.filter(slug__in=data["approaches"]))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_seed_formats"),
        ("places", "0004_municipality_label_unique"),
        ("taxonomy", "0002_seed_taxonomy"),
    ]

    operations = [migrations.RunPython(seed_events, migrations.RunPython.noop)]
