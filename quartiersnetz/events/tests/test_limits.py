"""Text limits on the registration form and the message to registrants."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from quartiersnetz.events.models import Registration

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def test_overlong_needs_are_refused_in_german_and_english_with_the_input_kept(client):
    event = EventFactory(ask_accessibility=True)
    url = reverse("events:register", kwargs={"slug": event.slug})
    needs = "Gebärdensprache " + "x" * 2_000
    data = {"name": "Kim Gast", "email": "kim@example.org", "accessibility_needs": needs}
    response = client.post(url, data)
    assert response.status_code == 400  # invalid form (core.responses)
    html = response.content.decode()
    assert "Bitte kürzen Sie den Text auf höchstens 2.000 Zeichen (derzeit 2.016)." in html
    assert needs in html
    assert 'value="Kim Gast"' in html
    assert not Registration.objects.exists()
    with translation.override("en"):
        url_en = reverse("events:register", kwargs={"slug": event.slug})
    assert url_en.startswith("/en/")
    html = client.post(url_en, data).content.decode()
    assert "Please shorten the text to at most 2,000 characters (currently 2,016)." in html


def test_the_message_to_registrants_is_bounded():
    from quartiersnetz.events.registration_forms import MessageForm

    form = MessageForm(data={"statuses": ["confirmed"], "subject": "Hallo", "body": "x" * 20_001})
    assert not form.is_valid()
    assert form.errors["body"] == [
        "Bitte kürzen Sie den Text auf höchstens 20.000 Zeichen (derzeit 20.001)."
    ]
