"""Pre-seed the organisations named in the seed text as unclaimed profiles."""

from django.db import migrations

from quartiersnetz.actors.seed import SEED_ORGANISATIONS
from quartiersnetz.core.text import build_search_text


def load(apps, schema_editor):
    Actor = apps.get_model("actors", "Actor")
    Sector = apps.get_model("taxonomy", "Sector")
    Municipality = apps.get_model("places", "Municipality")
    ActionField = apps.get_model("taxonomy", "ActionField")
    inner_city = ActionField.objects.filter(slug="innenstadtstrategien").first()
    for name, slug, sector_slug, ags, summary in SEED_ORGANISATIONS:
        if Actor.objects.filter(slug=slug).exists():
            continue
        municipality = Municipality.objects.filter(ags=ags).first() if ags else None
        actor = Actor.objects.create(
            kind="organisation",
            name=name,
            slug=slug,
            sector=Sector.objects.get(slug=sector_slug),
            municipality=municipality,
            summary=summary,
            is_unclaimed=True,
            search_text=build_search_text(name, summary, municipality.name if municipality else ""),
        )
        if inner_city and ("Impuls" in summary or "Interview" in summary):
            actor.action_fields.add(inner_city)


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0001_initial"),
        ("taxonomy", "0002_seed_taxonomy"),
        ("places", "0002_load_municipalities"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
