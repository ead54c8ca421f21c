"""The recomputation task: idempotent, skipped when nothing changed; the command; the
subscriptions to the lower apps' announcements."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.core import changes
from quartiersnetz.network import tasks
from quartiersnetz.network.models import Edge, NetworkSnapshot
from quartiersnetz.practices.tests.factories import PracticeActorFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def shared_practice():
    practice = PracticeFactory()
    a, b = OrganisationFactory(), OrganisationFactory()
    PracticeActorFactory(practice=practice, actor=a)
    PracticeActorFactory(practice=practice, actor=b)
    return a, b


def test_recompute_runs_once_then_skips_until_the_inputs_change():
    shared_practice()
    first = tasks.recompute_network.call()
    assert (first["skipped"], first["edges"]) == (False, 1)
    assert NetworkSnapshot.objects.get(kind=NetworkSnapshot.Kind.CURRENT).input_version
    assert tasks.recompute_network.call() == {"skipped": True}

    shared_practice()
    again = tasks.recompute_network.call()
    assert (again["skipped"], again["edges"]) == (False, 2)
    assert tasks.recompute_network.call(force=True)["skipped"] is False


def test_a_quiet_month_still_gets_its_monthly_snapshot():
    import datetime as dt
    from unittest import mock

    shared_practice()
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 11, 20)):
        tasks.recompute_network.call()
    monthly = NetworkSnapshot.objects.filter(kind=NetworkSnapshot.Kind.MONTHLY)
    assert list(monthly.values_list("month", flat=True)) == [dt.date(2026, 11, 1)]
    # Nothing changes in December; the daily run skips the work but keeps the month.
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 12, 1)):
        assert tasks.recompute_network.call() == {"skipped": True}
        assert tasks.recompute_network.call() == {"skipped": True}
    assert list(monthly.order_by("month").values_list("month", flat=True)) == [
        dt.date(2026, 11, 1),
        dt.date(2026, 12, 1),
    ]
    november, december = monthly.order_by("month")
    assert december.data == november.data


def test_the_command_recomputes_synchronously(capsys):
    shared_practice()
    call_command("recompute_network")
    assert Edge.objects.count() == 1
    assert "1 edges" in capsys.readouterr().out
    call_command("recompute_network", "--if-changed")
    assert "unchanged" in capsys.readouterr().out


@pytest.mark.parametrize("topic", tasks.TOPICS)
def test_the_network_listens_to_every_input_topic(topic):
    assert tasks.schedule_recompute in changes.subscribers(topic)


def test_an_announcement_recomputes_after_commit(django_capture_on_commit_callbacks):
    shared_practice()
    with django_capture_on_commit_callbacks(execute=True):
        changes.announce("practices")
    assert Edge.objects.count() == 1
