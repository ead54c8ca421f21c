import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quartiersnetz.places.models import Municipality, SizeClass
from quartiersnetz.practices import similarity
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.taxonomy.models import Approach, PracticeKind, SpatialField

pytestmark = pytest.mark.django_db

CHALLENGE = "Leerstand in der Innenstadt, Erdgeschosszonen beleben"


@pytest.fixture(autouse=True)
def _fresh_model():
    similarity.clear_cache()
    yield
    similarity.clear_cache()


def town(size_class: str, *, exclude: str = "", state: str = "") -> Municipality:
    qs = Municipality.objects.filter(size_class=size_class, population__gt=0).exclude(ags=exclude)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("ags").first()


def vacancy_practice(**kwargs) -> Practice:
    defaults = {
        "title": "Erdgeschosse beleben gegen Ladenleerstand",
        "summary": "Leerstehende Läden in der Innenstadt werden zu Werkstätten und Treffpunkten.",
        "description": (
            "## Ausgangslage\n\nIn der Fußgängerzone standen viele Ladenlokale leer. Die "
            "Erdgeschosszone der Innenstadt wurde mit Zwischennutzungen wiederbelebt; "
            "Eigentümer vermieten Erdgeschosse günstig an Kulturschaffende."
        ),
    }
    return PracticeFactory(**{**defaults, **kwargs})


def unrelated_practice(**kwargs) -> Practice:
    defaults = {
        "title": "Kinderchor im Gemeindehaus",
        "summary": "Kinder singen einmal pro Woche gemeinsam mit Senioren.",
        "description": "Der Chor probt im Gemeindehaus; Konzerte finden im Advent statt.",
    }
    return PracticeFactory(**{**defaults, **kwargs})


# --- text ---------------------------------------------------------------------------------------


def test_challenge_ranks_vacancy_practice_over_unrelated():
    unrelated = unrelated_practice()
    vacancy = vacancy_practice()
    matches = similarity.rank_for_context(text=CHALLENGE)
    assert [m.practice for m in matches][:1] == [vacancy]
    scores = {m.practice.pk: m.score for m in matches}
    assert scores[vacancy.pk] > scores.get(unrelated.pk, 0)
    reason = next(r for r in matches[0].reasons if r.startswith("ähnliche Herausforderung"))
    # Shared terms are named as the user wrote them.
    assert "Leerstand" in reason or "Erdgeschosszonen" in reason or "Innenstadt" in reason


def test_compound_matches_through_character_ngrams():
    """ "Ladenleerstand" in the practice, "Leerstand" in the challenge: no shared lemma."""
    vacancy = PracticeFactory(
        title="Ladenleerstand als Chance",
        summary="Ein Verein mietet Ladenleerstände an und öffnet sie.",
        description="",
    )
    unrelated_practice()
    matches = similarity.rank_for_context(text="Leerstand")
    assert matches
    assert matches[0].practice == vacancy


def test_text_only_search_without_any_match_is_empty():
    unrelated_practice()
    assert similarity.rank_for_context(text="Xylophonwerkstatt Quantenphysik") == []


# --- context ------------------------------------------------------------------------------------


def test_same_size_class_and_approach_win():
    home = town(SizeClass.SMALL_TOWN)
    other_small = town(SizeClass.SMALL_TOWN, exclude=home.ags)
    big = (
        Municipality.objects.filter(size_class=SizeClass.LARGE_CITY)
        .exclude(state=home.state)
        .exclude(urbanisation=home.urbanisation)
        .order_by("ags")
        .first()
    )
    approach = Approach.objects.order_by("position", "id").first()
    other_approach = Approach.objects.exclude(pk=approach.pk).order_by("position", "id").first()
    best = unrelated_practice(
        title="Campus Kleinstadt", municipality=other_small, approaches=[approach]
    )
    same_size = unrelated_practice(title="Nur gleich groß", municipality=other_small)
    same_approach_big = unrelated_practice(
        title="Großstadt mit Ansatz", municipality=big, approaches=[approach]
    )
    neither = unrelated_practice(title="Nichts", municipality=big, approaches=[other_approach])

    matches = similarity.rank_for_context(municipality=home, approach=approach)
    order = [m.practice for m in matches]
    assert order[0] == best
    assert set(order[1:]) == {same_size, same_approach_big}
    assert neither not in order
    reasons = matches[0].reasons
    assert "ähnliche Ortsgröße (Kleinstadt)" in reasons
    assert f"gleicher Handlungsansatz ({approach.name})" in reasons
    assert matches[0].fit > matches[1].fit


