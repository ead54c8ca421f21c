"""An uploaded logo is shown on the public profile, in chromium.

A member of an organisation uploads a logo on the profile form; an anonymous visitor then
sees the image actually load on the public profile page (naturalWidth > 0, not just a src),
answered by the app's media view (quartiersnetz.core.media) with its safe headers.

The uploads go to the test settings' default storage (InMemoryStorage, shared with the live
server's thread), which the media view reads like the FileSystemStorage of `make run`. Nothing
lies on disk under MEDIA_ROOT, so the live server's own media handler (Django's
LiveServerThread serves MEDIA_ROOT itself) cannot answer in the view's place.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from quartiersnetz.actors.models import Actor, Membership
from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.core.media import CONTENT_SECURITY_POLICY

from .helpers import log_in, log_out
from .test_journeys import expect_path

pytestmark = pytest.mark.e2e


def _png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 110, 60)).save(out, format="PNG")
    return out.getvalue()


def test_a_member_uploads_a_logo_and_the_public_profile_shows_it(page: Any, server: Any) -> None:
    with server.quiet():
        membership = MembershipFactory(
            organisation=OrganisationFactory(name="Nachbarschaftshaus Röhlinghausen"),
            role=Membership.Role.OWNER,
        )
        org = membership.organisation
        assert not org.logo

    log_in(page.context, membership.user, server)
    page.goto(f"/mitwirkende/{org.slug}/bearbeiten/")
    page.get_by_label("Logo oder Bild").set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": _png((120, 80))}]
    )
    page.locator("main").get_by_role("button", name="Speichern").click()
    expect_path(page, f"/mitwirkende/{org.slug}/")
    with server.quiet():
        org = Actor.objects.get(pk=org.pk)
        assert org.logo
        logo_url = org.logo.url
    assert logo_url.startswith("/media/logos/")

    # An anonymous visitor sees the image load on the public profile.
    log_out(page.context)
    with page.expect_response(lambda r: r.url.endswith(logo_url)) as served:
        page.goto(f"/mitwirkende/{org.slug}/")
    response = served.value
    assert response.status == 200
    headers = response.headers
    assert headers["content-type"] == "image/png"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "attachment" not in headers.get("content-disposition", "")

    logo = page.locator("img.actor-logo")
    assert logo.get_attribute("src") == logo_url
    page.wait_for_function("img => img.complete", arg=logo.element_handle())
    size = logo.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert size == [120, 80], "the logo did not load"

    # Opened on its own, the image is still an image (and another path under /media/ is not).
    assert page.goto(logo_url).status == 200
    assert page.goto("/media/logos/").status == 404
