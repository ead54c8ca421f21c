"""core/picker.py: the query and the posted ids are parsed defensively."""

from __future__ import annotations

from django.http import QueryDict

from quartiersnetz.core.picker import PickerItem, picked_ids, picker_query, without_linked


def test_picker_query_is_trimmed_bounded_and_needs_two_characters():
    assert picker_query(QueryDict("praxis=%20%20Stadt%20%20teil%20"), "praxis") == "Stadt teil"
    assert picker_query(QueryDict("praxis=a"), "praxis") == ""
    assert picker_query(QueryDict("andere=Stadt"), "praxis") == ""
    assert len(picker_query(QueryDict("praxis=" + "x" * 500), "praxis")) == 100


def test_picked_ids_joins_keep_and_pick_once_and_ignores_junk():
    data = QueryDict("keep=3&keep=1&pick=1&pick=7&pick=x&pick=-2&keep=")
    assert picked_ids(data) == [3, 1, 7]


def test_without_linked_drops_linked_and_caps_the_list():
    linked = [PickerItem(pk=1, label="a")]
    found = [PickerItem(pk=i, label=str(i)) for i in range(30)]
    result = without_linked(found, linked)
    assert [i.pk for i in result] == [0, *range(2, 11)]
