"""`Practice.terms`: the names of a practice's taxonomy terms, searchable (issue 12).

The backfill fills it for existing practices and appends it, folded, to `search_text` (it is
the last of PRACTICE_SEARCH_FIELDS, so the result is what `practice_search_text` gives).
"""

from django.db import migrations, models

from quartiersnetz.core.text import fold


def backfill(apps, schema_editor):
    Practice = apps.get_model("practices", "Practice")
    qs = Practice.objects.select_related("kind", "type", "spatial_field").prefetch_related(
        "action_fields", "approaches", "methods"
    )
    for practice in qs.iterator(chunk_size=500):
        groups = []
        for term in (practice.kind, practice.type, practice.spatial_field):
            if term is not None:
                groups.append([(term.name, term.name_en)])
        for manager in (practice.action_fields, practice.approaches, practice.methods):
            groups.append(sorted((t.name, t.name_en) for t in manager.all()))
        pairs = [pair for group in groups for pair in group]
        terms = " · ".join(dict.fromkeys(n for pair in pairs for n in pair if n))
        if terms:
            search_text = " ".join(p for p in (practice.search_text, fold(terms)) if p)
            Practice.objects.filter(pk=practice.pk).update(terms=terms, search_text=search_text)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0004_text_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="practice",
            name="terms",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
