import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import urlencode

from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.selectors import DirectoryFilters, directory_facets, directory_queryset
from quartiersnetz.actors.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from quartiersnetz.core.testing import count_queries
from quartiersnetz.places.models import Municipality
from quartiersnetz.taxonomy.models import ActionField, Approach, Sector, SpatialField

pytestmark = pytest.mark.django_db


def filters(**kwargs):
    from django.http import QueryDict

    return DirectoryFilters.from_query(QueryDict(urlencode(kwargs)))


@pytest.fixture
def directory():
    leipzig = Municipality.objects.get(ags="14713000")
    herne = Municipality.objects.get(ags="05916000")
    culture = Sector.objects.get(slug="kultur-soziokultur-kreativwirtschaft")
    foundations = Sector.objects.get(slug="stiftungen")
    quarters = SpatialField.objects.get(slug="quarters")
    a = OrganisationFactory(name="Bürgerbahnhof Plagwitz", sector=culture, municipality=leipzig,
                            summary="Ein Dritter Ort im Quartier")  # fmt: skip
    a.search_text = "burgerbahnhof plagwitz ein dritter ort im quartier leipzig"
    a.save()
    a.spatial_fields.add(quarters)
    a.approaches.add(Approach.objects.get(slug="creative-places"))
    b = OrganisationFactory(name="Stiftung Zukunft Herne", sector=foundations, municipality=herne)
    b.action_fields.add(ActionField.objects.get(slug="innenstadtstrategien"))
    c = PersonFactory(name="Dr. Jana Quartiersforscherin", sector=culture, municipality=leipzig)
    c.spatial_fields.add(quarters)
    return a, b, c


def names(qs):
    return {actor.name for actor in qs}


def test_unfiltered_lists_visible_actors_including_seeded(directory):
    result = names(directory_queryset(filters()))
    assert {
        "Bürgerbahnhof Plagwitz",
        "Stiftung Zukunft Herne",
        "Dr. Jana Quartiersforscherin",
    } <= result
    assert "Deutscher Städtetag" in result


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"sector": "stiftungen"}, {"Stiftung Zukunft Herne"}),
        ({"kind": "person"}, {"Dr. Jana Quartiersforscherin"}),
        ({"spatial_field": "quarters"}, {"Bürgerbahnhof Plagwitz", "Dr. Jana Quartiersforscherin"}),
        ({"approach": "creative-places"}, {"Bürgerbahnhof Plagwitz"}),
        ({"state": "14"}, {"Bürgerbahnhof Plagwitz", "Dr. Jana Quartiersforscherin"}),
        ({"municipality": "05916000"}, {"Stiftung Zukunft Herne"}),
        ({"q": "Burger"}, {"Bürgerbahnhof Plagwitz"}),
        ({"q": "dritter ORT"}, {"Bürgerbahnhof Plagwitz"}),
        ({"q": "plagwitz", "sector": "stiftungen"}, set()),
        ({"sector": "kultur-soziokultur-kreativwirtschaft", "kind": "organisation", "state": "14"},
         {"Bürgerbahnhof Plagwitz"}),
    ],
)  # fmt: skip
def test_filters(directory, params, expected):
    result = names(directory_queryset(filters(**params)))
    seeded = set(Actor.objects.filter(is_unclaimed=True).values_list("name", flat=True))
    assert result - seeded == expected


def test_unknown_filter_values_are_ignored_not_errors(client, directory):
    response = client.get("/mitwirkende/?kind=robot&state=99&municipality=abc&seite=999")
    assert response.status_code == 200


def test_facet_counts_respect_other_filters(directory):
    facets = {f.name: f for f in directory_facets(filters(spatial_field="quarters"))}
    kinds = {v.value: v.count for v in facets["kind"].values}
    assert kinds == {"organisation": 1, "person": 1}
    # The facet's own filter is not applied to its counts: other fields stay choosable.
    spatial = {v.value: v.count for v in facets["spatial_field"].values}
    assert spatial["quarters"] == 2
    assert facets["spatial_field"].selected.value == "quarters"
    states = {v.value: v.count for v in facets["state"].values}
    assert states["14"] == 2
    assert states["05"] == 0


def test_directory_page_shows_counts_and_linkable_filters(client, directory):
    html = client.get("/mitwirkende/?sector=stiftungen").content.decode()
    assert "Stiftung Zukunft Herne" in html
    assert "Bürgerbahnhof Plagwitz" not in html
    assert "sector=kultur-soziokultur-kreativwirtschaft" in html
    assert 'aria-current="true"' in html


def test_pagination_keeps_filters(client):
    sector = Sector.objects.get(slug="stiftungen")
    OrganisationFactory.create_batch(25, sector=sector)
    html = client.get("/mitwirkende/?sector=stiftungen").content.decode()
    assert "sector=stiftungen&amp;seite=2" in html
    page2 = client.get("/mitwirkende/?sector=stiftungen&seite=2").content.decode()
    assert "Seite 2 von 2" in page2


