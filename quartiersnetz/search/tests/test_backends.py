"""The German relevance cases, on whichever database the suite runs (SQLite or PostgreSQL)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.alliances.tests.factories import AllianceFactory
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.projects.tests.factories import PublicProjectFactory
from quartiersnetz.publications.models import Publication
from quartiersnetz.publications.tests.factories import PublicationFactory
from quartiersnetz.search.backends import search
from quartiersnetz.taxonomy.models import PracticeKind

pytestmark = pytest.mark.django_db

NEUTRAL = "Ein Projekt mit vielen Beteiligten."


def titles(query: str, **kwargs) -> list[str]:
    """Titles of the hits; practices only unless kinds= (the seed has actors and impulses)."""
    kwargs.setdefault("kinds", ["practice"])
    return [hit.title for hit in search(query, **kwargs).hits]


def practice(title: str, **kwargs) -> Practice:
    """A practice of the kind STRATEGIE: the names of its terms (`Practice.terms`, found too)
    hold none of the words these cases look for ("Ort", the default kind, would)."""
    kwargs.setdefault("summary", NEUTRAL)
    kwargs.setdefault("description", "")
    kwargs.setdefault("kind", PracticeKind.objects.get(slug="strategy"))
    return PracticeFactory(title=title, **kwargs)


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        # stemming and umlaut folding
        ("Dritte Orte", "Ein Dritter Ort am Marktplatz", True),
        ("Burger", "Treffpunkt der Bürger", True),
        ("Bürgerinnen", "Die Bürgerin gestaltet mit", True),
        ("bürger", "BÜRGERHAUS an der Ecke", True),
        ("Städte", "Eine Stadt im Wandel", True),
        ("Strasse", "Die Straße wird zum Wohnzimmer", True),
        ("Café", "Ein Cafe für alle", True),
        # compounds: first part by prefix, a part inside by trigram
        ("Quartier", "Quartiersentwicklung von unten", True),
        ("Ort", "Ein Kulturort für die Nachbarschaft", True),
        ("Orte", "Neue Kulturorte im Zentrum", True),
        ("Quartier", "Das Stadtquartier lebt", True),
        ("Entwicklung", "Entwicklungen im Quartier", True),
        ("Häuser", "Das Haus der Nachbarn", True),
        ("Zentren", "Ein lebendiges Zentrum", True),
        ("Kultur", "Soziokultur im Stadtteil", True),
        ("Gärten", "Neue Kleingartenanlage", True),
        # ASCII spellings of umlauts and ß, and words that only look like one
        ("Kleinstaedte", "Perspektiven für Kleinstädte", True),
        ("Fussgaengerzone", "Leerstand in der Fußgängerzone", True),
        ("Buergerinnen", "Die Bürgerin gestaltet mit", True),
        ("neue", "Neue Kulturorte im Zentrum", True),
        ("Quelle", "Eine Quelle im Park", True),
        ("Feuer", "Das Feuerwehrhaus wird Treffpunkt", True),
        # not found
        ("Ort", "Sport im Park", False),
        ("Bürgerin", "Burgbesichtigung", False),
        ("Dritte Orte", "Ein Dritter Platz", False),
    ],
)
def test_german_matching(query, text, expected):
    practice("Praxis", summary=text)
    assert (titles(query) == ["Praxis"]) is expected


def test_multi_word_queries_need_every_word():
    practice("Kulturort in der Nachbarschaft")
    practice("Kulturort auf dem Land")
    assert titles("Kulturort Nachbarschaft") == ["Kulturort in der Nachbarschaft"]


def test_title_match_ranks_above_body_match():
    practice("Werkstatt am Markt", description="Hier steht auch das Wort Leerstand.")
    practice("Leerstand beleben", description="Nichts weiter.")
    practice("Anderes", summary="Nichts davon.")
    assert titles("Leerstand") == ["Leerstand beleben", "Werkstatt am Markt"]


def test_word_match_ranks_above_compound_part():
    practice("Kulturort an der Ecke")
    practice("Ort der Begegnung")
    assert titles("Ort") == ["Ort der Begegnung", "Kulturort an der Ecke"]


def test_all_kinds_are_searched_and_counted():
    practice("Leerstand als Chance")
    OrganisationFactory(name="Leerstandsmelder e. V.", summary=NEUTRAL)
    PublicationFactory(title="Impuls zum Leerstand", summary=NEUTRAL, body="")
    EventFactory(title="Werkstatt Leerstand", summary=NEUTRAL, description="")
    PublicProjectFactory(title="Leerstandslabor", summary=NEUTRAL, description="", challenge="")
    AllianceFactory(name="Allianz gegen Leerstand", summary=NEUTRAL, goals="")
    results = search("Leerstand")
    assert results.counts == {
        "practice": 1, "actor": 1, "publication": 1, "event": 1, "project": 1, "alliance": 1,
    }  # fmt: skip
    assert {hit.kind for hit in results.hits} == {
        "practice", "actor", "publication", "event", "project", "alliance",
    }  # fmt: skip
    only = search("Leerstand", kinds=["actor"])
    assert search("Leerstand").total == 6
    assert [hit.title for hit in only.hits] == ["Leerstandsmelder e. V."]
    assert only.total == 1
    assert only.counts["practice"] == 1  # counts stay for the filter links


def test_actor_fields_and_publication_authors_are_indexed():
    OrganisationFactory(name="Netzwerk A", summary="", offers="Beratung zur Zwischennutzung")
    OrganisationFactory(
        name="Netzwerk B", summary="", offers="", seeks="Partner für Mikroquartiere"
    )
    PublicationFactory(title="Gespräch", summary="", body="", author_names="Hannah Arendtová")
    assert titles("Zwischennutzung", kinds=["actor"]) == ["Netzwerk A"]
    assert titles("Mikroquartier", kinds=["actor"]) == ["Netzwerk B"]
    assert titles("Arendtova", kinds=None) == ["Gespräch"]


@pytest.mark.parametrize(
    "state", [Practice.State.DRAFT, Practice.State.SUBMITTED, Practice.State.RETURNED]
)
def test_unpublished_practices_are_not_found(state):
    practice("Geheimer Kulturort", state=state)
    assert titles("Kulturort") == []
    assert search("Kulturort").counts["practice"] == 0


def test_hidden_actors_and_unpublished_publications_are_not_found():
    OrganisationFactory(name="Verborgener Kulturort", is_hidden=True)
    PublicationFactory(title="Entwurf zum Kulturort", is_published=False)
    assert titles("Verborgener", kinds=None) == []
    assert titles("Kulturort", kinds=["actor", "publication"]) == []


def test_publishing_later_makes_it_findable():
    draft = practice("Kulturort später", state=Practice.State.DRAFT)
    assert titles("Kulturort") == []
    Practice.objects.filter(pk=draft.pk).update(state="published", published_at=draft.created)
    assert titles("Kulturort") == ["Kulturort später"]


def test_bulk_created_rows_are_found():
    template = PracticeFactory.build()
    rows = []
    for n in range(3):
        p = PracticeFactory.build(
            title=f"Massenimport Nummer {n}",
            slug=f"bulk-{n}",
            kind=template.kind,
            type=template.type,
            spatial_field=template.spatial_field,
            municipality=template.municipality,
            organisation=OrganisationFactory(),
        )
        rows.append(p)
    Practice.objects.bulk_create(rows)
    Actor.objects.bulk_create(
        [
            OrganisationFactory.build(
                name="Bulk-Quartiersbüro", slug="bulk-actor", sector=rows[0].organisation.sector
            )
        ]
    )
    Publication.objects.bulk_create(
        [
            Publication(
                kind=Publication.Kind.IMPULSE,
                title="Bulk-Impuls zur Quartiersentwicklung",
                slug="bulk-impuls",
                published_on=datetime.date(2024, 1, 1),
                is_published=True,
            )
        ]
    )
    assert len(titles("Massenimport")) == 3
    assert titles("Quartiersbüro", kinds=["actor"]) == ["Bulk-Quartiersbüro"]
    assert titles("Bulk Quartier", kinds=["publication"]) == [
        "Bulk-Impuls zur Quartiersentwicklung"
    ]


def test_updates_and_deletes_are_reflected():
    p = practice("Alte Markthalle")
    assert titles("Markthalle") == ["Alte Markthalle"]
    p.title = "Neue Stadtbibliothek"
    p.save()
    assert titles("Markthalle") == []
    assert titles("Bibliothek") == ["Neue Stadtbibliothek"]
    Practice.objects.filter(pk=p.pk).update(summary="Jetzt mit Kulturort")
    assert titles("Kulturort") == ["Neue Stadtbibliothek"]
    p.delete()
    assert titles("Bibliothek") == []
    assert titles("Kulturort") == []


def test_hits_have_url_badge_and_highlighted_escaped_snippet():
    PracticeFactory(
        title="Kulturort <script>alert(1)</script>",
        slug="kulturort",
        summary="Ein <script>alert('x')</script> Kulturort für alle.",
        description="## Ausgangslage\n\nDer **Kulturort** entstand 2019.",
    )
    (hit,) = search("Kulturort").hits
    assert hit.url == "/praxis/kulturort/"
    assert "<script>" not in hit.title_html
    assert "<script>" not in hit.snippet_html
    assert hit.title_html.startswith("<mark>Kulturort</mark> &lt;script&gt;")
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; <mark>Kulturort</mark>" in (
        hit.snippet_html
    )
    assert "**" not in hit.snippet_html
    assert "##" not in hit.snippet_html


def test_paging_is_stable_and_complete():
    for n in range(7):
        practice(f"Quartiersgarten {n}")
    first = search("Quartiersgarten", limit=3, offset=0).hits
    second = search("Quartiersgarten", limit=3, offset=3).hits
    third = search("Quartiersgarten", limit=3, offset=6).hits
    seen = [h.id for h in first + second + third]
    assert len(seen) == len(set(seen)) == 7


def test_index_checks_run_on_this_database():
    from quartiersnetz.search import schema

    assert schema.ensure(connection) == []
    assert schema.integrity_check(connection) == []


def test_practices_are_found_by_the_names_of_their_terms():
    """Issue 12: type and taxonomy names are indexed (German and English, inflected)."""
    from quartiersnetz.taxonomy.models import Method, PracticeType

    place = PracticeKind.objects.get(slug="place")
    mixed = practice(
        "Kaufhaus", kind=place, type=PracticeType.objects.get(slug="mixed-use-immobilie")
    )
    mixed.methods.set([Method.objects.get(slug="living-lab")])
    mixed.save()
    practice("Lesecafé", kind=place, type=PracticeType.objects.get(slug="dritter-ort"))
    practice("Lesesaal", kind=place, type=PracticeType.objects.get(slug="dritter-ort"))
    assert titles("Mixed-Use") == ["Kaufhaus"]
    assert titles("Living Lab") == ["Kaufhaus"]
    assert titles("mixed-use property") == ["Kaufhaus"]
    assert sorted(titles("Dritte Orte")) == ["Lesecafé", "Lesesaal"]
    assert sorted(titles("third places")) == ["Lesecafé", "Lesesaal"]
