"""The page /offene-daten/ (German and English) and the curators' rebuild button."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from quartiersnetz.accounts.rules import CURATOR_GROUP
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.opendata import dump
from quartiersnetz.opendata.datasets import DATASETS

pytestmark = pytest.mark.django_db


def test_the_page_lists_every_dataset_with_its_downloads(client, data):
    response = client.get("/offene-daten/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de"' in html
    for dataset in DATASETS:
        assert f'id="{dataset.slug}"' in html
        assert dataset.title_de in html
        assert dataset.licence.url in html
        for fmt in dataset.formats:
            ending = {"csv": ".csv", "csv-excel": "-excel.csv", "json": ".json"}.get(
                fmt, ".geojson"
            )
            assert f'href="/offene-daten/{dataset.slug}{ending}"' in html
        # The fields in a table with caption and header cells.
        assert f"Felder eines Eintrags – {dataset.title_de}" in html
    assert "Praxisbeispiele als CSV" in html  # the link says what it downloads
    assert "<code>action_fields_name_de</code>" in html  # the CSV columns
    assert "<code>list[code]</code>" in html  # the types as the API page names them
    assert "<code>municipality | null</code>" in html
    assert 'href="/praxis/feed.atom"' in html
    assert 'href="/werkstaetten/kalender.ics"' in html
    assert 'href="/offene-daten/api/"' in html
    assert 'href="/offene-daten/katalog.ttl"' in html
    assert '<th class="kern-table__header" scope="col">' in html
    assert "<caption" in html
    # No dump yet: a note instead of a link, and no curator button for visitors.
    assert "quartiersnetz-offene-daten.zip" not in html
    assert "neu-erstellen" not in html
    # Record counts of the public records only.
    practices = re.search(r'id="practices".*?Einträge</dt><dd class="kern-body">(\d+)', html, re.S)
    assert practices
    assert practices.group(1) == "2"


def test_the_page_in_english(client, data):
    response = client.get("/en/offene-daten/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    for dataset in DATASETS:
        assert dataset.title_en in html
        assert escape(dataset.description_en) in html
    assert 'href="/en/offene-daten/api/"' in html
    assert "Stable number of the record" in html  # the fields' descriptions in English


def test_the_page_costs_the_same_queries_with_more_records(client, data):
    from quartiersnetz.practices.tests.factories import PracticeFactory

    cache.clear()
    with CaptureQueriesContext(connection) as before:
        client.get("/offene-daten/")
    PracticeFactory.create_batch(5)
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        client.get("/offene-daten/")
    assert len(after) == len(before)


def test_the_page_links_the_dump_with_its_size_once_built(client, data):
    dump.build_dump()
    html = client.get("/offene-daten/").content.decode()
    assert 'href="/offene-daten/quartiersnetz-offene-daten.zip"' in html
    assert "Gesamtpaket als ZIP (" in html


def test_the_dump_url_without_a_dump_says_it_is_being_built(client, db):
    response = client.get("/offene-daten/quartiersnetz-offene-daten.zip")
    assert response.status_code == 404
    assert "Gesamtpaket noch nicht bereit" in response.content.decode()


def test_the_dump_is_served_as_a_zip(client, data):
    dump.build_dump()
    response = client.get("/offene-daten/quartiersnetz-offene-daten.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="quartiersnetz-offene-daten.zip"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"PK")
    again = client.get(
        "/offene-daten/quartiersnetz-offene-daten.zip", HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


def test_rebuild_anonymous_goes_to_the_login(client, db):
    response = client.post("/offene-daten/neu-erstellen/")
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
    assert not dump.dump_path().exists()


def test_rebuild_member_is_forbidden(client, user):
    client.force_login(user)
    assert client.post("/offene-daten/neu-erstellen/").status_code == 403
    assert not dump.dump_path().exists()
    assert "neu-erstellen" not in client.get("/offene-daten/").content.decode()


def test_rebuild_curator_builds_the_dump_and_is_audited(client, curator, data):
    client.force_login(curator)
    page = client.get("/offene-daten/").content.decode()
    assert 'action="/offene-daten/neu-erstellen/"' in page
    assert client.get("/offene-daten/neu-erstellen/").status_code == 405
    response = client.post("/offene-daten/neu-erstellen/")
    assert response.status_code == 302
    assert response["Location"] == "/offene-daten/#gesamtpaket"
    # The tests' task backend runs the task at once.
    assert dump.dump_path().exists()
    entry = AuditEntry.objects.get(action="opendata.dump_requested")
    assert entry.user == curator
    assert entry.changes == {"enqueued": True}


def test_rebuild_on_the_database_queue_is_enqueued_once(client, curator, settings):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(curator)
    client.post("/offene-daten/neu-erstellen/")
    client.post("/offene-daten/neu-erstellen/")
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert [r.args_kwargs["args"] for r in waiting] == [[False]]
    assert not dump.dump_path().exists()
    assert Group.objects.get(name=CURATOR_GROUP).user_set.filter(pk=curator.pk).exists()
