"""The seed's five contributions had summaries that only restated their titles (nothing more
is known about them: the seed text lists titles and authors). Clear such a summary where it is
still exactly the seeded one; a summary the curators or authors have written stays."""

from django.db import migrations

from quartiersnetz.core.text import record_search_text
from quartiersnetz.publications.models import PUBLICATION_SEARCH_FIELDS

OLD_SUMMARIES = {
    "zehn-erfolgsfaktoren-transformation-von-zentren": (
        "Die Netzwerkinitiative „Gemeinsam für das Quartier“ benennt zehn "
        "Erfolgsfaktoren für die Transformation von Zentren. Veröffentlicht 2021."
    ),
    "zukunft-der-innenstadt-aktive-transformation": (
        "Impulsbeitrag des Deutschen Städtetages: Die Zukunft der Innenstadt braucht "
        "„Aktive Transformation“. Veröffentlicht 2021."
    ),
    "bids-2-0-innenstadtstrategie": (
        "Impulsbeitrag des ZIA Zentraler Immobilien Ausschuss e.V.: In „BIDS 2.0“ ziehen "
        "alle bei der Innenstadtstrategie an einem Strang. Veröffentlicht 2021."
    ),
    "private-immobilienentwickler-transformation-handelsimmobilien": (
        "Impulsbeitrag von Thomas Binsfeld (Landmarken AG) und Dr. Joseph Frechen "
        "(bulwiengesa AG): Private Immobilienentwickler:innen können Partner:innen einer "
        "am Gemeinwesen orientierten Transformation von Handelsimmobilien sein. "
        "Veröffentlicht 2021."
    ),
    "interview-stefan-postert-sozialer-kontakt": (
        "Interview mit Stefan Postert (Stadt + Handel Beckmann und Föhrer Stadtplaner "
        "PartGmbB): Das verbindende Element der Innenstadt ist aus seiner Sicht der "
        "soziale Kontakt. Veröffentlicht 2021."
    ),
}


def clear(apps, schema_editor):
    Publication = apps.get_model("publications", "Publication")
    for slug, summary in OLD_SUMMARIES.items():
        publication = Publication.objects.filter(slug=slug, summary=summary).first()
        if publication is None:
            continue
        publication.summary = ""
        publication.search_text = record_search_text(
            PUBLICATION_SEARCH_FIELDS,
            {name: getattr(publication, name) for name in PUBLICATION_SEARCH_FIELDS},
        )
        publication.save(update_fields=["summary", "search_text"])


class Migration(migrations.Migration):
    dependencies = [("publications", "0007_recommendation_reasoning_review_note")]
    operations = [migrations.RunPython(clear, migrations.RunPython.noop)]
