"""The dump: every dataset in CSV, JSON (and GeoJSON), each file valid against its schema,
README and licence notes, nothing hidden; the nightly schedule."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.utils import timezone
from jsonschema import Draft202012Validator

from quartiersnetz.opendata import dump, tasks
from quartiersnetz.opendata.datasets import DATASETS

from .conftest import assert_no_secret

pytestmark = pytest.mark.django_db


def _read(archive, name):
    return archive.read(name).decode("utf-8")


def test_the_dump_holds_every_dataset_valid_against_its_schemas(data):
    counts = dump.build_dump(batch_size=2)  # several batches per dataset
    with zipfile.ZipFile(dump.dump_path()) as archive:
        names = set(archive.namelist())
        assert {"README.md", "LIZENZ.md"} <= names
        for dataset in DATASETS:
            records = json.loads(_read(archive, f"{dataset.slug}.json"))
            assert len(records) == counts[dataset.slug]
            schema = json.loads(_read(archive, f"schemas/{dataset.slug}.schema.json"))
            Draft202012Validator.check_schema(schema)
            Draft202012Validator(schema).validate(records)

            rows = list(csv.DictReader(io.StringIO(_read(archive, f"{dataset.slug}.csv"))))
            assert len(rows) == len(records)
            row_schema = Draft202012Validator(
                json.loads(_read(archive, f"schemas/{dataset.slug}.csv.schema.json"))
            )
            for row in rows:
                row_schema.validate(row)

            if dataset.geo:
                geo = json.loads(_read(archive, f"{dataset.slug}.geojson"))
                geo_schema = json.loads(
                    _read(archive, f"schemas/{dataset.slug}.geojson.schema.json")
                )
                Draft202012Validator(geo_schema).validate(geo)
                assert geo["features"]
            else:
                assert f"{dataset.slug}.geojson" not in names
        readme = _read(archive, "README.md")
        assert "## Deutsch" in readme
        assert "## English" in readme
        assert " | " in readme
        licences = _read(archive, "LIZENZ.md")
        assert "https://creativecommons.org/licenses/by/4.0/" in licences
        assert "dl-de/by-2-0" in licences
        for name in names:
            assert_no_secret(_read(archive, name))
    assert counts["practices"] == 2
    assert counts["taxonomy"] > 10


def test_the_dump_equals_the_downloads(client, data):
    dump.build_dump()
    with zipfile.ZipFile(dump.dump_path()) as archive:
        for slug in ("practices", "events"):
            download = b"".join(client.get(f"/offene-daten/{slug}.json").streaming_content)
            # The records' links: the site's address in the dump, the request's in a download.
            assert json.loads(
                archive.read(f"{slug}.json")
                .decode()
                .replace("http://127.0.0.1:8000", "http://testserver")
            ) == json.loads(download)


def test_a_failed_build_keeps_the_previous_dump(data, monkeypatch):
    dump.build_dump()
    before = dump.dump_path().read_bytes()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(dump, "write_dataset", broken)
    with pytest.raises(RuntimeError):
        dump.build_dump()
    assert dump.dump_path().read_bytes() == before
    assert [p.name for p in dump.dump_dir().iterdir()] == [dump.FILE_NAME]


def test_the_nightly_build_schedules_its_next_run_once(settings, capsys):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    dump.dump_dir().mkdir(parents=True)
    dump.dump_path().write_bytes(b"")  # a dump exists: only the nightly build is planned
    call_command("schedule_opendata_dump")
    call_command("schedule_opendata_dump")
    out = capsys.readouterr().out
    assert out.count("scheduled") == 1
    assert out.count("already waiting") == 1
    waiting = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert waiting.args_kwargs["args"] == [True]
    due = timezone.localtime(waiting.run_after)
    assert due > timezone.now()
    assert due.hour == settings.OPENDATA_DUMP_HOUR
    # The nightly run builds the dump and schedules only while none is waiting.
    tasks.build_opendata_dump.call(True)
    assert dump.dump_path().exists()
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


def test_without_a_dump_the_schedule_command_asks_for_a_first_build(settings, capsys):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("schedule_opendata_dump")
    call_command("schedule_opendata_dump")
    assert "first build enqueued" in capsys.readouterr().out
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert sorted(r.args_kwargs["args"][0] for r in waiting) == [False, True]


def test_next_run_is_the_coming_night():
    now = timezone.make_aware(timezone.datetime(2026, 12, 5, 2, 30))
    assert tasks.next_run(now).hour == 3
    assert tasks.next_run(now).day == 5
    later = timezone.make_aware(timezone.datetime(2026, 12, 5, 3, 0))
    assert tasks.next_run(later).day == 6


def test_the_build_command_writes_the_dump(data):
    call_command("build_opendata_dump", verbosity=0)
    assert zipfile.is_zipfile(dump.dump_path())
