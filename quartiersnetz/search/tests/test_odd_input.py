"""Any input is a valid query: no database error, no unescaped output."""

from __future__ import annotations

import pytest

from quartiersnetz.search.backends import search

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        "½ x² ﬁnanzierung",
        "Łódź Kraków",
        "東京 北京",
        "القاهرة",
        "abcдеф 123abc",
        "'; DROP TABLE practices_practice; --",
        "NEAR(a b) OR c AND NOT d * ^e :f",
        "a:* & b | !c <-> (d)",
        '"unbalanced',
        "Ort" * 60,
        "\x00\t\n",
    ],
)
def test_odd_queries_do_not_fail(text):
    results = search(text)
    assert results.total >= 0


def test_odd_queries_through_the_page(client):
    for text in ["½ x²", "a:* & b | !c", "%_%", "\\M \\"]:
        assert client.get("/suche/", {"q": text}).status_code == 200
