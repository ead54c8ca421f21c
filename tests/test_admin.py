import pytest

from quartiersnetz.taxonomy.models import Approach

ADMIN_PAGES = [
    "/verwaltung/",
    "/verwaltung/taxonomy/approach/",
    "/verwaltung/taxonomy/approach/add/",
    "/verwaltung/actors/actor/",
    "/verwaltung/audit/auditentry/",
    "/verwaltung/places/municipality/?q=Herne",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_curator_admin_pages(client, staff_curator, url):
    client.force_login(staff_curator)
    assert client.get(url).status_code == 200


def test_curator_can_extend_taxonomy_in_admin(client, staff_curator):
    client.force_login(staff_curator)
    field = Approach.objects.first().action_field
    response = client.post(
        "/verwaltung/taxonomy/approach/add/",
        {"name": "Neue Nachbarschaften", "slug": "neue-nachbarschaften", "action_field": field.pk,
         "position": 7, "name_en": "", "description": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert Approach.objects.filter(slug="neue-nachbarschaften").exists()


def test_audit_log_is_read_only_in_admin(client, staff_curator):
    client.force_login(staff_curator)
    assert client.get("/verwaltung/audit/auditentry/add/").status_code == 403
