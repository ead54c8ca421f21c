import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.core.testing import count_queries
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices.models import Practice, PracticeActor
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.taxonomy.models import (
    ActionField,
    PracticeKind,
    PracticeType,
    Sector,
    SpatialField,
)

pytestmark = pytest.mark.django_db

UNPUBLISHED = ("draft", "submitted", "returned")


@pytest.fixture
def listed():
    a = PracticeFactory(
        title="Bürgerbahnhof Plagwitz",
        municipality=Municipality.objects.get(ags="14713000"),
        transfer_score=Decimal("4.5"),
        innovation_score=Decimal("4.0"),
    )
    b = PracticeFactory(
        title="Altstadtsommer Herne",
        kind=PracticeKind.objects.get(slug="format"),
        type=PracticeType.objects.get(slug="zwischennutzung"),
        spatial_field=SpatialField.objects.get(slug="centres"),
        status=Practice.Status.IDEA,
    )
    hidden = [
        PracticeFactory(title=f"Geheimes Vorhaben {state}", state=state, transfer_score=5)
        for state in UNPUBLISHED
    ]
    return a, b, hidden


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_list_shows_cards_with_badges_and_facets(client, listed):
    page = html(client, "/praxis/")
    assert "2 Praxisbeispiele" in page
    assert "Bürgerbahnhof Plagwitz" in page
    assert "Altstadtsommer Herne" in page
    assert "hohes Transferpotenzial" in page
    assert "hohes Innovationspotenzial" in page
    assert "Leipzig" in page
    assert "Idee" in page
    # Facet links, each state its own URL.
    assert 'href="?kind=format"' in page
    assert 'href="?rating=transfer"' in page
    assert 'href="?state=14"' in page
    assert 'href="?size_class=grossstadt"' in page
    assert 'href="?status=idea"' in page
    assert "Geheimes Vorhaben" not in page


def test_unpublished_never_counted(client, listed):
    page = html(client, "/praxis/?rating=transfer")
    assert "1 Praxisbeispiel" in page
    assert "Geheimes Vorhaben" not in page
    page = html(client, "/praxis/?q=geheimes")
    assert "0 Praxisbeispiele" in page


def test_unpublished_not_listed_even_for_authors_and_curators(client, listed, curator):
    client.force_login(curator)
    page = html(client, "/praxis/")
    assert "Geheimes Vorhaben" not in page
    assert "2 Praxisbeispiele" in page


def test_filter_state_in_url_and_selected_facet(client, listed):
    page = html(client, "/praxis/?kind=format")
    assert "Altstadtsommer Herne" in page
    assert "Bürgerbahnhof Plagwitz" not in page
    assert 'aria-current="true"' in page
    # Other facets keep the current filter in their links.
    assert "kind=format&amp;status=idea" in page
    # The map shows the same selection.
    assert 'href="/praxis/karte/?kind=format"' in page
    assert "Alle Filter zurücksetzen" in page


def test_sort_links_keep_filters(client, listed):
    page = html(client, "/praxis/?kind=place&sort=newest")
    assert 'href="?kind=place&amp;sort=transfer"' in page
    assert 'href="?kind=place"' in page  # back to the default order
    assert 'aria-current="true" href="?kind=place&amp;sort=newest"' in page


def test_sorting_changes_order(client, listed):
    a, _b, _hidden = listed
    Practice.objects.filter(pk=a.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=9)
    )
    page = html(client, "/praxis/?sort=newest")
    assert page.index("Altstadtsommer Herne") < page.index("Bürgerbahnhof Plagwitz")
    page = html(client, "/praxis/?sort=transfer")
    assert page.index("Bürgerbahnhof Plagwitz") < page.index("Altstadtsommer Herne")
    page = html(client, "/praxis/")
    assert page.index("Altstadtsommer Herne") < page.index("Bürgerbahnhof Plagwitz")


def test_unknown_values_are_ignored(client, listed):
    page = html(client, "/praxis/?state=99&rating=best&sort=random&seite=999&size_class=x")
    assert "2 Praxisbeispiele" in page


