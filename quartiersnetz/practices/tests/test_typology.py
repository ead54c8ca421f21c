import pytest

from quartiersnetz.core.testing import count_queries
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.practices.tests.test_list import _bulk
from quartiersnetz.taxonomy.models import ActionField, PracticeKind, PracticeType, SpatialField

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices():
    quarters = ActionField.objects.get(slug="lebendige-quartiere")
    centres = ActionField.objects.get(slug="innenstadtstrategien")
    fmt = PracticeKind.objects.get(slug="format")
    PracticeFactory(action_fields=[quarters])
    PracticeFactory(action_fields=[quarters, centres])
    PracticeFactory(
        kind=fmt,
        type=PracticeType.objects.get(slug="zwischennutzung"),
        spatial_field=SpatialField.objects.get(slug="centres"),
        action_fields=[centres],
    )
    for state in ("draft", "submitted", "returned"):
        PracticeFactory(state=state, kind=fmt, action_fields=[quarters])


def page(client, url="/praxis/typologie/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_matrix_counts_and_links(client, practices):
    html = page(client)
    # kind × action field
    assert 'href="/praxis/?kind=place&amp;action_field=lebendige-quartiere">2</a>' in html
    assert 'href="/praxis/?kind=place&amp;action_field=innenstadtstrategien">1</a>' in html
    assert 'href="/praxis/?kind=format&amp;action_field=innenstadtstrategien">1</a>' in html
    # Unpublished formats in "Lebendige Quartiere" are not counted.
    assert "kind=format&amp;action_field=lebendige-quartiere" not in html
    # Row and column totals.
    assert 'href="/praxis/?kind=place"><strong>2</strong></a>' in html
    assert 'href="/praxis/?kind=format"><strong>1</strong></a>' in html
    assert 'href="/praxis/?action_field=innenstadtstrategien"><strong>2</strong></a>' in html
    assert 'href="/praxis/"><strong>3</strong></a>' in html
    # kind × spatial field
    assert 'href="/praxis/?kind=place&amp;spatial_field=quarters">2</a>' in html
    assert 'href="/praxis/?kind=format&amp;spatial_field=centres">1</a>' in html
    assert 'href="/praxis/?spatial_field=quarters"><strong>2</strong></a>' in html


def test_tables_are_accessible(client, practices):
    html = page(client)
    assert html.count("<caption") == 2
    assert 'scope="col"' in html
    assert 'scope="row"' in html
    assert "Gesamt" in html


def test_cell_links_filter_the_list(client, practices):
    html = page(client, "/praxis/?kind=place&action_field=innenstadtstrategien")
    assert "1 Praxisbeispiel" in html


def test_typology_follows_writes(client, practices):
    assert 'href="/praxis/"><strong>3</strong></a>' in page(client)
    PracticeFactory()
    assert 'href="/praxis/"><strong>4</strong></a>' in page(client)


def test_english_url(client, practices):
    html = page(client, "/en/praxis/typologie/")
    assert 'href="/en/praxis/?kind=place&amp;action_field=lebendige-quartiere">2</a>' in html
    assert "Lively neighbourhoods" in html


def test_query_count_is_constant_at_10_and_1000(client):
    _bulk(10)
    small = count_queries(client, "/praxis/typologie/")
    _bulk(990, offset=10)
    large = count_queries(client, "/praxis/typologie/")
    assert small == large
    assert large <= 10
    assert count_queries(client, "/praxis/typologie/") <= 1  # warm: only the data version
