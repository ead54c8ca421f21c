"""Page sections contributed by higher apps (quartiersnetz/core/sections.py)."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.core import sections
from quartiersnetz.core.models import TableVersion
from quartiersnetz.core.versions import data_version
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.taxonomy.models import ActionField, Approach, Sector

PAGE = "tests.page"

# What a page of a lower app does with its sections (see practice_detail.html).
PAGE_TEMPLATE = (
    "{% if cached %}cached{% else %}{% for section in sections %}"
    "{% include section.template with items=section.items object=obj %}"
    "{% endfor %}{% endif %}"
)


@pytest.fixture(autouse=True)
def _clean_page():
    yield
    for section in sections.page_sections(PAGE):
        sections.unregister(PAGE, section.name)


def _register(name, *, order=0, models=(), items=lambda obj: [], template="t.html"):
    return sections.register(
        PAGE, name=name, template=template, items=items, models=models, order=order
    )


def test_sections_are_listed_by_order_then_name():
    _register("c", order=20)
    _register("b", order=10)
    _register("a", order=20)
    assert [s.name for s in sections.page_sections(PAGE)] == ["b", "a", "c"]
    assert sections.page_sections("tests.no-such-page") == []


def test_registering_a_name_again_replaces_the_section():
    _register("events", order=10, template="old.html")
    new = _register("events", order=5, template="new.html")
    assert sections.page_sections(PAGE) == [new]
    sections.unregister(PAGE, "events")
    sections.unregister(PAGE, "events")  # gone already: no error
    assert sections.page_sections(PAGE) == []


def test_section_models_follow_own_models_then_sections_each_once():
    _register("late", order=2, models=(Sector, ActionField))
    _register("early", order=1, models=(Approach, ActionField))
    assert sections.section_models(PAGE, TableVersion) == (
        TableVersion,
        Approach,
        ActionField,
        Sector,
    )
    assert sections.section_models(PAGE, ActionField) == (ActionField, Approach, Sector)
    assert sections.section_models("tests.no-such-page", Sector) == (Sector,)


@pytest.mark.django_db
def test_combined_version_is_one_query_and_follows_every_sections_table(
    django_assert_num_queries,
):
    practice = PracticeFactory()
    _register("a", models=(Actor,))
    _register("b", models=(Practice,))
    models = sections.section_models(PAGE, Sector)
    with django_assert_num_queries(1):
        seen = {data_version(*models)}
    OrganisationFactory()
    seen.add(data_version(*models))
    Practice.objects.filter(pk=practice.pk).update(title="Geändert")
    seen.add(data_version(*models))
    assert len(seen) == 3


@pytest.mark.django_db
def test_items_are_read_only_when_the_section_is_rendered(django_assert_num_queries):
    calls = []

    def items(obj):
        calls.append(obj)
        return list(Sector.objects.order_by("name").values_list("name", flat=True)[:2])

    section_template = Template(
        "[{{ object }}:{% if items %}{% for i in items %}{{ i }};{% endfor %}{% endif %}]"
    )
    _register("sectors", order=2, items=items, template=section_template)
    _register("empty", order=1, template=Template("[{{ object }}:{{ items|length }}]"))
    with django_assert_num_queries(0):
        bound = sections.bound_sections(PAGE, "obj")
        assert [s.name for s in bound] == ["empty", "sectors"]
        cached = Template(PAGE_TEMPLATE).render(
            Context({"cached": True, "sections": bound, "obj": "obj"})
        )
    assert cached == "cached"
    assert calls == []
    with django_assert_num_queries(1):
        html = Template(PAGE_TEMPLATE).render(
            Context({"cached": False, "sections": bound, "obj": "obj"})
        )
    names = list(Sector.objects.order_by("name").values_list("name", flat=True)[:2])
    assert html == f"[obj:0][obj:{names[0]};{names[1]};]"
    assert calls == ["obj"]  # read once, though the template used the items twice


def test_the_apps_register_their_sections_of_the_practice_page_and_the_profile():
    assert [s.name for s in sections.page_sections("practices.detail")] == [
        "recommendations",
        "events",
        "learnings",
    ]
    assert [s.name for s in sections.page_sections("actors.profile")] == ["events"]
