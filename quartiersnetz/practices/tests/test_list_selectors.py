from decimal import Decimal

import pytest
from django.http import QueryDict
from django.utils.http import urlencode

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices.list_selectors import (
    PracticeFilters,
    practice_facets,
    practice_list_queryset,
    practice_list_total,
    practice_typology,
)
from quartiersnetz.practices.models import Practice, PracticeActor
from quartiersnetz.practices.selectors import practice_data_version
from quartiersnetz.practices.tests.factories import PracticeActorFactory, PracticeFactory
from quartiersnetz.taxonomy.models import (
    ActionField,
    Approach,
    PracticeKind,
    PracticeType,
    Sector,
    SpatialField,
)

pytestmark = pytest.mark.django_db


def filters(**kwargs):
    return PracticeFilters.from_query(QueryDict(urlencode(kwargs)))


def titles(qs):
    return [p.title for p in qs]


@pytest.fixture
def practices():
    """Three published practices with different facets, and one of each unpublished state."""
    leipzig = Municipality.objects.get(ags="14713000")
    small = Municipality.objects.filter(size_class="kleinstadt", state="16").order_by("ags").first()
    culture = Sector.objects.get(slug="kultur-soziokultur-kreativwirtschaft")
    foundations = Sector.objects.get(slug="stiftungen")
    municipalities = Sector.objects.get(slug="gebietskoerperschaften")
    fmt = PracticeKind.objects.get(slug="format")
    strategy = PracticeKind.objects.get(slug="strategy")
    a = PracticeFactory(
        title="Bürgerbahnhof Plagwitz",
        summary="Ein Dritter Ort im Quartier",
        municipality=leipzig,
        organisation=OrganisationFactory(sector=culture),
        action_fields=[ActionField.objects.get(slug="lebendige-quartiere")],
        approaches=[Approach.objects.get(slug="creative-places")],
        transfer_score=Decimal("4.5"),
        innovation_score=Decimal("3.0"),
        status=Practice.Status.ESTABLISHED,
    )
    b = PracticeFactory(
        title="Altstadtsommer Herne",
        kind=fmt,
        type=PracticeType.objects.get(slug="zwischennutzung"),
        spatial_field=SpatialField.objects.get(slug="centres"),
        organisation=OrganisationFactory(sector=foundations),
        action_fields=[ActionField.objects.get(slug="innenstadtstrategien")],
        innovation_score=Decimal("4.0"),
        transfer_score=Decimal("2.0"),
    )
    c = PracticeFactory(
        title="Campus Kleinstadt",
        kind=strategy,
        type=PracticeType.objects.get(slug="masterplan"),
        spatial_field=SpatialField.objects.get(slug="small_towns"),
        municipality=small,
        organisation=OrganisationFactory(sector=foundations),
        action_fields=[ActionField.objects.get(slug="kleinstadtperspektiven")],
        status=Practice.Status.IDEA,
    )
    # A municipality involved in b: b counts for that sector too.
    PracticeActorFactory(
        practice=b, actor=OrganisationFactory(sector=municipalities), role="municipality"
    )
    # A hidden actor does not make c count for culture.
    PracticeActorFactory(practice=c, actor=OrganisationFactory(sector=culture, is_hidden=True))
    for state in ("draft", "submitted", "returned"):
        PracticeFactory(
            title=f"Unveröffentlicht {state}",
            state=state,
            municipality=leipzig,
            organisation=OrganisationFactory(sector=culture),
            action_fields=[ActionField.objects.get(slug="lebendige-quartiere")],
            transfer_score=Decimal("5.0"),
            innovation_score=Decimal("5.0"),
        )
    return a, b, c


def test_unfiltered_lists_published_only_sorted_by_title(practices):
    assert titles(practice_list_queryset(filters())) == [
        "Altstadtsommer Herne",
        "Bürgerbahnhof Plagwitz",
        "Campus Kleinstadt",
    ]
    assert practice_list_total(filters()) == 3


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "format"}, {"Altstadtsommer Herne"}),
        ({"type": "masterplan"}, {"Campus Kleinstadt"}),
        ({"spatial_field": "quarters"}, {"Bürgerbahnhof Plagwitz"}),
        ({"action_field": "innenstadtstrategien"}, {"Altstadtsommer Herne"}),
        ({"approach": "creative-places"}, {"Bürgerbahnhof Plagwitz"}),
        ({"sector": "stiftungen"}, {"Altstadtsommer Herne", "Campus Kleinstadt"}),
        ({"sector": "gebietskoerperschaften"}, {"Altstadtsommer Herne"}),
        ({"sector": "kultur-soziokultur-kreativwirtschaft"}, {"Bürgerbahnhof Plagwitz"}),
        ({"state": "14"}, {"Bürgerbahnhof Plagwitz"}),
        ({"state": "05"}, {"Altstadtsommer Herne"}),
        ({"size_class": "kleinstadt"}, {"Campus Kleinstadt"}),
        ({"status": "idea"}, {"Campus Kleinstadt"}),
        ({"rating": "transfer"}, {"Bürgerbahnhof Plagwitz"}),
        ({"rating": "innovation"}, {"Altstadtsommer Herne"}),
        ({"q": "burgerbahnhof"}, {"Bürgerbahnhof Plagwitz"}),
        ({"q": "DRITTER ort"}, {"Bürgerbahnhof Plagwitz"}),
        ({"q": "plagwitz", "kind": "format"}, set()),
        ({"kind": "place", "state": "14", "rating": "transfer"}, {"Bürgerbahnhof Plagwitz"}),
    ],
)
def test_each_filter(practices, params, expected):
    assert set(titles(practice_list_queryset(filters(**params)))) == expected
    assert practice_list_total(filters(**params)) == len(expected)


