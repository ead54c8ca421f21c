import io
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from quartiersnetz.actors.models import Actor, Claim, Membership
from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.taxonomy.models import Sector

pytestmark = pytest.mark.django_db


def png_bytes(size=(40, 30), fmt="PNG"):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def form_data(**extra):
    data = {
        "name": "Quartiersbüro Nord",
        "sector": Sector.objects.get(slug="zentren-quartiers-community-management").pk,
        "municipality": "Herne (Nordrhein-Westfalen)",
        "summary": "Wir moderieren das Quartier.",
        "offers": "Moderation",
        "seeks": "Räume",
    }
    data.update(extra)
    return data


def test_create_organisation_with_municipality_text_and_logo(client, user):
    client.force_login(user)
    logo = SimpleUploadedFile(
        "logo.jpg", png_bytes((3000, 1500), "JPEG"), content_type="image/jpeg"
    )
    response = client.post("/mitwirkende/neu/", form_data(logo_upload=logo))
    assert response.status_code == 302
    actor = Actor.objects.get(name="Quartiersbüro Nord")
    assert response["Location"] == actor.get_absolute_url()
    assert actor.municipality.ags == "05916000"
    assert Membership.objects.get(organisation=actor).user == user
    with actor.logo.open("rb") as handle:
        image = Image.open(handle)
        assert image.format == "PNG"
        assert max(image.size) == 1024  # re-encoded and scaled down


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("x.png", b"GIF89a not really", content_type="image/png"),
            "kein lesbares Bild",
        ),
        (
            SimpleUploadedFile("x.png", b"%PDF-1.4 hello", content_type="image/png"),
            "kein lesbares Bild",
        ),
        (
            SimpleUploadedFile("x.bmp", png_bytes(fmt="BMP"), content_type="image/bmp"),
            "nicht unterstützt",
        ),
    ],
)
def test_bad_logo_gives_german_error_and_saves_nothing(client, user, upload, message):
    client.force_login(user)
    before = Actor.objects.count()
    response = client.post("/mitwirkende/neu/", form_data(logo_upload=upload))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Actor.objects.count() == before
    # What the user typed is still in the form.
    assert "Quartiersbüro Nord" in response.content.decode()


def test_logo_size_and_pixel_limits(client, user, settings):
    client.force_login(user)
    settings.LOGO_MAX_BYTES = 1000
    big = SimpleUploadedFile(
        "big.png", png_bytes((400, 400)) + b"\0" * 2000, content_type="image/png"
    )
    response = client.post("/mitwirkende/neu/", form_data(logo_upload=big))
    assert "zu groß" in response.content.decode()
    settings.LOGO_MAX_BYTES = 5 * 1024 * 1024
    settings.LOGO_MAX_PIXELS = 100
    many = SimpleUploadedFile("many.png", png_bytes((20, 20)), content_type="image/png")
    response = client.post("/mitwirkende/neu/", form_data(logo_upload=many))
    assert "zu viele Bildpunkte" in response.content.decode()
    assert not Actor.objects.filter(name="Quartiersbüro Nord").exists()


