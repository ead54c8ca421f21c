"""The shared facet helpers (core/facets.py) on a model of Django's own, no domain app."""

from __future__ import annotations

import pickle
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission
from django.db.models import F, Value
from django.utils import translation
from django.utils.translation import gettext_lazy

from quartiersnetz.core.facets import (
    CountedPaginator,
    as_text,
    by_pk,
    choice_facet,
    facet_branch,
    grouped_counts,
    term_facet,
    union_counts,
)


def test_choice_facet_counts_and_selection():
    facet = choice_facet("art", "Art", [("a", "Eins"), ("b", "Zwei")], {"a": 3}, "b")
    assert [(v.value, v.label, v.count, v.selected) for v in facet.values] == [
        ("a", "Eins", 3, False),
        ("b", "Zwei", 0, True),
    ]
    assert facet.selected is facet.values[1]


def test_term_facet_counts_by_primary_key_and_selects_by_slug():
    terms = [SimpleNamespace(pk=1, slug="x", label="X"), SimpleNamespace(pk=2, slug="y", label="Y")]
    facet = term_facet("feld", "Feld", terms, {2: 5}, "x")
    assert [(v.value, v.count, v.selected) for v in facet.values] == [
        ("x", 0, True),
        ("y", 5, False),
    ]
    assert choice_facet("n", "N", [], {}, "").selected is None


@pytest.mark.django_db
def test_grouped_counts_and_union_counts(django_assert_num_queries):
    Group.objects.bulk_create([Group(name="a"), Group(name="b"), Group(name="c")])
    groups = Group.objects.filter(name__in=["a", "b", "c"])
    with django_assert_num_queries(1):
        assert grouped_counts(groups, "name") == {"a": 1, "b": 1, "c": 1}
    branches = [
        facet_branch(groups.filter(name__in=["a", "b"]), "n", as_text(F("name"))),
        facet_branch(groups, "all", Value("x")),
        facet_branch(groups.filter(name="a"), "pk", as_text(F("id"))),
    ]
    with django_assert_num_queries(1):
        counts = union_counts(branches)
    first = Group.objects.get(name="a").pk
    assert counts == {"n": {"a": 1, "b": 1}, "all": {"x": 3}, "pk": {str(first): 1}}
    assert by_pk(counts["pk"]) == {first: 1}


@pytest.mark.django_db
def test_counted_paginator_uses_the_given_count(django_assert_num_queries):
    paginator = CountedPaginator(Permission.objects.order_by("id"), 10, count=25)
    with django_assert_num_queries(0):
        assert paginator.count == 25
        assert paginator.num_pages == 3


def test_a_facet_keeps_the_label_of_the_active_language_as_plain_text():
    # Facets are cached per language: the label is text, so a cached facet unpickles
    # without rebuilding lazy translation proxies, and stays in the language it was made in.
    with translation.override("en"):
        facet = choice_facet("feld", gettext_lazy("Handlungsfeld"), [], {}, "")
    assert type(facet.label) is str
    assert facet.label == "Action field"
    with translation.override("de"):
        assert pickle.loads(pickle.dumps(facet)).label == "Action field"  # noqa: S301