def test_size_class_without_municipality_and_spatial_field():
    quarters = SpatialField.objects.get(slug="quarters")
    centres = SpatialField.objects.get(slug="centres")
    small = town(SizeClass.SMALL_TOWN)
    medium = town(SizeClass.MEDIUM_TOWN)
    fits = unrelated_practice(municipality=small, spatial_field=quarters)
    adjacent = unrelated_practice(municipality=medium, spatial_field=quarters)
    other_field = unrelated_practice(municipality=small, spatial_field=centres)

    matches = similarity.rank_for_context(size_class=SizeClass.SMALL_TOWN, spatial_field=quarters)
    order = [m.practice for m in matches]
    assert order == [fits, adjacent, other_field]  # 0.20 + 0.13, 0.08 + 0.13, 0.20
    assert f"gleiches räumliches Handlungsfeld ({quarters.name})" in matches[0].reasons
    assert "benachbarte Ortsgrößenklasse (Mittelstadt)" in matches[1].reasons
    assert matches[0].fit == pytest.approx(1.0 - similarity.W_TRANSFER / 0.43, abs=0.01)


def test_state_and_urbanisation_reasons():
    home = town(SizeClass.SMALL_TOWN)
    neighbour = Municipality.objects.filter(
        state=home.state, urbanisation=home.urbanisation, size_class=SizeClass.RURAL
    ).first()
    practice = unrelated_practice(municipality=neighbour)
    [match] = similarity.rank_for_context(municipality=home)
    assert match.practice == practice
    assert f"gleiches Bundesland ({home.get_state_display()})" in match.reasons
    assert any(r.startswith("ähnlicher Verstädterungsgrad") for r in match.reasons)


def test_high_transfer_potential_is_a_reason_and_breaks_ties():
    small = town(SizeClass.SMALL_TOWN)
    plain = unrelated_practice(municipality=small)
    rated = unrelated_practice(municipality=small, transfer_score=Decimal("4.5"))
    matches = similarity.rank_for_context(size_class=SizeClass.SMALL_TOWN)
    assert [m.practice for m in matches] == [rated, plain]
    assert "hohes Transferpotenzial (4,5 von 5)" in matches[0].reasons
    assert not any("Transferpotenzial" in r for r in matches[1].reasons)


def test_transfer_score_alone_is_no_match():
    unrelated_practice(transfer_score=Decimal("5.0"))  # Herne: a Großstadt
    assert similarity.rank_for_context(size_class=SizeClass.RURAL) == []


def test_limit_and_order_are_stable():
    small = town(SizeClass.SMALL_TOWN)
    practices = [unrelated_practice(municipality=small) for _ in range(4)]
    matches = similarity.rank_for_context(size_class=SizeClass.SMALL_TOWN, limit=3)
    assert [m.practice for m in matches] == practices[:3]  # ties: lower id first


# --- published only -----------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "submitted", "returned"])
def test_unpublished_never_returned(state):
    hidden = vacancy_practice(state=state)
    visible = vacancy_practice(slug="sichtbar")
    matches = similarity.rank_for_context(text=CHALLENGE, municipality=hidden.municipality)
    assert [m.practice for m in matches] == [visible]
    assert hidden not in similarity.similar_practices(visible)