def test_field_errors_in_german(client, user):
    client.force_login(user)
    response = client.post(
        "/mitwirkende/neu/", {"name": "", "website": "kein link", "links": "ftp://x"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in html
    assert "Bitte eine gültige Adresse eingeben." in html
    assert "keine gültige Adresse" in html
    assert 'aria-invalid="true"' in html


def test_ambiguous_municipality_lists_candidates(client, user):
    client.force_login(user)
    response = client.post("/mitwirkende/neu/", form_data(municipality="Neuenkirchen"))
    html = response.content.decode()
    assert "Mehrere Gemeinden heißen" in html
    assert not Actor.objects.filter(name="Quartiersbüro Nord").exists()


def test_edit_failure_keeps_database_unchanged(client, user):
    membership = MembershipFactory(user=user)
    org = membership.organisation
    client.force_login(user)
    response = client.post(
        f"/mitwirkende/{org.slug}/bearbeiten/", form_data(name="Neu", website="nope")
    )
    assert response.status_code == 400
    org.refresh_from_db()
    assert org.name != "Neu"


def test_claim_and_review_through_the_views(
    client, user, curator, django_capture_on_commit_callbacks
):
    client.force_login(user)
    response = client.post(
        "/mitwirkende/deutscher-staedtetag/uebernehmen/", {"message": "Referat Stadtentwicklung"}
    )
    assert response.status_code == 302
    claim = Claim.objects.get(user=user)
    html = client.get("/mitwirkende/deutscher-staedtetag/").content.decode()
    assert "liegt der Kuration vor" in html
    client.force_login(curator)
    assert "Deutscher Städtetag" in client.get("/kuration/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/mitwirkende/anfragen/{claim.pk}/", {"decision": "approve", "note": "ok"}
        )
    assert response.status_code == 302
    assert Membership.objects.filter(
        user=user, organisation__slug="deutscher-staedtetag", role="owner"
    ).exists()
    assert "claim.approve" in client.get("/kuration/protokoll/").content.decode()
    assert any("Profil übernommen" in m.subject for m in mail.outbox)


def test_invitation_accept_view(client, user, django_capture_on_commit_callbacks):
    from quartiersnetz.accounts.tests.factories import UserFactory

    org = MembershipFactory(user=user).organisation
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/mitwirkende/{org.slug}/mitglieder/", {"email": "gast@example.org", "role": "editor"}
        )
    body = mail.outbox[-1].body
    link = next(line for line in body.splitlines() if "/mitwirkende/einladung/" in line)
    path = link[link.index("/mitwirkende/") :].strip()
    guest = UserFactory(email="gast@example.org")
    client.force_login(guest)
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert Membership.objects.filter(user=guest, organisation=org, role="editor").exists()
    assert client.post(path).status_code == 400  # single use


def test_curator_can_hide_and_edit_any_profile(client, curator):
    org = OrganisationFactory()
    client.force_login(curator)
    response = client.post(
        f"/mitwirkende/{org.slug}/bearbeiten/", form_data(name="Von Kuration korrigiert")
    )
    assert response.status_code == 302
    client.post(f"/mitwirkende/{org.slug}/sichtbarkeit/", {"hidden": "1", "reason": "Dublette"})
    org.refresh_from_db()
    assert org.is_hidden
    assert org.name == "Von Kuration korrigiert"


def test_cached_profile_shows_member_consent_changes_at_once(client, user):
    from quartiersnetz.actors import services

    user.display_name = "Greta Gezeigt"
    user.save()
    membership = MembershipFactory(user=user)
    org = membership.organisation
    assert "Greta Gezeigt" not in client.get(org.get_absolute_url()).content.decode()
    services.membership_update(membership=membership, user=user, is_public=True)
    assert "Greta Gezeigt" in client.get(org.get_absolute_url()).content.decode()
    services.membership_update(membership=membership, user=user, is_public=False)
    assert "Greta Gezeigt" not in client.get(org.get_absolute_url()).content.decode()


def test_cached_profile_shows_edits_at_once(client, user):
    from quartiersnetz.actors import services

    org = MembershipFactory(user=user).organisation
    client.get(org.get_absolute_url())
    services.actor_update(actor=org, user=user, data={"offers": "Neu: Werkstatträume"})
    assert "Neu: Werkstatträume" in client.get(org.get_absolute_url()).content.decode()


# Logos are served from the public uploads (quartiersnetz.core.media) ----------------------


def test_uploaded_logo_is_served_on_the_profile_under_an_unguessable_name(client, user):
    client.force_login(user)
    logo = SimpleUploadedFile("logo.png", png_bytes((60, 40)), content_type="image/png")
    assert client.post("/mitwirkende/neu/", form_data(logo_upload=logo)).status_code == 302
    actor = Actor.objects.get(name="Quartiersbüro Nord")
    # Not derivable from the slug: the logo of a profile that is hidden later stays private.
    assert actor.logo.name != f"logos/{actor.created.year}/{actor.slug}.png"
    assert re.fullmatch(rf"logos/\d{{4}}/{actor.slug}-[0-9a-f]{{16}}\.png", actor.logo.name)
    client.logout()
    page = client.get(actor.get_absolute_url()).content.decode()
    assert f'src="{actor.logo.url}"' in page
    response = client.get(actor.logo.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (60, 40)


@pytest.mark.parametrize("remove", [False, True])
def test_replaced_or_removed_logo_is_deleted_after_the_commit(
    client, user, remove, django_capture_on_commit_callbacks
):
    membership = MembershipFactory(user=user, role=Membership.Role.OWNER)
    org = membership.organisation
    client.force_login(user)
    first = SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/mitwirkende/{org.slug}/bearbeiten/", form_data(logo_upload=first))
    org.refresh_from_db()
    old = org.logo.name
    assert client.get(org.logo.url).status_code == 200

    extra = (
        {"remove_logo": "on"}
        if remove
        else {"logo_upload": SimpleUploadedFile("b.png", png_bytes(), content_type="image/png")}
    )
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(f"/mitwirkende/{org.slug}/bearbeiten/", form_data(**extra))
    assert response.status_code == 302
    assert org.logo.storage.exists(old)  # kept until the transaction has committed
    for callback in callbacks:
        callback()
    org.refresh_from_db()
    assert not org.logo.storage.exists(old)
    assert client.get(f"{settings.MEDIA_URL}{old}").status_code == 404
    if remove:
        assert not org.logo
    else:
        assert org.logo.name != old
        assert client.get(org.logo.url).status_code == 200
