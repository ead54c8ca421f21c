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


def test_precompiled_list_counts_and_pages_like_the_paginator():
    from django.core.paginator import Paginator

    from quartiersnetz.core.precompiled import PrecompiledList

    def of_app(label):
        return ContentType.objects.filter(app_label=label).order_by("model", "pk")

    listing = PrecompiledList(of_app, compiled_pages=1, sentinel="\x00")
    expected = Paginator(of_app("auth"), 2)
    for number in ("1", "2", "3", "999", "kaputt"):
        page = listing.page("auth", number, 2)
        want = expected.get_page(number)
        assert page.paginator.count == expected.count
        assert page.number == want.number
        assert [t.pk for t in page.object_list] == [t.pk for t in want.object_list]
    empty = listing.page("keine-app", "1", 2)
    assert (empty.paginator.count, list(empty.object_list)) == (0, [])
