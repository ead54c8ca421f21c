"""The sample Praxisbeispiele of `demo_data` (quartiersnetz/demo/practices.py)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from quartiersnetz.accounts.models import User
from quartiersnetz.demo import actors as demo_data
from quartiersnetz.demo import practices as demo
from quartiersnetz.places.models import SizeClass, State
from quartiersnetz.practices.models import (
    INNOVATION_CRITERIA,
    TRANSFER_CRITERIA,
    Practice,
    PracticeActor,
    PracticeRating,
    RatingCriterion,
    ReviewComment,
    practice_search_text,
)
from quartiersnetz.taxonomy.models import Approach, PracticeKind, PracticeType, SpatialField

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _snapshot() -> list[tuple]:
    return list(
        Practice.objects.filter(is_sample=True)
        .order_by("title")
        .values_list(
            "title", "slug", "type__slug", "municipality__ags", "organisation__name", "state",
            "status", "start_year", "end_year", "licence", "latitude", "innovation_score",
            "transfer_score", "adapted_from__title", "published_at", "search_text",
        )
    )  # fmt: skip


def test_demo_practices():
    """One run of demo_data (it takes a while), checked from several sides."""
    output = _run("demo_data")
    assert f"Praxisbeispiele: {demo.PRACTICE_COUNT} neu angelegt" in output
    samples = Practice.objects.filter(is_sample=True)
    check_typology_places_and_workflow(samples)
    check_roles_from_demo_organisations(samples)
    check_ratings_consistent_with_stored_means(samples)
    check_lineage_forms_acyclic_chains(samples)
    check_review_queue_history_and_demo_login(samples)
    check_idempotent_and_deterministic(samples)


def check_typology_places_and_workflow(samples):
    assert samples.count() >= 60
    assert samples.count() == demo.PRACTICE_COUNT
    assert set(samples.values_list("kind__slug", flat=True)) == set(
        PracticeKind.objects.values_list("slug", flat=True)
    )
    assert set(samples.values_list("type__slug", flat=True)) == set(
        PracticeType.objects.values_list("slug", flat=True)
    )
    assert set(samples.values_list("spatial_field__slug", flat=True)) == set(
        SpatialField.objects.values_list("slug", flat=True)
    )
    assert set(samples.values_list("approaches__slug", flat=True)) >= set(
        Approach.objects.values_list("slug", flat=True)
    )
    assert set(samples.values_list("municipality__state", flat=True)) == set(State.values)
    assert set(samples.values_list("municipality__size_class", flat=True)) == set(SizeClass.values)
    assert set(samples.values_list("state", flat=True)) == set(Practice.State.values)
    assert set(samples.values_list("status", flat=True)) == set(Practice.Status.values)
    assert set(samples.values_list("licence", flat=True)) >= {"cc-by-4.0", "cc-by-sa-4.0"}
    assert samples.filter(licence="cc-by-4.0").count() > samples.count() / 2
    assert samples.filter(latitude__isnull=False, longitude__isnull=False).count() >= 3
    for practice in samples.prefetch_related("action_fields", "approaches"):
        assert practice.type.kind_id == practice.kind_id
        assert practice.municipality_id is not None
        assert practice.summary
        assert practice.description.startswith("## ")
        for text in (practice.co_creation, practice.organisational_structure, practice.financing,
                     practice.cultural_strategy, practice.self_sustaining_dynamics):  # fmt: skip
            assert text
        assert practice.start_year
        assert practice.end_year is None or practice.end_year >= practice.start_year
        assert practice.action_fields.all()
        assert {a.action_field_id for a in practice.approaches.all()} <= {
            a.pk for a in practice.action_fields.all()
        }
        # Sources are placeholders, marked as such.
        assert practice.source_list
        for title, url in practice.source_list:
            assert url.startswith("https://example.org/")
            assert "Platzhalter" in title
        practice.full_clean()
    assert samples.filter(methods__isnull=False).distinct().count() > samples.count() / 3


def check_roles_from_demo_organisations(samples):
    roles = PracticeActor.objects.filter(practice__in=samples).select_related("actor")
    assert all(r.actor.is_sample for r in roles)
    assert set(roles.values_list("role", flat=True)) == set(PracticeActor.Role.values)
    for practice in samples:
        assert roles.filter(
            practice=practice, actor=practice.organisation, role=PracticeActor.Role.INITIATOR
        ).exists()


def check_ratings_consistent_with_stored_means(samples):
    published = samples.filter(state=Practice.State.PUBLISHED)
    assert published.count() > samples.count() * 0.8
    rated = published.filter(ratings__isnull=False).distinct()
    assert rated.count() >= published.count() * 0.75
    assert not samples.exclude(state=Practice.State.PUBLISHED).filter(ratings__isnull=False)
    for practice in samples:
        scores = dict(practice.ratings.values_list("criterion", "score"))
        if not scores:
            assert practice.innovation_score is None
            assert practice.transfer_score is None
            continue
        assert set(scores) == set(RatingCriterion.values)
        assert practice.innovation_score == demo.mean_score(
            [scores[c] for c in INNOVATION_CRITERIA]
        )
        assert practice.transfer_score == demo.mean_score([scores[c] for c in TRANSFER_CRITERIA])
    ratings = PracticeRating.objects.filter(practice__in=samples)
    assert set(ratings.values_list("score", flat=True)) >= {2, 3, 4, 5}
    assert all(r.reason for r in ratings)
    curator = User.objects.get(email=demo_data.CURATOR_EMAIL)
    assert set(ratings.values_list("rated_by", flat=True)) == {curator.pk}
    high = [p for p in rated if p.has_high_transfer]
    assert 5 <= len(high) < rated.count()
    assert len(set(rated.values_list("transfer_score", flat=True))) >= 5


def check_lineage_forms_acyclic_chains(samples):
    adapted = samples.filter(adapted_from__isnull=False)
    assert adapted.count() >= 8
    parents = dict(samples.values_list("pk", "adapted_from"))
    longest = 0
    for pk in parents:
        seen, node, depth = set(), pk, 0
        while parents.get(node):
            assert node not in seen, "lineage has a cycle"
            seen.add(node)
            node, depth = parents[node], depth + 1
        longest = max(longest, depth)
    assert longest >= 2  # chains, not just pairs
    for practice in adapted.select_related("adapted_from"):
        assert practice.adapted_from.state == Practice.State.PUBLISHED
        assert practice.adapted_from.type_id == practice.type_id
        assert practice.start_year >= practice.adapted_from.start_year


def check_review_queue_history_and_demo_login(samples):
    assert samples.filter(state=Practice.State.SUBMITTED).count() >= 3
    assert samples.filter(state=Practice.State.DRAFT).exists()
    returned = samples.filter(state=Practice.State.RETURNED)
    assert returned.exists()
    for practice in returned:
        assert ReviewComment.objects.filter(practice=practice, transition="returned").exists()
    for practice in samples.exclude(state=Practice.State.PUBLISHED):
        assert practice.published_at is None
    demo_user = User.objects.get(email=demo_data.DEMO_EMAIL)
    own = samples.filter(organisation__memberships__user=demo_user)
    assert own.exclude(state=Practice.State.PUBLISHED).exists()
    # Every published record has exactly one initial revision that includes its M2M values.
    for practice in samples.filter(state=Practice.State.PUBLISHED):
        revisions = list(practice.history.all())
        assert len(revisions) == 1
        assert revisions[0].history_type == "+"
        assert revisions[0].history_date == practice.published_at
        assert revisions[0].action_fields.count() == practice.action_fields.count()


def check_idempotent_and_deterministic(samples):
    before = _snapshot()
    counts = (PracticeRating.objects.count(), PracticeActor.objects.count())
    output = _run("demo_data")
    assert "Praxisbeispiele: 0 neu angelegt" in output
    assert f"{demo.PRACTICE_COUNT} waren schon vorhanden" in output
    assert _snapshot() == before
    assert (PracticeRating.objects.count(), PracticeActor.objects.count()) == counts
    # The same plan again on the same organisations gives the same records.
    samples.delete()
    curator = User.objects.get(email=demo_data.CURATOR_EMAIL)
    demo_user = User.objects.get(email=demo_data.DEMO_EMAIL)
    assert demo.load(curator=curator, demo_user=demo_user)["practices"] == demo.PRACTICE_COUNT
    after = _snapshot()
    assert [row[:-2] for row in after] == [row[:-2] for row in before]


# --- scale_data --practices --------------------------------------------------------------------


def _scale_snapshot() -> list[tuple]:
    return list(
        Practice.objects.filter(slug__regex=r"-s3-[0-9]+$")
        .order_by("slug")
        .values_list(
            "slug", "title", "kind__slug", "type__slug", "municipality__ags", "spatial_field__slug",
            "status", "start_year", "end_year", "licence", "latitude", "innovation_score",
            "transfer_score", "published_at", "search_text",
        )
    )  # fmt: skip


def test_scale_data_practices_small_n():
    output = _run("scale_data", "--organisations", "15", "--practices", "80", "--seed", "3")
    assert "80 Praxisbeispiele" in output
    generated = Practice.objects.filter(slug__regex=r"-s3-[0-9]+$")
    assert generated.count() == 80
    assert set(generated.values_list("state", flat=True)) == {Practice.State.PUBLISHED}
    assert not generated.filter(published_at__isnull=True).exists()
    assert generated.filter(is_sample=True).count() == 80
    assert len(set(generated.values_list("kind__slug", flat=True))) == 3
    assert len(set(generated.values_list("type__slug", flat=True))) >= 10
    assert len(set(generated.values_list("municipality__state", flat=True))) >= 8
    assert len(set(generated.values_list("title", flat=True))) >= 75
    for practice in generated.select_related("municipality", "type").prefetch_related(
        "action_fields", "approaches", "ratings", "roles"
    ):
        assert practice.type.kind_id == practice.kind_id
        # search_text is what Practice.save() computes (its one definition).
        expected = practice.search_text
        assert expected == practice_search_text(practice)
        practice.save()
        practice.refresh_from_db(fields=["search_text"])
        assert practice.search_text == expected
        assert practice.action_fields.all()
        assert {a.action_field_id for a in practice.approaches.all()} <= {
            a.pk for a in practice.action_fields.all()
        }
        roles = list(practice.roles.all())
        assert [r.actor_id for r in roles if r.role == PracticeActor.Role.INITIATOR] == [
            practice.organisation_id
        ]
        scores = {r.criterion: r.score for r in practice.ratings.all()}
        if scores:
            assert set(scores) == set(RatingCriterion.values)
            assert practice.innovation_score == demo.mean_score(
                [scores[c] for c in INNOVATION_CRITERIA]
            )
            assert practice.transfer_score == demo.mean_score(
                [scores[c] for c in TRANSFER_CRITERIA]
            )
        else:
            assert practice.innovation_score is None
        if practice.adapted_from_id:
            assert practice.adapted_from.type_id == practice.type_id
            assert practice.adapted_from_id < practice.pk
    assert 10 <= PracticeRating.objects.filter(practice__in=generated).count() / 6 <= 45

    # Deterministic: again with the same seed adds nothing; a fresh load gives the same records.
    first = _scale_snapshot()
    output = _run("scale_data", "--organisations", "15", "--practices", "80", "--seed", "3")
    assert "0 Praxisbeispiele" in output
    assert "80 waren schon vorhanden" in output
    generated.delete()
    _run("scale_data", "--organisations", "0", "--practices", "80", "--seed", "3")
    assert [row[:-2] for row in _scale_snapshot()] == [row[:-2] for row in first]
    assert [row[-1] for row in _scale_snapshot()] == [row[-1] for row in first]


def test_scale_data_keeps_the_search_index_complete():
    from django.db import connection

    from quartiersnetz.search import schema, sources
    from quartiersnetz.search.postgres_index import PG_TABLE

    _run("scale_data", "--organisations", "10", "--practices", "30", "--seed", "3")
    assert schema.integrity_check(connection) == []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            source = sources.SOURCES_BY_KIND["practice"]
            cursor.execute(f"SELECT count(*) FROM {source.fts}")  # noqa: S608
            assert cursor.fetchone()[0] == Practice.objects.count()
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            triggers = {row[0] for row in cursor.fetchall()}
        for kind in ("practice", "actor"):
            assert set(sources.SOURCES_BY_KIND[kind].triggers()) <= triggers
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM {PG_TABLE} WHERE kind = 'practice'"  # noqa: S608
            )
            assert cursor.fetchone()[0] == Practice.objects.count()
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            triggers = {row[0] for row in cursor.fetchall()}
        assert {"search_practice_sync", "search_actor_sync"} <= triggers
