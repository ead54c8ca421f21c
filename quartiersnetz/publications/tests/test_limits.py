"""A PDF at the size limit still goes through the request body limit; texts are bounded."""

from __future__ import annotations

import pytest

from quartiersnetz.publications.models import Publication

from .pdfs import simple_pdf, upload
from .test_submission import member, post_data  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

MAX = 20 * 1024 * 1024


def test_a_pdf_of_exactly_the_maximum_size_is_accepted(client, member):  # noqa: F811
    padding = MAX
    pdf = simple_pdf(1, padding=padding)
    while len(pdf) != MAX:  # the cross-reference offsets grow with the padding
        padding -= len(pdf) - MAX
        pdf = simple_pdf(1, padding=padding)
    assert len(pdf) == MAX
    response = client.post(
        "/impulse/einreichen/", post_data(member, attachment=upload(pdf, "gross.pdf"))
    )
    assert response.status_code == 302
    assert Publication.objects.get(title="Leerstand als Chance").attachments.get().size == MAX


def test_a_body_above_the_pdf_limit_is_refused_before_it_is_read(client, member):  # noqa: F811
    response = client.generic(
        "POST",
        "/impulse/einreichen/",
        data=b"x" * 10,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(MAX + 2 * 1024 * 1024 + 1),
    )
    assert response.status_code == 413
    assert "höchstens 22 MB" in response.content.decode()


def test_an_overlong_summary_is_refused(client, member):  # noqa: F811
    response = client.post("/impulse/einreichen/", post_data(member, summary="x" * 2_001))
    assert response.status_code == 400  # invalid form (core.responses)
    assert "höchstens 2.000 Zeichen (derzeit 2.001)" in response.content.decode()
    assert not Publication.objects.filter(title="Leerstand als Chance").exists()