def test_profile_page_shows_offers_seeks_and_consenting_members(client, directory):
    org = directory[0]
    shown = MembershipFactory(organisation=org, is_public=True, user__display_name="Petra Sichtbar")
    MembershipFactory(organisation=org, is_public=False, user__display_name="Paul Verborgen")
    html = client.get(org.get_absolute_url()).content.decode()
    for text in [
        "Wir bieten",
        "Räume für Zwischennutzungen",
        "Wir suchen",
        "Partner aus der Wohnungswirtschaft",
    ]:
        assert text in html
    assert shown.user.display_name in html
    assert "Paul Verborgen" not in html
    assert "Leipzig" in html


def test_markdown_description_is_sanitised(client, directory):
    org = directory[0]
    org.description = "**fett** <script>alert(1)</script> [x](javascript:alert(1))"
    org.save()
    html = client.get(org.get_absolute_url()).content.decode()
    assert "<strong>fett</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert 'href="javascript:' not in html


def test_sample_profiles_are_marked(client):
    org = OrganisationFactory(is_sample=True)
    html = client.get(org.get_absolute_url()).content.decode()
    assert "Beispieldaten" in html


@pytest.mark.parametrize(
    "url",
    ["/mitwirkende/", "/mitwirkende/?sector=stiftungen&state=05",
     "/mitwirkende/?q=quartier&spatial_field=quarters", "/mitwirkende/?seite=2"],
)  # fmt: skip
def test_directory_query_count_is_constant_at_10_and_500(client, url):
    sectors = list(Sector.objects.all())
    fields = list(SpatialField.objects.all())
    places = list(Municipality.objects.filter(ags__in=["05916000", "14713000", "11000000"]))

    def make(n, offset):
        for i in range(n):
            org = OrganisationFactory(sector=sectors[i % 7], municipality=places[i % 3])
            org.spatial_fields.add(fields[i % 3])
            _ = offset

    make(10, 0)
    small = count_queries(client, url)
    make(490, 10)
    large = count_queries(client, url)
    assert small == large
    assert large <= 16


def _sector_count(params=None):
    facets = {f.name: f for f in directory_facets(filters(**(params or {})))}
    return {v.value: v.count for v in facets["sector"].values}["stiftungen"]


def test_cached_facet_counts_follow_every_write(user, curator):
    from quartiersnetz.actors import services

    foundations = Sector.objects.get(slug="stiftungen")
    before = _sector_count()
    actor = services.organisation_create(
        user=user, data={"name": "Neue Stiftung", "sector": foundations}
    )
    assert _sector_count() == before + 1
    services.actor_set_hidden(actor=actor, user=curator, hidden=True)
    assert _sector_count() == before
    services.actor_set_hidden(actor=actor, user=curator, hidden=False)
    culture = Sector.objects.get(slug="kultur-soziokultur-kreativwirtschaft")
    services.actor_update(actor=actor, user=user, data={"sector": culture})
    assert _sector_count() == before
    actor.delete()
    assert _sector_count() == before


def test_facet_cache_is_per_filter_state_and_language(directory):
    from django.utils import translation

    def kinds(**params):
        facet = next(f for f in directory_facets(filters(**params)) if f.name == "kind")
        return {v.value: v.count for v in facet.values}

    everything = kinds()
    assert kinds(q="plagwitz") == {"organisation": 1, "person": 0}
    assert kinds() == everything  # the cached narrower state did not leak
    with translation.override("en"):
        sectors = next(f for f in directory_facets(filters()) if f.name == "sector")
        assert any(v.label == "Foundations" for v in sectors.values)
    sectors = next(f for f in directory_facets(filters()) if f.name == "sector")
    assert any(v.label == "Stiftungen" for v in sectors.values)


def test_cached_result_count_follows_writes(user, curator):
    from quartiersnetz.actors import services
    from quartiersnetz.actors.selectors import directory_page

    foundations = Sector.objects.get(slug="stiftungen")
    page = directory_page(filters(sector="stiftungen"), 1).page
    before = page.paginator.count
    actor = services.organisation_create(
        user=user, data={"name": "Zählstiftung", "sector": foundations}
    )
    page = directory_page(filters(sector="stiftungen"), 1).page
    assert page.paginator.count == before + 1
    assert "Zählstiftung" in {a.name for a in page.object_list}
    services.actor_set_hidden(actor=actor, user=curator, hidden=True)
    page = directory_page(filters(sector="stiftungen"), 1).page
    assert page.paginator.count == before


def test_cached_directory_fragments_show_changes_at_once(client, user, curator):
    from quartiersnetz.actors import services

    foundations = Sector.objects.get(slug="stiftungen")
    url = "/mitwirkende/?sector=stiftungen"
    first = services.organisation_create(
        user=user, data={"name": "Erste Stiftung", "sector": foundations}
    )
    html = client.get(url).content.decode()
    assert "Erste Stiftung" in html
    services.organisation_create(user=user, data={"name": "Zweite Stiftung", "sector": foundations})
    html = client.get(url).content.decode()
    assert "Zweite Stiftung" in html
    services.actor_set_hidden(actor=first, user=curator, hidden=True)
    html = client.get(url).content.decode()
    assert "Erste Stiftung" not in html
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    assert len(warm) <= 2  # data version + nothing else: fragments and aggregates are cached
