"""Text limits on the organisation profile: refused with a German message, the input kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from quartiersnetz.actors import services
from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.tests.factories import MembershipFactory

from .test_views import form_data, png_bytes

pytestmark = pytest.mark.django_db

# Form errors answer with the form again (the project unifies 200/400 elsewhere).

FIVE_MB = 5 * 1024 * 1024


def test_a_5_mb_description_is_refused_with_a_german_message_and_the_input_kept(client, user):
    org = MembershipFactory(user=user).organisation
    old_description = org.description
    client.force_login(user)
    description = "Quartier " + "x" * (FIVE_MB - 9)
    response = client.post(
        f"/mitwirkende/{org.slug}/bearbeiten/",
        form_data(name="Neuer Name", summary="Bleibt stehen", description=description),
    )
    assert response.status_code == 400  # invalid form (core.responses)
    html = response.content.decode()
    assert "Bitte kürzen Sie den Text auf höchstens 20.000 Zeichen (derzeit 5.242.880)." in html
    assert 'value="Neuer Name"' in html
    assert "Bleibt stehen" in html
    assert description in html  # the text stays in its field to be shortened
    assert 'maxlength="20000"' in html
    org.refresh_from_db()
    assert org.name != "Neuer Name"
    assert org.description == old_description


def test_the_service_refuses_an_overlong_text_too(user):
    org = MembershipFactory(user=user).organisation
    with pytest.raises(ValidationError) as info:
        services.actor_update(actor=org, user=user, data={"name": org.name, "offers": "x" * 5_001})
    assert "offers" in info.value.message_dict
    assert not Actor.objects.filter(offers="x" * 5_001).exists()


def test_a_logo_at_the_size_limit_is_still_accepted(client, user, settings):
    logo = png_bytes((600, 400))
    settings.LOGO_MAX_BYTES = len(logo)  # the logo is exactly as large as allowed
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = len(logo) // 2  # below the body: the file is allowed
    client.force_login(user)
    upload = SimpleUploadedFile("logo.png", logo, content_type="image/png")
    response = client.post("/mitwirkende/neu/", form_data(logo_upload=upload))
    assert response.status_code == 302
    assert Actor.objects.get(name="Quartiersbüro Nord").logo
