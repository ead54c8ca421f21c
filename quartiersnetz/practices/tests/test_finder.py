from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.places.models import Municipality, SizeClass
from quartiersnetz.practices import similarity
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.taxonomy.models import Approach, PracticeKind, PracticeType, SpatialField

pytestmark = pytest.mark.django_db

URL = reverse("practices:finder")
CHALLENGE = "Leerstand in der Innenstadt, Erdgeschosszonen beleben"


@pytest.fixture(autouse=True)
def _fresh_model():
    similarity.clear_cache()
    yield
    similarity.clear_cache()


def get(client, **params):
    return client.get(f"{URL}?{urlencode(params)}" if params else URL)


def vacancy_practice(**kwargs):
    defaults = {
        "title": "Erdgeschosse beleben gegen Ladenleerstand",
        "summary": "Leerstehende Läden in der Innenstadt werden zu Werkstätten und Treffpunkten.",
        "description": "Die Erdgeschosszone der Innenstadt wurde mit Zwischennutzungen belebt.",
        "transfer_score": Decimal("4.5"),
    }
    return PracticeFactory(**{**defaults, **kwargs})


def test_empty_form_without_results(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Passt zu meinem Ort" in html
    assert 'name="challenge"' in html
    assert 'maxlength="2000"' in html
    assert 'data-municipality-autocomplete="' in html  # the JS only enhances a text input
    assert "finder-results-heading" not in html
    assert "kern-alert--danger" not in html


def test_results_with_reasons_and_links(client):
    practice = vacancy_practice()
    PracticeFactory(title="Kinderchor", summary="Kinder singen.", description="Chorproben.")
    response = get(client, challenge=CHALLENGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 passendes Praxisbeispiel" in html
    assert f'href="{practice.get_absolute_url()}"' in html
    assert "Kinderchor" not in html
    assert "Warum es passt:" in html
    assert "ähnliche Herausforderung:" in html
    assert "hohes Transferpotenzial (4,5 von 5)" in html
    assert "von 100 Punkten" in html
    [match] = response.context["matches"]
    assert match.practice == practice


def test_municipality_gives_size_class(client):
    herne = Municipality.objects.get(ags="05916000")
    practice = vacancy_practice()  # in Herne
    response = get(client, municipality="Herne")
    assert response.status_code == 200
    [match] = response.context["matches"]
    assert match.practice == practice
    assert f"ähnliche Ortsgröße ({herne.get_size_class_display()})" in match.reasons
    assert "gleiches Bundesland (Nordrhein-Westfalen)" in match.reasons
    # The form keeps what was typed.
    assert 'value="Herne"' in response.content.decode()


def test_size_class_field_and_approach_instead_of_municipality(client):
    approach = Approach.objects.order_by("position", "id").first()
    quarters = SpatialField.objects.get(slug="quarters")
    small = Municipality.objects.filter(size_class=SizeClass.SMALL_TOWN).order_by("ags").first()
    practice = vacancy_practice(municipality=small, approaches=[approach])
    response = get(
        client, size_class="kleinstadt", spatial_field="quarters", approach=approach.slug
    )
    [match] = response.context["matches"]
    assert match.practice == practice
    assert match.fit_label == "passt sehr gut"
    html = response.content.decode()
    assert "Passt sehr gut" in html
    assert f"gleiches räumliches Handlungsfeld ({quarters.name})" in html
    assert "ähnliche Ortsgröße (Kleinstadt)" in html


def test_empty_state(client):
    vacancy_practice()
    response = get(client, size_class="landgemeinde")
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["matches"] == []
    assert "0 passende Praxisbeispiele" in html
    assert "noch kein passendes Praxisbeispiel" in html


def test_unpublished_never_shown(client):
    draft = vacancy_practice(state=Practice.State.SUBMITTED)
    response = get(client, challenge=CHALLENGE)
    assert draft.title not in response.content.decode()
    assert response.context["matches"] == []


def test_submitting_nothing_is_an_error(client):
    response = get(client, municipality="", challenge="")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte geben Sie mindestens eines an" in html
    assert response.context["matches"] is None


def test_unknown_municipality_lists_error_and_keeps_input(client):
    response = get(client, municipality="Gibtsnichtheim", challenge=CHALLENGE)
    html = response.content.decode()
    assert "Keine Gemeinde „Gibtsnichtheim“ gefunden" in html
    assert 'value="Gibtsnichtheim"' in html
    assert CHALLENGE in html  # the textarea keeps its text
    assert 'aria-describedby="id_municipality_error id_municipality_helptext"' in html
    assert 'href="#id_municipality"' in html  # error summary links to the field
    assert response.context["matches"] is None


def test_ambiguous_municipality_names_candidates(client):
    response = get(client, municipality="Neuenkirchen")
    form = response.context["form"]
    assert "Mehrere Gemeinden heißen" in form.errors["municipality"][0]


def test_challenge_too_long(client):
    response = get(client, challenge="x" * 2001)
    form = response.context["form"]
    assert form.errors["challenge"] == [
        "Bitte beschreiben Sie Ihre Herausforderung in höchstens 2000 Zeichen (jetzt 2001)."
    ]
    assert response.context["matches"] is None


def test_unknown_choices_are_errors(client):
    response = get(client, approach="gibt-es-nicht", size_class="riesig", spatial_field="x")
    errors = response.context["form"].errors
    assert errors["approach"] == ["Bitte wählen Sie einen Handlungsansatz aus der Liste."]
    assert errors["size_class"] == ["Bitte wählen Sie eine Ortsgröße aus der Liste."]
    assert errors["spatial_field"] == [
        "Bitte wählen Sie ein räumliches Handlungsfeld aus der Liste."
    ]


def test_size_class_contradicting_municipality(client):
    response = get(client, municipality="Herne", size_class="landgemeinde")
    errors = response.context["form"].errors
    assert errors["size_class"] == [
        "Herne ist eine Großstadt. Lassen Sie die Ortsgröße leer oder wählen Sie „Großstadt“."
    ]


def test_htmx_gets_the_results_partial(client):
    vacancy_practice()
    response = client.get(f"{URL}?{urlencode({'challenge': CHALLENGE})}", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "finder-results-heading" in html
    assert "<html" not in html


def test_post_not_allowed(client):
    assert client.post(URL, {"challenge": CHALLENGE}).status_code == 405


def test_english_page(client):
    vacancy_practice()
    response = client.get(f"/en{URL}?{urlencode({'challenge': CHALLENGE})}")
    assert response.status_code == 200
    assert len(response.context["matches"]) == 1


def _bulk_practices(count: int) -> None:
    organisation = OrganisationFactory()
    kind = PracticeKind.objects.get(slug="place")
    practice_type = PracticeType.objects.filter(kind=kind).order_by("position", "id").first()
    field = SpatialField.objects.get(slug="quarters")
    places = list(Municipality.objects.order_by("ags")[:50])
    approaches = list(Approach.objects.all())
    now = timezone.now()
    practices = Practice.objects.bulk_create(
        Practice(
            kind=kind,
            type=practice_type,
            title=f"Stadtteilladen {index}",
            slug=f"bulk-{count}-{index}",
            summary="Ein leerstehendes Ladenlokal in der Innenstadt wird zum Treffpunkt.",
            description=f"Erdgeschoss Nummer {index} wird belebt.",
            municipality=places[index % len(places)],
            spatial_field=field,
            organisation=organisation,
            state=Practice.State.PUBLISHED,
            published_at=now,
            transfer_score=Decimal("4.0") if index % 3 == 0 else None,
        )
        for index in range(count)
    )
    through = Practice.approaches.through
    through.objects.bulk_create(
        through(practice_id=p.pk, approach_id=approaches[i % len(approaches)].pk)
        for i, p in enumerate(practices)
    )


def _warm_queries(client, params: dict[str, str]) -> int:
    url = f"{URL}?{urlencode(params)}"
    assert client.get(url).status_code == 200  # builds the model
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["matches"]) == 10
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "params",
    [
        {"challenge": CHALLENGE},
        {"municipality": "Herne", "spatial_field": "quarters", "challenge": CHALLENGE},
    ],
)
def test_query_count_does_not_grow_with_the_data(client, params):
    params = {**params, "approach": Approach.objects.order_by("position", "id").first().slug}
    _bulk_practices(10)
    small = _warm_queries(client, params)
    _bulk_practices(990)
    large = _warm_queries(client, params)
    assert small == large
    # municipality lookup, validating and rendering the two selects, the data version,
    # the winners and their approaches — none of it per practice
    assert large <= 10