def test_pagination_keeps_filters(client):
    PracticeFactory.create_batch(25, kind=PracticeKind.objects.get(slug="place"))
    page = html(client, "/praxis/?kind=place")
    assert "kind=place&amp;seite=2" in page
    assert "Seite 1 von 2" in page
    page2 = html(client, "/praxis/?kind=place&seite=2")
    assert "Seite 2 von 2" in page2
    assert page2.count('class="kern-card"') == 5


def test_submit_link_only_for_logged_in_users(client, user, listed):
    assert "/praxis/neu/" not in html(client, "/praxis/")
    client.force_login(user)
    page = html(client, "/praxis/")
    assert 'href="/praxis/neu/"' in page
    assert "Praxisbeispiel einreichen" in page


def test_links_to_typology_finder_and_feed(client, listed):
    page = html(client, "/praxis/")
    for url in ("/praxis/typologie/", "/praxis/passt-zu-meinem-ort/", "/praxis/feed.atom"):
        assert f'href="{url}"' in page


def test_cached_list_follows_writes(client, listed):
    assert "2 Praxisbeispiele" in html(client, "/praxis/")
    PracticeFactory(title="Ganz neues Beispiel")
    page = html(client, "/praxis/")
    assert "3 Praxisbeispiele" in page
    assert "Ganz neues Beispiel" in page
    # Publishing a draft shows it at once (the services save the practice).
    draft = listed[2][0]
    draft.state = Practice.State.PUBLISHED
    draft.published_at = timezone.now()
    draft.save()
    assert "Geheimes Vorhaben draft" in html(client, "/praxis/")


def test_english_url(client, listed):
    page = html(client, "/en/praxis/")
    assert "Bürgerbahnhof Plagwitz" in page
    assert 'lang="en"' in page


