"""Worst-case timings (opt-in): SEARCH_BENCH=1 pytest quartiersnetz/search/tests/test_bench.py -s

15 000 records from a small vocabulary, so nearly every record matches every query.
"""

from __future__ import annotations

import os
import random
import time

import pytest
from django.db import connection

from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.search.backends import KINDS, get_backend
from quartiersnetz.search.query import parse_query

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("SEARCH_BENCH"), reason="opt-in: SEARCH_BENCH=1"),
]

WORDS = (  # noqa: SIM905 - a text is easier to edit than a list of 60 strings
    "Quartier Quartiersentwicklung Stadtteil Nachbarschaft Bürgerinnen Bürger Kulturort Dritter "
    "Ort Leerstand Innenstadt Zentrum Kleinstadt Zwischennutzung Ladenlokal Verein Stiftung "
    "Kommune Beteiligung Ko-Kreation Werkstatt Theater Sport Antwort Verantwortung Markt Platz "
    "Straße Garten Gemeinschaftsgarten Wohnen Arbeit Jugend Senioren Bildung Bibliothek Café "
    "Treffpunkt Mobilität Klima Energie Handel Immobilie und die der das mit für im in von zu "
    "auf ein eine wird werden hat sind auch als nicht sich"
).split()
QUERIES = ["Kulturort", "Bürgerin", "Dritte Orte", "Ort", "Gemeinschaftsgarten Jugend", "Xylophon"]


def _text(rnd: random.Random, k: int) -> str:
    return " ".join(rnd.choices(WORDS, k=k))


def test_worst_case_timings():
    rnd = random.Random(1)
    template = PracticeFactory(title="Vorlage", state=Practice.State.DRAFT)
    skip = {"id", "slug", "title", "summary", "description"}
    fields = {
        f.attname: getattr(template, f.attname)
        for f in Practice._meta.concrete_fields
        if f.attname not in skip
    }
    fields.update(state="published", published_at=template.created)
    started = time.perf_counter()
    Practice.objects.bulk_create(
        [
            Practice(
                **fields,
                slug=f"b-{i}",
                title=_text(rnd, 4),
                summary=_text(rnd, 25),
                description=_text(rnd, 200),
            )
            for i in range(10_000)
        ],
        batch_size=1000,
    )
    sector_id = OrganisationFactory().sector_id
    Actor.objects.bulk_create(
        [
            Actor(
                kind="organisation",
                name=_text(rnd, 3),
                slug=f"a-{i}",
                sector_id=sector_id,
                summary=_text(rnd, 20),
                description=_text(rnd, 100),
            )
            for i in range(5_000)
        ],
        batch_size=1000,
    )
    print(f"\n{connection.vendor}: 15 000 inserts with index {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    backend = get_backend()
    for query in QUERIES:
        terms = parse_query(query).terms
        for label, run in (
            ("counts", lambda t=terms: backend.counts(t)),
            ("page 1", lambda t=terms: backend.page(t, KINDS, 20, 0)),
            ("page 51", lambda t=terms: backend.page(t, KINDS, 20, 1000)),
        ):
            run()
            best = min(_timed(run) for _ in range(3))
            print(f"  {query!r} {label}: {best * 1000:.0f} ms")


def _timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started
