"""Load the five Impulsbeiträge of the seed text (summaries only, to be completed by the authors)."""

from django.db import migrations

from quartiersnetz.core.text import build_search_text
from quartiersnetz.publications.seed import (
    SEED_ACTION_FIELD,
    SEED_PUBLICATIONS,
    SEED_PUBLISHED_ON,
)


def load(apps, schema_editor):
    Publication = apps.get_model("publications", "Publication")
    Actor = apps.get_model("actors", "Actor")
    ActionField = apps.get_model("taxonomy", "ActionField")
    action_field = ActionField.objects.filter(slug=SEED_ACTION_FIELD).first()
    for slug, kind, title, actor_slugs, author_names, summary in SEED_PUBLICATIONS:
        if Publication.objects.filter(slug=slug).exists():
            continue
        publication = Publication.objects.create(
            slug=slug,
            kind=kind,
            title=title,
            summary=summary,
            action_field=action_field,
            author_names=author_names,
            published_on=SEED_PUBLISHED_ON,
            is_summary_only=True,
            is_published=True,
            search_text=build_search_text(title, summary, author_names),
        )
        publication.author_organisations.set(Actor.objects.filter(slug__in=actor_slugs))


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0001_initial"),
        ("actors", "0002_seed_organisations"),
        ("taxonomy", "0002_seed_taxonomy"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
