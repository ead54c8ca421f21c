"""schemathesis against /api/v1/openapi.json, through the WSGI application:
generated requests for every operation; no server error, every answer as documented."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.publications.tests.factories import PublicationFactory

# In-process through the WSGI application (the whole middleware stack, as a server runs it),
# inside the test's transaction: a live server's transactional flush would take the data
# migrations' rows from the tests that follow in the same worker.
pytestmark = pytest.mark.django_db


@pytest.fixture
def api_schema(db):
    from config.wsgi import application

    PracticeFactory(slug="beispiel")
    OrganisationFactory(slug="verein")
    PublicationFactory(slug="impuls")
    # As Django's test client does: the WSGI handler's "request finished" signal would close
    # the connection (CONN_MAX_AGE=0) and, on PostgreSQL, with it the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
# A quick guard inside `make test`; the 100 cases per operation run against a running server
# (`make api-fuzz`, which .ci/run calls on PostgreSQL).
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api(case):
    # Every check but "schema-valid data is accepted": a vocabulary code is documented by its
    # form only (the codes are data: /api/v1/taxonomy), and a cursor only its own API made is
    # valid — those are answered 400 by design (and documented as such).
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
