"""The page /suche/ (German) and /en/suche/ (English)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.publications.tests.factories import PublicationFactory
from quartiersnetz.search.views import PER_PAGE

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_empty_query_shows_the_form_and_runs_no_search(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        page = html(client.get("/suche/"))
    assert '<label class="kern-label" for="id_q">Suchbegriff</label>' in page
    assert 'role="search"' in page
    assert "Treffer" not in page


def test_results_with_kind_badges_links_counts_and_marks(client):
    PracticeFactory(title="Ein Dritter Ort in Herne", slug="dritter-ort-herne")
    OrganisationFactory(name="Netzwerk Dritte Orte", slug="netzwerk-dritte-orte")
    PublicationFactory(title="Impuls: Dritte Orte stärken", slug="impuls-dritte-orte")
    page = html(client.get("/suche/", {"q": "dritte orte"}))
    assert "3 Treffer für „dritte orte“" in page
    assert 'href="/praxis/dritter-ort-herne/">Ein <mark>Dritter</mark> <mark>Ort</mark>' in page
    assert 'href="/mitwirkende/netzwerk-dritte-orte/"' in page
    assert 'href="/impulse/impuls-dritte-orte/"' in page
    assert "Praxisbeispiel</span>" in page
    assert "Organisation</span>" in page
    assert "Impulsbeitrag</span>" in page
    assert (
        'href="?q=dritte+orte&amp;art=praxis">Praxisbeispiele <span class="facet__count">(1)'
        in (page)
    )


def test_kind_filter_keeps_all_counts(client):
    PracticeFactory(title="Leerstand beleben")
    OrganisationFactory(name="Leerstandsagentur")
    page = html(client.get("/suche/", {"q": "Leerstand", "art": "mitwirkende"}))
    assert "1 Treffer" in page
    assert "<mark>Leerstandsagentur</mark>" in page
    assert "<mark>Leerstand</mark> beleben" not in page
    assert 'aria-current="true"><strong>Mitwirkende</strong>' in page
    assert "Praxisbeispiele <span" in page
    assert '<span class="facet__count">(2)</span>' in page  # "Alle"


def test_unknown_kind_is_ignored(client):
    PracticeFactory(title="Leerstand beleben")
    page = html(client.get("/suche/", {"q": "Leerstand", "art": "<b>"}))
    assert "<mark>Leerstand</mark> beleben" in page


def test_script_in_records_and_query_is_escaped(client):
    PracticeFactory(
        title="<script>alert(1)</script> Kulturort",
        summary="Ein <script>alert(2)</script> Kulturort mit <b>Programm</b>.",
    )
    page = html(client.get("/suche/", {"q": "Kulturort <script>"}))
    assert "<script>alert" not in page
    assert (
        "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; <mark>Kulturort</mark>"
        in page
    )
    assert "&lt;b&gt;Programm&lt;/b&gt;" in page
    assert "„Kulturort &lt;script&gt;“" in page


def test_no_results(client):
    page = html(client.get("/suche/", {"q": "Xylophonwerkstatt"}))
    assert "0 Treffer" in page
    assert "Keine Treffer." in page


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("x" * 201, "höchstens 200 Zeichen"),
        ("a", "Der Suchbegriff ist zu kurz"),
        ("und die", "nur sehr häufige Wörter"),
    ],
)
def test_invalid_queries_get_a_german_message(client, q, message, django_assert_num_queries):
    with django_assert_num_queries(0):
        page = html(client.get("/suche/", {"q": q}))
    assert message in page
    assert 'aria-invalid="true"' in page
    assert "Treffer für" not in page


def test_english_url(client):
    PracticeFactory(title="Quartiersentwicklung in Herne", slug="qe-herne")
    page = html(client.get("/en/suche/", {"q": "Quartier"}))
    assert 'lang="en"' in page
    assert 'href="/en/praxis/qe-herne/"' in page


def test_pagination_keeps_query_and_kind(client):
    for n in range(PER_PAGE + 3):
        PracticeFactory(title=f"Quartiersgarten {n:02d}")
    first = html(client.get("/suche/", {"q": "Quartiersgarten", "art": "praxis"}))
    assert f"{PER_PAGE + 3} Treffer" in first
    assert 'href="?q=Quartiersgarten&amp;art=praxis&amp;seite=2"' in first
    second = html(client.get("/suche/", {"q": "Quartiersgarten", "art": "praxis", "seite": "2"}))
    assert second.count('<li class="kern-card">') == 3
    assert 'start="21"' in second
    beyond = html(client.get("/suche/", {"q": "Quartiersgarten", "seite": "99"}))
    assert beyond.count('<li class="kern-card">') == 3


def _bulk_practices(n: int) -> None:
    template = PracticeFactory(title="Vorlage", state=Practice.State.DRAFT)
    fields = {
        f.attname: getattr(template, f.attname)
        for f in Practice._meta.concrete_fields
        if f.attname not in {"id", "slug", "title", "summary"}
    }
    fields["state"] = Practice.State.PUBLISHED
    fields["published_at"] = template.created
    Practice.objects.bulk_create(
        [
            Practice(
                **fields,
                slug=f"gross-{i}",
                title=f"Kulturort Nummer {i}",
                summary="Ein Treffpunkt für Bürgerinnen und Bürger im Quartier.",
            )
            for i in range(n)
        ],
        batch_size=500,
    )


@pytest.mark.parametrize("n", [10, 1000])
def test_query_count_is_constant(client, n, django_assert_num_queries):
    _bulk_practices(n)
    # one for the data version, one for the counts per kind, one for the page
    with django_assert_num_queries(3):
        page = html(client.get("/suche/", {"q": "Bürgerin Kulturort"}))
    assert f"{n} Treffer" in page
    with CaptureQueriesContext(connection) as ctx:
        html(client.get("/suche/", {"q": "Quartier", "art": "praxis", "seite": "2"}))
    assert len(ctx.captured_queries) == 3
    # Repeated: the results come from the cache, keyed by the data version.
    with django_assert_num_queries(1):
        again = html(client.get("/suche/", {"q": "Bürgerin Kulturort"}))
    assert again == page


def test_cached_results_follow_every_change(client):
    from quartiersnetz.practices.models import Practice
    from quartiersnetz.practices.tests.factories import PracticeFactory

    practice = PracticeFactory(title="Kulturbahnhof am Kanal")
    assert "am Kanal" in html(client.get("/suche/", {"q": "Kulturbahnhof"}))
    Practice.objects.filter(pk=practice.pk).update(title="Kulturspeicher am Kanal")
    practice.refresh_from_db()
    practice.save()  # bumps `updated`
    page = html(client.get("/suche/", {"q": "Kulturbahnhof"}))
    assert "am Kanal" not in page
    assert "am Kanal" in html(client.get("/suche/", {"q": "Kulturspeicher"}))
    practice.state = Practice.State.DRAFT
    practice.save()
    assert "am Kanal" not in html(client.get("/suche/", {"q": "Kulturspeicher"}))


def test_only_get_and_head(client):
    assert client.post("/suche/", {"q": "x"}).status_code == 405


@pytest.mark.django_db
def test_when_no_record_has_every_word_records_with_most_words_come_first(client):
    from quartiersnetz.practices.tests.factories import PracticeFactory

    PracticeFactory(
        title="Leerstand in der Altstadt", slug="altstadt", summary="Ein Laden wird Treffpunkt."
    )
    PracticeFactory(
        title="Leerstand und Fußgängerzone",
        slug="beides",
        summary="Leerstand in der Fußgängerzone, Leerstand am Markt.",
    )
    PracticeFactory(title="Fußgängerzone neu gedacht", slug="zone", summary="Bänke und Bäume.")
    html = client.get("/suche/?q=Leerstand+Fußgängerzone+Bahnhofsviertel&art=praxis").content
    html = html.decode()
    assert 'id="any-word-note"' in html
    first = html.index('href="/praxis/beides/"')
    assert first < html.index('href="/praxis/altstadt/"')
    assert first < html.index('href="/praxis/zone/"')
    # With a record that has every word, only such records are shown, without the note.
    html = client.get("/suche/?q=Leerstand+Fußgängerzone&art=praxis").content.decode()
    assert 'id="any-word-note"' not in html
    assert 'href="/praxis/beides/"' in html
    assert 'href="/praxis/altstadt/"' not in html


def test_did_you_mean_offers_the_corrected_query(client, django_assert_max_num_queries):
    """Issue 12: a misspelt word gets "Meinten Sie …?" with a link running the corrected query
    (the vocabulary: titles and term names, built once per data version, one query)."""
    PracticeFactory(title="Leerstand in der Fußgängerzone beleben")
    PracticeFactory(title="Quartiersmanagement Nord")
    # Some words found (any-word fallback): the link to the corrected query.
    with django_assert_max_num_queries(8):
        page = html(client.get("/suche/", {"q": "Quartiersmanagment Leerstand", "art": "praxis"}))
    assert 'id="suggestion"' in page
    assert "Meinten Sie:" in page
    assert "?q=Quartiersmanagement+Leerstand&amp;art=praxis" in page
    # Correctly spelt: no suggestion.
    assert 'id="suggestion"' not in html(client.get("/suche/", {"q": "Leerstand"}))
    # Nothing close: none either.
    assert 'id="suggestion"' not in html(client.get("/suche/", {"q": "Xylophon"}))


def test_without_any_hit_the_corrected_query_is_searched(client):
    PracticeFactory(title="Leerstand in der Fußgängerzone beleben")
    page = html(client.get("/suche/", {"q": "Leerstnd"}))
    assert 'id="corrected-note"' in page
    assert "Keine Treffer für „Leerstnd“. Ergebnisse für „Leerstand“:" in page
    assert "<mark>Leerstand</mark> in der Fußgängerzone beleben" in page
    assert "1 Treffer für „Leerstand“" in page
    assert 'id="suggestion"' not in page


def test_did_you_mean_in_english(client):
    PracticeFactory(title="Leerstand in der Fußgängerzone beleben")
    PracticeFactory(title="Quartiersmanagement Nord")
    page = html(client.get("/en/suche/", {"q": "Quartiersmanagment Leerstand"}))
    assert "Did you mean:" in page
    page = html(client.get("/en/suche/", {"q": "Leerstnd"}))
    assert "No results for “Leerstnd”. Results for “Leerstand”:" in page