def test_stale_model_never_shows_a_practice_unpublished_meanwhile():
    first = vacancy_practice()
    second = vacancy_practice(slug="zweites")
    similarity.get_model()
    Practice.objects.filter(pk=second.pk).update(state=Practice.State.RETURNED)
    # Another thread is rebuilding: this one answers from the previous model …
    assert similarity._lock.acquire()
    try:
        assert similarity.get_model().version != similarity.data_version()
        matches = similarity.rank_for_context(text=CHALLENGE)
    finally:
        similarity._lock.release()
    # … but loads the winners through published_practices().
    assert [m.practice for m in matches] == [first]


# --- similar practices ----------------------------------------------------------------------------


def test_similar_practices_excludes_self_and_ranks_by_text():
    practice = vacancy_practice()
    close = vacancy_practice(slug="nah", title="Leerstehende Erdgeschosse in der Innenstadt")
    far = unrelated_practice()
    result = similarity.similar_practices(practice)
    assert practice not in result
    assert result[0] == close
    assert set(result) == {close, far}  # same kind and field: still related, ranked lower


def test_similar_practices_limit_and_kind_bonus():
    practice = vacancy_practice()
    format_kind = PracticeKind.objects.get(slug="format")
    other_kind = unrelated_practice(
        kind=format_kind, spatial_field=SpatialField.objects.get(slug="centres")
    )
    same_kind = unrelated_practice()
    assert similarity.similar_practices(practice, limit=1) == [same_kind]
    assert similarity.similar_practices(practice, limit=0) == []
    result = similarity.similar_practices(practice, limit=5)
    assert result[0] == same_kind  # same text, but same kind and field as well
    assert other_kind not in result[:1]


def test_similar_practices_of_an_unpublished_practice():
    draft = vacancy_practice(state=Practice.State.DRAFT)
    published = vacancy_practice(slug="veroeffentlicht")
    assert similarity.similar_practices(draft) == [published]


def test_similar_practices_without_data():
    practice = vacancy_practice(state=Practice.State.DRAFT)
    assert similarity.similar_practices(practice) == []
    assert similarity.rank_for_context(text=CHALLENGE) == []


def test_similar_practices_query_count_is_constant(django_assert_max_num_queries):
    practice = vacancy_practice()
    for index in range(5):
        vacancy_practice(slug=f"p-{index}")
    similarity.similar_practices(practice)
    # version + the winners + their approaches
    with django_assert_max_num_queries(3):
        assert len(similarity.similar_practices(practice)) == 5


# --- cache ----------------------------------------------------------------------------------------


def test_data_version_is_one_query(django_assert_num_queries):
    vacancy_practice()
    with django_assert_num_queries(1):
        similarity.data_version()


def test_model_is_built_once_per_data_version():
    vacancy_practice()
    builds = similarity.stats["builds"]
    first = similarity.get_model()
    assert similarity.get_model() is first
    similarity.rank_for_context(text=CHALLENGE)
    assert similarity.stats["builds"] == builds + 1


def test_model_rebuilt_when_a_practice_is_published():
    vacancy_practice()
    draft = vacancy_practice(slug="entwurf", title="Kaufhaus wird Kulturkaufhaus", state="draft")
    before = similarity.get_model()
    assert draft not in [m.practice for m in similarity.rank_for_context(text="Kaufhaus")]

    draft.state = Practice.State.PUBLISHED
    draft.published_at = timezone.now()
    draft.save()

    assert similarity.get_model() is not before
    assert similarity.rank_for_context(text="Kaufhaus")[0].practice == draft


def test_model_rebuilt_when_a_published_practice_changes():
    practice = unrelated_practice()
    assert similarity.rank_for_context(text="Kaufhaus") == []
    practice.summary = "Ein leeres Kaufhaus wird zum Kulturkaufhaus."
    practice.save()
    assert similarity.rank_for_context(text="Kaufhaus")[0].practice == practice


def test_model_rebuilt_when_a_practice_is_unpublished():
    practice = vacancy_practice()
    assert similarity.rank_for_context(text=CHALLENGE)
    practice.state = Practice.State.RETURNED
    practice.save()
    assert similarity.rank_for_context(text=CHALLENGE) == []
    assert similarity.get_model().row_of(practice.pk) is None


