"""schemathesis against /api/v1/openapi.json on a running server (pytest-django's live server):
generated requests for every operation; no server error, every answer as documented."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.publications.tests.factories import PublicationFactory

# The live server needs real transactions; `serialized_rollback` puts the data migrations' rows
# (vocabularies, municipalities) back for the tests after this one.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def api_schema(live_server):
    PracticeFactory(slug="beispiel")
    OrganisationFactory(slug="verein")
    PublicationFactory(slug="impuls")
    return schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api(case):
    # Every check but "schema-valid data is accepted": a vocabulary code is documented by its
    # form only (the codes are data: /api/v1/taxonomy), and a cursor only its own API made is
    # valid — those are answered 400 by design (and documented as such).
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
