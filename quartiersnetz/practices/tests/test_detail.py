import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from quartiersnetz.core.testing import count_queries
from quartiersnetz.practices import similarity
from quartiersnetz.practices.models import Practice, PracticeImage
from quartiersnetz.practices.tests.factories import (
    PracticeActorFactory,
    PracticeFactory,
    PracticeRatingFactory,
)
from quartiersnetz.practices.tests.test_list import _bulk
from quartiersnetz.taxonomy.models import ActionField, Approach, Method, Sector

pytestmark = pytest.mark.django_db

UNPUBLISHED = ("draft", "submitted", "returned")


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "red").save(buffer, format="PNG")
    return SimpleUploadedFile("bild.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def practice():
    organisation = OrganisationFactory(name="Kulturverein Plagwitz")
    p = PracticeFactory(
        title="Bürgerbahnhof Plagwitz",
        organisation=organisation,
        description="**Ein Ort** für alle <script>alert(1)</script> [x](javascript:alert(1))",
        co_creation_level=Practice.CoCreationLevel.CO_PRODUCING,
        co_creation="Die Nachbarschaft plant mit.",
        organisational_structure="Ein Verein trägt den Betrieb.",
        financing="Mieten und Förderung.",
        cultural_strategy="Kunst im Güterschuppen.",
        self_sustaining_dynamics="Neue Initiativen gründen sich.",
        start_year=2015,
        end_year=2022,
        status=Practice.Status.COMPLETED,
        sources="Projektseite https://example.org/bahnhof\nGespräch mit dem Verein",
        innovation_score="4.3",
        transfer_score="3.0",
        action_fields=[ActionField.objects.get(slug="lebendige-quartiere")],
        approaches=[Approach.objects.get(slug="creative-places")],
    )
    p.methods.set([Method.objects.get(slug="living-lab")])
    PracticeActorFactory(
        practice=p,
        actor=OrganisationFactory(
            name="Stadt Leipzig", sector=Sector.objects.get(slug="gebietskoerperschaften")
        ),
        role="municipality",
    )
    PracticeActorFactory(
        practice=p, actor=OrganisationFactory(name="Verborgene Stiftung", is_hidden=True)
    )
    PracticeRatingFactory(practice=p, criterion="novelty", score=5, reason="Ganz neu gedacht.")
    PracticeRatingFactory(practice=p, criterion="relevance", score=3, reason="Gut übertragbar.")
    PracticeImage.objects.create(
        practice=p,
        image=_png(),
        alt_text="Der Güterschuppen mit Gästen",
        caption="Sommerfest 2021",
        credit="Verein Plagwitz",
    )
    return p


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def test_detail_shows_all_fields(client, practice):
    html = get(client, practice.get_absolute_url())
    for text in [
        "Bürgerbahnhof Plagwitz",
        "Ort",
        "Mixed-Use-Immobilie",
        "Herne (Nordrhein-Westfalen)",
        "Großstadt",
        "Nordrhein-Westfalen",
        "Quartiere",
        "Lebendige Quartiere",
        "Creative Places",
        "Living Lab",
        "abgeschlossen",
        "2015–2022",
        "<strong>Ein Ort</strong>",
        "Ko-Kreation und Ko-Produktion",
        "Ko-Produktion",
        "Die Nachbarschaft plant mit.",
        "Organisationsstruktur",
        "Finanzierung und Geschäftsmodell",
        "Kulturelle und künstlerische Strategien",
        "Eigendynamik",
        "Neue Initiativen gründen sich.",
        "Kulturverein Plagwitz",
        'alt="Der Güterschuppen mit Gästen"',
        "Sommerfest 2021",
        "Verein Plagwitz",
        'href="https://example.org/bahnhof"',
        "Gespräch mit dem Verein",
        "„Bürgerbahnhof Plagwitz“ von Kulturverein Plagwitz",
        'href="https://creativecommons.org/licenses/by/4.0/deed.de" rel="license">CC BY 4.0',
        "hohes Innovationspotenzial",
    ]:
        assert text in html, text
    assert "hohes Transferpotenzial" not in html
    assert "<script>alert(1)</script>" not in html
    assert 'href="javascript:' not in html
    assert "nur für Sie und die Kuration sichtbar" not in html


def test_involved_actors_with_roles_only_visible(client, practice):
    html = get(client, practice.get_absolute_url())
    stadt = practice.roles.get(actor__name="Stadt Leipzig").actor
    assert f'href="{stadt.get_absolute_url()}">Stadt Leipzig</a> – Kommune' in html
    assert "Verborgene Stiftung" not in html


def test_rating_profile_grouped_with_means(client, practice):
    html = get(client, practice.get_absolute_url())
    innovation = html.index("Innovationspotenzial – Mittelwert 4,3 von 5")
    transfer = html.index("Transferpotenzial – Mittelwert 3,0 von 5")
    assert innovation < html.index("Neuartigkeit des Ansatzes: 5 von 5") < transfer
    assert transfer < html.index("Relevanz über den Ort hinaus: 3 von 5")
    assert "Ganz neu gedacht." in html


def test_lineage_shows_published_only(client, practice):
    origin_draft = PracticeFactory(title="Unfertiger Ursprung", state="draft")
    adaptation = PracticeFactory(title="Bahnhof Kleinstadt", adapted_from=practice)
    PracticeFactory(title="Geheime Übertragung", adapted_from=practice, state="submitted")
    html = get(client, practice.get_absolute_url())
    assert f'href="{adaptation.get_absolute_url()}">Bahnhof Kleinstadt</a>' in html
    assert "Geheime Übertragung" not in html
    html = get(client, adaptation.get_absolute_url())
    assert "übertragen von" in html
    assert f'href="{practice.get_absolute_url()}">Bürgerbahnhof Plagwitz</a>' in html
    adaptation.adapted_from = origin_draft
    adaptation.save()
    html = get(client, adaptation.get_absolute_url())
    assert "Unfertiger Ursprung" not in html


def test_similar_practices_rendered_and_unpublished_dropped(client, practice, monkeypatch):
    other = PracticeFactory(title="Ähnlicher Bahnhof", summary="Auch ein alter Bahnhof.")
    secret = PracticeFactory(title="Geheimer Bahnhof", state="draft")
    monkeypatch.setattr(similarity, "similar_practices", lambda p, **kw: [other, secret])
    html = get(client, practice.get_absolute_url())
    assert "Ähnliche Praxisbeispiele" in html
    assert f'href="{other.get_absolute_url()}">Ähnlicher Bahnhof</a>' in html
    assert "Auch ein alter Bahnhof." in html
    assert "Geheimer Bahnhof" not in html


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_unpublished_is_404_for_anonymous_and_unrelated(client, state):
    p = PracticeFactory(state=state)
    get(client, p.get_absolute_url(), status=404)
    client.force_login(UserFactory())
    get(client, p.get_absolute_url(), status=404)
    get(client, "/en" + p.get_absolute_url(), status=404)


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_unpublished_shows_for_members_of_the_organisation(client, state):
    p = PracticeFactory(state=state)
    member = MembershipFactory(organisation=p.organisation).user
    client.force_login(member)
    html = get(client, p.get_absolute_url())
    assert "nur für Sie und die Kuration sichtbar" in html
    assert str(Practice.State(state).label) in html


def test_unpublished_shows_for_the_expert_behind_a_profile(client):
    person = PersonFactory()
    p = PracticeFactory(state="draft", organisation=person)
    client.force_login(person.user)
    assert "nur für Sie und die Kuration sichtbar" in get(client, p.get_absolute_url())


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_unpublished_shows_for_curators(client, curator, state):
    p = PracticeFactory(state=state)
    client.force_login(curator)
    assert "nur für Sie und die Kuration sichtbar" in get(client, p.get_absolute_url())


def test_unknown_slug_is_404(client):
    get(client, "/praxis/gibt-es-nicht/", status=404)


def test_action_links_follow_permissions(client, curator, practice):
    url = practice.get_absolute_url()
    html = get(client, url)
    for target in ("bearbeiten/", "versionen/", "pruefen/", "bewerten/"):
        assert f"{url}{target}" not in html
    member = MembershipFactory(organisation=practice.organisation).user
    client.force_login(member)
    html = get(client, url)
    assert f'href="{url}bearbeiten/"' in html
    assert f'href="{url}versionen/"' in html
    assert f'href="{url}bewerten/"' not in html
    client.force_login(curator)
    html = get(client, url)
    assert f'href="{url}bewerten/"' in html
    assert f'href="{url}pruefen/"' not in html  # only submitted records are reviewed
    submitted = PracticeFactory(state="submitted")
    surl = submitted.get_absolute_url()
    html = get(client, surl)
    assert f'href="{surl}pruefen/"' in html


def test_english_url(client, practice):
    html = get(client, "/en" + practice.get_absolute_url())
    assert "Bürgerbahnhof Plagwitz" in html
    assert "Lively neighbourhoods" in html


def test_query_count_is_constant_at_10_and_1000(client, practice, monkeypatch):
    # The similarity engine is measured in its own tests; here only the page's own reads.
    monkeypatch.setattr(similarity, "similar_practices", lambda p, **kw: [])
    url = practice.get_absolute_url()
    _bulk(10)
    Practice.objects.filter(title__startswith="Massenbeispiel").update(adapted_from=practice)
    small = count_queries(client, url)
    _bulk(990, offset=10)
    Practice.objects.filter(title__startswith="Massenbeispiel").update(adapted_from=practice)
    large = count_queries(client, url)
    assert small == large
    assert large <= 15


def test_json_ld_for_published_practices(client, practice, curator):
    import json
    import re

    practice.title = "Bahnhof </script><script>alert(1)</script>"
    practice.save()
    html = get(client, practice.get_absolute_url())
    assert "</script><script>alert(1)" not in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    assert data["name"] == practice.title
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/deed.de"
    assert data["author"]["name"] == "Kulturverein Plagwitz"
    assert data["spatialCoverage"]["name"] == "Herne (Nordrhein-Westfalen)"
    draft = PracticeFactory(state="draft")
    client.force_login(curator)
    assert "application/ld+json" not in get(client, draft.get_absolute_url())


def test_warm_page_is_served_from_the_cached_fragment(client, practice, monkeypatch):
    url = practice.get_absolute_url()
    first = get(client, url)

    def fail(*args, **kwargs):
        raise AssertionError("the cached page recomputed its relations")

    monkeypatch.setattr("quartiersnetz.practices.selectors.practice_relations", fail)
    monkeypatch.setattr(similarity, "similar_practices", fail)
    with CaptureQueriesContext(connection) as ctx:
        again = get(client, url)
    assert again == first
    # The practice itself and the data version.
    assert len(ctx.captured_queries) == 2


def test_cached_page_follows_hidden_actors_and_adaptations(client, practice, curator):
    # The sections other apps contribute have their own tests there (e.g. publications'
    # test_practice_section: a newly linked recommendation appears on the cached page).
    from quartiersnetz.actors.services import actor_set_hidden

    url = practice.get_absolute_url()
    assert "Stadt Leipzig" in get(client, url)
    stadt = practice.roles.get(actor__name="Stadt Leipzig").actor
    actor_set_hidden(actor=stadt, user=curator, hidden=True, reason="Test")
    assert "Stadt Leipzig" not in get(client, url)

    PracticeFactory(title="Bahnhof Kleinstadt", adapted_from=practice)
    assert "Bahnhof Kleinstadt" in get(client, url)
