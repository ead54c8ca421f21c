"""The admin (/verwaltung/) runs under the same Content Security Policy as the site: no inline
style or script on any of its pages – changelists of every registered model, add and change
forms, history pages (Django's and django-simple-history's) and a revision."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from tests.test_security import audit, csp_directives


def admin_urls() -> list[str]:
    """Changelist, add form, and for the first row of each model its change form and history."""
    urls = ["/verwaltung/", "/verwaltung/password_change/"]
    for model in admin.site._registry:
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        urls += [reverse(f"{name}_changelist"), reverse(f"{name}_add")]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls += [
                reverse(f"{name}_change", args=[first.pk]),
                reverse(f"{name}_history", args=[first.pk]),
                reverse(f"{name}_delete", args=[first.pk]),
            ]
    return urls


@pytest.mark.django_db
def test_admin_pages_have_nothing_the_csp_blocks(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    practice = PracticeFactory()
    practice.title = "Geänderter Titel"
    practice.save()  # a second revision: the history list shows a change
    client.force_login(superuser)
    urls = admin_urls()
    record = Practice.history.filter(id=practice.pk).order_by("history_id").first()
    assert record is not None
    try:
        urls.append(reverse("admin:practices_practice_simple_history",
                            args=[practice.pk, record.history_id]))  # fmt: skip
    except NoReverseMatch:  # pragma: no cover - simple-history always registers it
        pytest.fail("no revision page")
    assert f"/verwaltung/practices/practice/{practice.pk}/history/" in urls
    assert "/verwaltung/audit/auditentry/" in urls
    problems = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in {200, 403}, url
        if response.status_code == 200:
            assert "unsafe" not in response["Content-Security-Policy"]
            assert csp_directives(response)["style-src"] == ["'self'"]
            found = audit(response.content.decode())
            if found:
                problems[url] = sorted(set(found))
    assert problems == {}
