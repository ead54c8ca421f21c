"""core.precompiled: a query compiled once, run with its one changing value."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from quartiersnetz.core.precompiled import Precompiled

pytestmark = pytest.mark.django_db


def test_runs_with_the_value_and_compiles_once(django_assert_num_queries):
    by_model = Precompiled(lambda value: ContentType.objects.filter(model=value), sentinel="\x00")
    group = ContentType.objects.get(app_label="auth", model="group")
    with django_assert_num_queries(2):
        assert [t.pk for t in by_model.run("group")] == [group.pk]
        assert by_model.run("kein-modell") == []
    assert by_model.run("permission")[0].app_label == "auth"


def test_refuses_a_query_without_the_value():
    fixed = Precompiled(lambda value: ContentType.objects.filter(model="group"), sentinel="\x00")
    with pytest.raises(ValueError, match="a parameter of the query"):
        fixed.run("group")


def test_puts_the_value_in_each_of_its_places():
    either = Precompiled(
        lambda value: ContentType.objects.filter(Q(model=value) | Q(app_label=value)),
        sentinel="\x00",
    )
    assert {t.model for t in either.run("auth")} >= {"group", "permission"}
    assert [t.model for t in either.run("group")] == ["group"]
