"""Text limits on the practice form: refused with a German message, the input kept."""

from __future__ import annotations

import pytest

from quartiersnetz.practices.models import Practice

from .test_workflow_views import author, form_data, org  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_an_overlong_description_and_field_are_refused_and_kept(client, author, org):  # noqa: F811
    client.force_login(author)
    description = "Ausgangslage " + "x" * 50_000
    data = form_data(org, description=description, financing="f" * 10_001)
    response = client.post("/praxis/neu/", data)
    assert response.status_code == 400  # invalid form (core.responses)
    html = response.content.decode()
    assert "Bitte kürzen Sie den Text auf höchstens 50.000 Zeichen (derzeit 50.013)." in html
    assert "Bitte kürzen Sie den Text auf höchstens 10.000 Zeichen (derzeit 10.001)." in html
    assert description in html
    assert 'value="Dritter Ort im Bahnhof"' in html
    assert not Practice.objects.filter(title="Dritter Ort im Bahnhof").exists()


def test_a_description_at_the_limit_is_saved(client, author, org):  # noqa: F811
    client.force_login(author)
    response = client.post("/praxis/neu/", form_data(org, description="x" * 50_000))
    assert response.status_code == 302
    assert len(Practice.objects.get(title="Dritter Ort im Bahnhof").description) == 50_000
