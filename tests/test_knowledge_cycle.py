"""The knowledge cycle is walkable both ways (issue 12): on the demo data, whenever the page of
a Werkstatt, Praxisbeispiel, Vorhaben, Veröffentlichung (with its Handlungsempfehlungen) or
Mitwirkende links the page of a record of another of these kinds, that page links back.

Suggestions ("Passende Partner …") and the network's connections are not part of the cycle:
they are recommendations, one-way by nature, and are left out of the walk."""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command

from quartiersnetz.actors.models import Actor
from quartiersnetz.events.models import Event
from quartiersnetz.practices.models import Practice
from quartiersnetz.projects.models import Project
from quartiersnetz.publications.models import Publication

pytestmark = pytest.mark.django_db

KINDS = {
    "actor": re.compile(r"^/mitwirkende/([-\w]+)/$"),
    "practice": re.compile(r"^/praxis/([-\w]+)/$"),
    "event": re.compile(r"^/werkstaetten/([-\w]+)/$"),
    "project": re.compile(r"^/vorhaben/([-\w]+)/$"),
    "publication": re.compile(r"^/impulse/([-\w]+)/$"),
}
# Sections that recommend rather than relate (labelled by these heading ids).
ONE_WAY_SECTIONS = {
    "h-partner-suggestions",
    "h-project-partners",
    "h-alliance-partners",
    "h-connections",
}


class Links(HTMLParser):
    """The links inside <main>, without those in one-way sections."""

    def __init__(self) -> None:
        super().__init__()
        self.links: set[str] = set()
        self.in_main = 0
        self.sections: list[bool] = []  # one entry per open <section>: is it one-way?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "main":
            self.in_main += 1
        elif tag == "section":
            self.sections.append(values.get("aria-labelledby") in ONE_WAY_SECTIONS)
        elif tag == "a" and self.in_main and not any(self.sections):
            href = (values.get("href") or "").split("#")[0].split("?")[0]
            if href:
                self.links.add(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main -= 1
        elif tag == "section" and self.sections:
            self.sections.pop()


def kind_of(path: str) -> str | None:
    for kind, pattern in KINDS.items():
        if pattern.match(path):
            return kind
    return None


def test_every_link_between_records_of_the_cycle_has_its_way_back(client):
    call_command("demo_data", stdout=StringIO())
    pages = [
        *(a.get_absolute_url() for a in Actor.objects.visible()),
        *(p.get_absolute_url() for p in Practice.objects.published()),
        *(e.get_absolute_url() for e in Event.objects.published()),
        *(p.get_absolute_url() for p in Project.objects.public()),
        *(p.get_absolute_url() for p in Publication.objects.published()),
    ]
    links: dict[str, set[str]] = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        parser = Links()
        parser.feed(response.content.decode())
        links[page] = {href for href in parser.links if kind_of(href)}

    pairs: dict[tuple[str, str], int] = defaultdict(int)
    one_way = []
    for page, targets in links.items():
        for target in targets:
            if kind_of(target) == kind_of(page) or target not in links:
                continue  # same kind (similar records, suggestions) or not a public record
            pairs[tuple(sorted((kind_of(page), kind_of(target))))] += 1  # type: ignore[arg-type]
            if page not in links[target]:
                one_way.append(f"{page} → {target}")
    assert not one_way, f"{len(one_way)} one-way links, e.g.:\n" + "\n".join(one_way[:25])
    # The demo walks every step of the cycle.
    for step in [
        ("event", "practice"),
        ("practice", "publication"),
        ("event", "publication"),
        ("event", "project"),
        ("practice", "project"),
        ("actor", "practice"),
        ("actor", "project"),
        ("actor", "event"),
        ("actor", "publication"),
    ]:
        assert pairs[step], f"no link between {step[0]} and {step[1]} pages in the demo"