def test_unknown_values_are_ignored():
    f = filters(state="99", size_class="riesig", status="x", rating="best", sort="random")
    assert f.as_dict() == {}
    assert not f.active


def test_filter_state_round_trips_and_sort_is_not_a_filter():
    f = filters(kind="place", sort="newest", q="  Dritter   Ort ")
    assert f.as_dict() == {"kind": "place", "q": "Dritter Ort", "sort": "newest"}
    assert f.filter_dict() == {"kind": "place", "q": "Dritter Ort"}
    assert filters(sort="newest").active is False
    assert filters(sort="title").as_dict() == {}  # the default is not written out
    assert PracticeFilters.from_query(QueryDict(urlencode(f.as_dict()))) == f


def test_sorting(practices):
    a, b, c = practices
    Practice.objects.filter(pk=a.pk).update(published_at=b.published_at.replace(year=2020))
    Practice.objects.filter(pk=c.pk).update(published_at=b.published_at.replace(year=2030))
    assert titles(practice_list_queryset(filters(sort="newest"))) == [c.title, b.title, a.title]
    # Unrated practices come last.
    assert titles(practice_list_queryset(filters(sort="transfer"))) == [a.title, b.title, c.title]
    assert titles(practice_list_queryset(filters(sort="innovation"))) == [
        b.title,
        a.title,
        c.title,
    ]


def facet_counts(f):
    return {
        facet.name: {v.value: v.count for v in facet.values if v.count}
        for facet in practice_facets(f)
    }


def test_facet_counts_ignore_unpublished(practices):
    counts = facet_counts(filters())
    assert counts["kind"] == {"place": 1, "format": 1, "strategy": 1}
    assert counts["type"] == {"mixed-use-immobilie": 1, "zwischennutzung": 1, "masterplan": 1}
    assert counts["spatial_field"] == {"quarters": 1, "centres": 1, "small_towns": 1}
    assert counts["action_field"] == {
        "lebendige-quartiere": 1,
        "innenstadtstrategien": 1,
        "kleinstadtperspektiven": 1,
    }
    assert counts["approach"] == {"creative-places": 1}
    assert counts["sector"] == {
        "kultur-soziokultur-kreativwirtschaft": 1,
        "stiftungen": 2,
        "gebietskoerperschaften": 1,
    }
    assert counts["state"] == {"14": 1, "05": 1, "16": 1}
    assert counts["size_class"] == {"grossstadt": 2, "kleinstadt": 1}
    assert counts["status"] == {"established": 1, "implementation": 1, "idea": 1}
    assert counts["rating"] == {"transfer": 1, "innovation": 1}


def test_facet_counts_respect_other_filters(practices):
    counts = facet_counts(filters(sector="stiftungen"))
    assert counts["kind"] == {"format": 1, "strategy": 1}
    # The facet's own filter is not applied to its own counts.
    assert counts["sector"]["kultur-soziokultur-kreativwirtschaft"] == 1
    facets = {f.name: f for f in practice_facets(filters(sector="stiftungen"))}
    assert facets["sector"].selected.value == "stiftungen"
    assert facet_counts(filters(rating="transfer"))["state"] == {"14": 1}


def test_facet_and_total_caches_follow_writes(practices):
    before = practice_data_version()
    assert practice_list_total(filters(kind="place")) == 1
    assert facet_counts(filters())["kind"]["place"] == 1
    PracticeFactory(title="Neu")
    assert practice_data_version() != before
    assert practice_list_total(filters(kind="place")) == 2
    assert facet_counts(filters())["kind"]["place"] == 2
    practices[0].title = "Umbenannt"
    version = practice_data_version()
    practices[0].save()
    assert practice_data_version() != version


def test_role_changes_count_once_the_practice_is_saved(practices):
    a = practices[0]
    assert "mittler-intermediaere" not in facet_counts(filters())["sector"]
    PracticeActor.objects.create(
        practice=a,
        actor=OrganisationFactory(sector=Sector.objects.get(slug="mittler-intermediaere")),
    )
    a.save()  # what the services do
    assert facet_counts(filters())["sector"]["mittler-intermediaere"] == 1


def test_typology_counts_published_only(practices):
    typology = practice_typology()
    af = typology.by_action_field
    assert [c.slug for c in af.columns] == list(ActionField.objects.values_list("slug", flat=True))
    rows = {row.term.slug: row for row in af.rows}
    quarters_index = [c.slug for c in af.columns].index("lebendige-quartiere")
    assert rows["place"].cells[quarters_index].count == 1
    assert (
        rows["place"].cells[quarters_index].query == "kind=place&action_field=lebendige-quartiere"
    )
    assert rows["place"].total.count == 1
    assert rows["place"].total.query == "kind=place"
    assert af.total.count == 3
    assert [c.count for c in af.column_totals] == [1, 1, 1]
    sf = typology.by_spatial_field
    srows = {row.term.slug: row for row in sf.rows}
    assert sum(c.count for c in srows["strategy"].cells) == 1
    assert sum(c.count for c in sf.column_totals) == 3