def test_model_rebuilt_after_max_age(monkeypatch):
    vacancy_practice()
    first = similarity.get_model()
    monkeypatch.setattr(similarity, "MODEL_MAX_AGE", -1)
    assert similarity.get_model() is not first


def test_large_model_is_rebuilt_in_the_background(monkeypatch):
    first = vacancy_practice()
    old = similarity.get_model()
    monkeypatch.setattr(similarity, "BACKGROUND_REBUILD_ROWS", 1)
    second = vacancy_practice(slug="neu")
    rows = similarity._load_rows()  # the thread would read them through its own connection
    monkeypatch.setattr(similarity, "_load_rows", lambda: rows)
    started = threading.Event()
    release = threading.Event()
    build = similarity.build_model

    def slow_build(version, rows):
        started.set()
        release.wait(10)
        return build(version, rows)

    monkeypatch.setattr(similarity, "build_model", slow_build)
    # The request does not wait: it answers from the previous model …
    assert similarity.get_model() is old
    assert started.wait(10)
    assert similarity.get_model() is old  # … also while the rebuild runs (no second thread)
    release.set()
    for thread in threading.enumerate():
        if thread.name == "practice-similarity-rebuild":
            thread.join(10)
    new = similarity.get_model()
    assert new is not old
    assert {int(pk) for pk in new.ids} == {first.pk, second.pk}


def test_memory_is_bounded_per_document():
    long_text = " ".join(f"Begriff{chr(97 + i % 26)}{i}wort" for i in range(3000))
    practice = PracticeFactory(description=long_text)
    model = similarity.get_model()
    row = model.row_of(practice.pk)
    text = model.text
    words = text.word_matrix.indptr[row + 1] - text.word_matrix.indptr[row]
    chars = text.char_matrix.indptr[row + 1] - text.char_matrix.indptr[row]
    assert 0 < words <= similarity.TEXT_SETTINGS.word_terms_per_doc
    assert 0 < chars <= similarity.TEXT_SETTINGS.char_terms_per_doc
    assert text.word_matrix.dtype.name == text.char_matrix.dtype.name == "float32"


def test_load_rows_query_count_is_constant():
    for index in range(3):
        vacancy_practice(slug=f"q-{index}", approaches=list(Approach.objects.all()[:2]))
    with CaptureQueriesContext(connection) as ctx:
        rows = similarity._load_rows()
    assert len(rows) == 3
    assert len(ctx.captured_queries) == 3
    assert rows[0].approaches


def test_a_large_first_model_is_built_in_the_background_not_in_the_request(monkeypatch):
    first = vacancy_practice()
    similarity.clear_cache()
    monkeypatch.setattr(similarity, "BACKGROUND_FIRST_BUILD_ROWS", 1)
    rows = similarity._load_rows()  # the thread would read them through its own connection
    monkeypatch.setattr(similarity, "_load_rows", lambda: rows)
    release = threading.Event()
    build = similarity.build_model

    def slow_build(version, rows):
        release.wait(10)
        return build(version, rows)

    monkeypatch.setattr(similarity, "build_model", slow_build)
    # The request gets an empty model at once: no similar practices, but no waiting either.
    assert len(similarity.get_model()) == 0
    assert similarity.similar_practices(first) == []
    release.set()
    for thread in threading.enumerate():
        if thread.name == "practice-similarity-rebuild":
            thread.join(10)
    assert [int(pk) for pk in similarity.get_model().ids] == [first.pk]


def test_a_booting_web_worker_warms_the_model(monkeypatch):
    """config/gunicorn.py's post_worker_init builds the model before any request asks."""
    import importlib.util
    from pathlib import Path

    from django.conf import settings

    vacancy_practice()
    similarity.clear_cache()
    spec = importlib.util.spec_from_file_location(
        "gunicorn_config", Path(settings.BASE_DIR) / "config" / "gunicorn.py"
    )
    config = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(config)
    built = []
    monkeypatch.setattr(similarity, "_build", lambda version: built.append(version) or None)
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)  # the test's connection
    config.post_worker_init(object())
    assert built, "the worker's boot did not build the model"
