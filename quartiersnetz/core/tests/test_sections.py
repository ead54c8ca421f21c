"""Page sections contributed by higher apps (quartiersnetz/core/sections.py), with Django's own
models; the apps' real sections and their cache versions: tests/test_page_sections.py."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template

from quartiersnetz.core import sections
from quartiersnetz.core.models import TableVersion

PAGE = "tests.page"

# What a page of a lower app does with its sections (see practice_detail.html).
PAGE_TEMPLATE = (
    "{% if cached %}cached{% else %}{% for section in sections %}"
    "{% include section.template with items=section.items object=obj %}"
    "{% endfor %}{% endif %}"
)


def _first_two_types() -> list[str]:
    return list(
        ContentType.objects.order_by("app_label", "model").values_list("model", flat=True)[:2]
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
    _register("late", order=2, models=(Group, Permission))
    _register("early", order=1, models=(ContentType, Permission))
    assert sections.section_models(PAGE, TableVersion) == (
        TableVersion,
        ContentType,
        Permission,
        Group,
    )
    assert sections.section_models(PAGE, Permission) == (Permission, ContentType, Group)
    assert sections.section_models("tests.no-such-page", Group) == (Group,)


@pytest.mark.django_db
def test_items_are_read_only_when_the_section_is_rendered(django_assert_num_queries):
    calls = []

    def items(obj):
        calls.append(obj)
        return list(
            ContentType.objects.order_by("app_label", "model").values_list("model", flat=True)[:2]
        )

    section_template = Template(
        "[{{ object }}:{% if items %}{% for i in items %}{{ i }};{% endfor %}{% endif %}]"
    )
    _register("types", order=2, items=items, template=section_template)
    _register("empty", order=1, template=Template("[{{ object }}:{{ items|length }}]"))
    with django_assert_num_queries(0):
        bound = sections.bound_sections(PAGE, "obj")
        assert [s.name for s in bound] == ["empty", "types"]
        cached = Template(PAGE_TEMPLATE).render(
            Context({"cached": True, "sections": bound, "obj": "obj"})
        )
    assert cached == "cached"
    assert calls == []
    with django_assert_num_queries(1):
        html = Template(PAGE_TEMPLATE).render(
            Context({"cached": False, "sections": bound, "obj": "obj"})
        )
    names = list(
        ContentType.objects.order_by("app_label", "model").values_list("model", flat=True)[:2]
    )
    assert html == f"[obj:0][obj:{names[0]};{names[1]};]"
    assert calls == ["obj"]  # read once, though the template used the items twice