def test_feed_has_newest_published_only(client, listed):
    response = client.get("/praxis/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Bürgerbahnhof Plagwitz" in body
    assert "Altstadtsommer Herne" in body
    assert "Geheimes Vorhaben" not in body
    assert "http://testserver/praxis/praxis-" in body


def test_feed_is_limited_to_50(client):
    _bulk(70)  # 56 of them published
    body = client.get("/praxis/feed.atom").content.decode()
    assert body.count("<entry>") == 50


def _bulk(n, offset=0):
    """n practices (every fifth unpublished) with action fields and involved actors, fast."""
    kinds = list(PracticeKind.objects.all())
    types = {k.pk: list(PracticeType.objects.filter(kind=k)) for k in kinds}
    fields = list(SpatialField.objects.all())
    action_fields = list(ActionField.objects.all())
    places = list(Municipality.objects.filter(ags__in=["05916000", "14713000", "11000000"]))
    sectors = list(Sector.objects.all())
    org = OrganisationFactory()
    actors = Actor.objects.bulk_create(
        Actor(
            kind=Actor.Kind.ORGANISATION,
            name=f"Beteiligte {offset + i}",
            slug=f"beteiligte-{offset + i}",
            sector=sectors[i % len(sectors)],
        )
        for i in range(10)
    )
    now = timezone.now()
    practices = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        published = i % 5 != 4
        practices.append(
            Practice(
                kind=kind,
                type=types[kind.pk][i % len(types[kind.pk])],
                title=f"Massenbeispiel {offset + i}",
                slug=f"massenbeispiel-{offset + i}",
                summary="Ein Beispiel für die Messung.",
                search_text=f"massenbeispiel {offset + i} quartier",
                municipality=places[i % 3],
                spatial_field=fields[i % 3],
                organisation=org,
                state="published" if published else "draft",
                published_at=now - datetime.timedelta(minutes=i) if published else None,
                transfer_score=Decimal(str(1 + i % 5)),
                innovation_score=Decimal(str(1 + (i * 3) % 5)),
            )
        )
    practices = Practice.objects.bulk_create(practices)
    through = Practice.action_fields.through
    through.objects.bulk_create(
        through(practice_id=p.pk, actionfield_id=action_fields[i % 3].pk)
        for i, p in enumerate(practices)
    )
    PracticeActor.objects.bulk_create(
        PracticeActor(practice=p, actor=actors[i % 10], role="partner")
        for i, p in enumerate(practices)
    )
    return practices


@pytest.mark.parametrize(
    "url",
    [
        "/praxis/",
        "/praxis/?kind=place&state=05&rating=transfer",
        "/praxis/?sector=stiftungen&action_field=lebendige-quartiere&size_class=grossstadt",
        "/praxis/?q=quartier&sort=transfer&seite=2",
        "/praxis/?q=massenbeispiel+quartier+leerstand&seite=2",
    ],
)
def test_list_query_count_is_constant_at_10_and_1000(client, url):
    _bulk(10)
    small = count_queries(client, url)
    _bulk(990, offset=10)
    large = count_queries(client, url)
    assert small == large
    # Version, total, the facets in one UNION, the sector facet, six vocabularies, the rows;
    # with a text query the words for "Meinten Sie …?" (titles and terms, once per version).
    assert large <= 12
    # Warm: only the data version and the page's rows (fragments and aggregates are cached).
    assert count_queries(client, url) <= 2


def test_facets_without_choosable_values_are_left_out(client, listed):
    page = html(client, "/praxis/")
    assert 'id="facet-kind"' in page
    assert 'id="facet-approach"' not in page  # no published practice has an approach


@pytest.mark.django_db
def test_list_search_reads_ascii_spellings_as_umlauts(client):
    PracticeFactory(title="Leerstand in der Fußgängerzone beleben")
    html = client.get("/praxis/?q=Fussgaengerzone").content.decode()
    assert "Leerstand in der Fußgängerzone beleben" in html


def _titles_in_order(html: str, titles: list[str]) -> list[str]:
    return sorted((t for t in titles if t in html), key=html.index)


@pytest.mark.parametrize("sort", ["", "newest", "transfer"])
def test_list_search_finds_any_word_all_words_first(client, sort):
    """Issue 12: `/praxis/?q=Leerstand+Fußgängerzone` finds practices with either word, the
    ones with both first (in any sort order), then the others in the chosen order."""
    PracticeFactory(title="Aaa Leerstand beleben", summary="Läden stehen leer.")
    PracticeFactory(title="Bbb Fußgängerzone neu", summary="Eine Einkaufsstraße.")
    PracticeFactory(title="Zzz Beides", summary="Leerstand in der Fußgängerzone.")
    PracticeFactory(title="Ccc Anderes", summary="Nichts davon.")
    html = client.get(f"/praxis/?q=Leerstand+Fußgängerzone&sort={sort}").content.decode()
    found = _titles_in_order(
        html, ["Aaa Leerstand beleben", "Bbb Fußgängerzone neu", "Zzz Beides", "Ccc Anderes"]
    )
    assert found[0] == "Zzz Beides"
    assert set(found[1:]) == {"Aaa Leerstand beleben", "Bbb Fußgängerzone neu"}


def test_list_search_finds_inflected_forms_and_term_names(client):
    """Issue 12: "Dritte Orte" finds the practices typed "Dritter Ort" (their terms are part of
    the search text), "Kulturorte" but not "Sportplatz"."""
    third = PracticeType.objects.get(slug="dritter-ort")
    place = PracticeKind.objects.get(slug="place")
    strategy = PracticeKind.objects.get(slug="strategy")
    PracticeFactory(title="Lesecafé", kind=place, type=third)
    PracticeFactory(title="Sportplatz", kind=strategy, summary="Sport im Park.")
    html = client.get("/praxis/?q=Dritte+Orte").content.decode()
    assert "Lesecafé" in html
    assert "Sportplatz" not in html


def test_list_offers_did_you_mean(client):
    PracticeFactory(title="Leerstand in der Fußgängerzone beleben")
    html = client.get("/praxis/?q=Fussgaengerzoen+Leerstnd&sort=newest").content.decode()
    assert "Meinten Sie:" in html
    assert "q=Fussgaengerzoen+Leerstand&amp;sort=newest" in html
    assert "Meinten Sie:" not in client.get("/praxis/?q=Leerstand").content.decode()
