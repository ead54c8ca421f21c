"""The "übertragen von" field: a typed title, address or URL instead of a huge select."""

import pytest

from quartiersnetz.practices.forms import PracticeRefField
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def origin():
    return PracticeFactory(title="Kaufhaus am Markt", slug="kaufhaus-am-markt")


def test_resolves_title_address_and_url(origin):
    field = PracticeRefField(required=False)
    assert field.clean("kaufhaus am markt") == origin
    assert field.clean("kaufhaus-am-markt") == origin
    assert field.clean("https://quartiersnetz.example/en/praxis/kaufhaus-am-markt/") == origin
    assert field.clean("") is None


def test_unpublished_practices_are_not_found(origin):
    PracticeFactory(title="Geheimer Entwurf", slug="geheim", state=Practice.State.DRAFT)
    field = PracticeRefField(required=False)
    with pytest.raises(Exception, match="Kein veröffentlichtes Praxisbeispiel"):
        field.clean("geheim")


def test_unknown_title_suggests_similar_ones(origin):
    field = PracticeRefField(required=False)
    with pytest.raises(Exception, match="Meinten Sie: „Kaufhaus am Markt“ \\(kaufhaus-am-markt\\)"):
        field.clean("Kaufhaus")


def test_ambiguous_titles_list_their_addresses(origin):
    PracticeFactory(title="Kaufhaus am Markt", slug="kaufhaus-am-markt-2")
    field = PracticeRefField(required=False)
    with pytest.raises(Exception, match="kaufhaus-am-markt-2"):
        field.clean("Kaufhaus am Markt")
    assert field.clean("kaufhaus-am-markt-2").slug == "kaufhaus-am-markt-2"


def test_a_practice_cannot_come_from_itself(origin):
    field = PracticeRefField(required=False)
    field.exclude_id = origin.pk
    with pytest.raises(Exception, match="nicht von sich selbst"):
        field.clean("kaufhaus-am-markt")


def test_initial_value_shows_the_address(origin):
    field = PracticeRefField(required=False)
    assert field.prepare_value(origin.pk) == "kaufhaus-am-markt"
