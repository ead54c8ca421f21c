import datetime

import pytest
from django.contrib.auth.models import Group

from quartiersnetz.accounts.rules import CURATOR_GROUP
from quartiersnetz.publications.models import Publication

pytestmark = pytest.mark.django_db

EXPECTED = {
    "Zehn Erfolgsfaktoren für die Transformation von Zentren": (
        "recommendations",
        {"deutscher-verband", "stadt-als-campus"},
        "",
    ),
    "Die Zukunft der Innenstadt braucht „Aktive Transformation“ ...": (
        "impulse",
        {"deutscher-staedtetag"},
        "",
    ),
    "In den „BIDS 2.0“ ziehen alle bei der Innenstadtstrategie an einem Strang": (
        "impulse",
        {"zia"},
        "",
    ),
    (
        "Private Immobilienentwickler:innen als Partner:innen einer am Gemeinwesen orientierten "
        "Transformation von Handelsimmobilien"
    ): ("impulse", {"landmarken-ag", "bulwiengesa-ag"}, "Thomas Binsfeld, Dr. Joseph Frechen"),
    (
        "Ich glaube, das verbindende Element der Innenstadt – der Stadt als solches – ist der "
        "soziale Kontakt"
    ): ("interview", {"stadt-und-handel"}, "Stefan Postert"),
}


def test_the_five_seed_contributions_are_present():
    publications = Publication.objects.prefetch_related("author_organisations")
    assert publications.count() == 5
    for publication in publications:
        kind, authors, names = EXPECTED[publication.title]
        assert publication.kind == kind
        assert {a.slug for a in publication.author_organisations.all()} == authors
        assert publication.author_names == names
        assert publication.action_field.slug == "innenstadtstrategien"
        assert publication.is_summary_only
        assert publication.is_published
        assert publication.published_on == datetime.date(2021, 6, 30)
        # Only titles and authors are known: no summary restating the title.
        assert publication.summary == ""
        assert not publication.body
        assert publication.search_text
        # No success factors are invented: the authors add them.
        assert not publication.recommendations.exists()


def test_curators_may_add_change_and_view_publications_and_manage_attachments():
    codenames = set(
        Group.objects.get(name=CURATOR_GROUP)
        .permissions.filter(content_type__app_label="publications")
        .values_list("codename", flat=True)
    )
    assert codenames == {
        "add_publication",
        "change_publication",
        "view_publication",
        "add_recommendation",
        "change_recommendation",
        "view_recommendation",
        "delete_recommendation",
        "add_attachment",
        "change_attachment",
        "delete_attachment",
        "view_attachment",
    }


def test_migration_clears_only_untouched_title_repeating_summaries():
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "quartiersnetz.publications.migrations.0008_seed_summaries_without_title_repeats"
    )
    (first, old_first), (second, _old_second) = list(migration.OLD_SUMMARIES.items())[:2]
    Publication.objects.filter(slug=first).update(summary=old_first)
    Publication.objects.filter(slug=second).update(summary="Von der Kuration geschrieben.")
    migration.clear(apps, None)
    assert Publication.objects.get(slug=first).summary == ""
    assert Publication.objects.get(slug=second).summary == "Von der Kuration geschrieben."
