"""Database invariants and model rules of Vorhaben."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.projects.models import METHOD_TEMPLATES, Method, Project, method_template
from quartiersnetz.taxonomy.models import ActionField

from .factories import LearningFactory, LogEntryFactory, ProjectFactory, ProjectPartnerFactory

pytestmark = pytest.mark.django_db


def test_method_templates_define_the_steps_of_the_issue():
    dt = [str(s.label) for s in METHOD_TEMPLATES[Method.DESIGN_THINKING].steps]
    assert dt == [
        "Verstehen", "Beobachten", "Sichtweise definieren", "Ideen finden", "Prototyp", "Testen",
    ]  # fmt: skip
    ll = [str(s.label) for s in METHOD_TEMPLATES[Method.LIVING_LAB].steps]
    assert ll == ["Ko-Kreation", "Exploration", "Experimentieren", "Evaluation"]
    assert METHOD_TEMPLATES[Method.NONE].steps == ()
    assert set(METHOD_TEMPLATES) == set(Method.values)
    assert method_template("unknown").key == Method.NONE


def test_partner_is_unique_per_project():
    partner = ProjectPartnerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectPartnerFactory(project=partner.project, actor=partner.actor)


def test_consent_by_needs_a_date(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectPartnerFactory(consented_by=user, consented_at=None)


def test_public_project_needs_a_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(state=Project.State.PUBLIC, public_since=None)


def test_no_step_without_a_method():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(method=Method.NONE, current_step="verstehen")


def test_published_learning_needs_a_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        LearningFactory(is_published=True, published_at=None)


def test_clean_rejects_a_step_of_another_template():
    project = ProjectFactory.build(method=Method.LIVING_LAB, current_step="beobachten")
    with pytest.raises(ValidationError) as exc:
        project.clean()
    assert "current_step" in exc.value.message_dict


def test_clean_rejects_an_action_field_of_another_spatial_field():
    project = ProjectFactory()
    project.action_field = ActionField.objects.exclude(spatial_field=project.spatial_field).first()
    with pytest.raises(ValidationError) as exc:
        project.clean()
    assert "action_field" in exc.value.message_dict


def test_log_entry_step_must_belong_to_the_projects_template():
    entry = LogEntryFactory(project=ProjectFactory(method=Method.LIVING_LAB, current_step=""))
    entry.step = "prototyp"
    with pytest.raises(ValidationError):
        entry.full_clean()
    entry.step = "exploration"
    entry.full_clean()
    assert str(entry.step_label) == "Exploration"


def test_learning_log_entry_must_belong_to_the_project():
    learning = LearningFactory()
    learning.log_entry = LogEntryFactory()
    with pytest.raises(ValidationError):
        learning.full_clean()


def test_search_text_is_folded_and_includes_the_place():
    project = ProjectFactory(title="Bürgerhaus Süd", challenge="Leerstand")
    assert "burgerhaus sud" in project.search_text
    assert "herne" in project.search_text
    assert "leerstand" in project.search_text


def test_current_step_label_and_urls():
    project = ProjectFactory(slug="labor")
    assert str(project.current_step_label) == "Beobachten"
    assert project.get_absolute_url() == "/vorhaben/labor/"
    assert not project.is_public
    partner = ProjectPartnerFactory(project=project, actor=OrganisationFactory(name="Verein"))
    assert str(partner) == "Verein (Träger)"
    assert not partner.has_consented
    partner.consented_at = timezone.now()
    assert partner.has_consented
