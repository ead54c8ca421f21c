"""`Publication.search_text` has one definition, `publication_search_text`: a publication
written by any path (service, admin form, factory) carries its result, which is the text save()
computed before."""

from __future__ import annotations

import pytest

from quartiersnetz.core.testing import save_through_admin
from quartiersnetz.core.text import build_search_text
from quartiersnetz.publications import services
from quartiersnetz.publications.models import Publication, publication_search_text
from quartiersnetz.publications.tests.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def former(publication: Publication) -> str:
    """What Publication.save() computed before (the text must not change)."""
    return build_search_text(
        publication.title, publication.summary, publication.body, publication.author_names
    )


def stored(publication: Publication) -> str:
    return Publication.objects.values_list("search_text", flat=True).get(pk=publication.pk)


def test_created_by_factory():
    publication = PublicationFactory(author_names="Jana Meyer")
    assert stored(publication) == publication_search_text(publication) == former(publication)
    assert "jana meyer" in publication.search_text


def test_created_and_updated_by_the_services(curator):
    publication = services.publication_create(
        user=curator,
        data={
            "kind": Publication.Kind.IMPULSE,
            "title": "Räume für Kultur",
            "slug": "raeume-fuer-kultur",
            "summary": "Über Zwischennutzung.",
            "published_on": "2024-05-01",
        },
    )
    assert stored(publication) == publication_search_text(publication) == former(publication)
    publication = services.publication_update(
        user=curator, publication=publication, data={"body": "Ein Text über Läden."}
    )
    assert "ein text uber laden" in stored(publication)
    assert stored(publication) == publication_search_text(publication) == former(publication)


def test_created_and_changed_through_the_admin(curator):
    curator.is_staff = curator.is_superuser = True
    curator.save()
    template = PublicationFactory.build(body="Erfolgsfaktoren im Überblick")
    publication = save_through_admin(
        curator, Publication, initial_from=template, slug="admin-impuls"
    )
    publication = Publication.objects.get(slug="admin-impuls")
    assert "erfolgsfaktoren im uberblick" in stored(publication)
    assert stored(publication) == publication_search_text(publication) == former(publication)
    save_through_admin(curator, Publication, instance=publication, author_names="Ole Peters")
    publication.refresh_from_db()
    assert "ole peters" in publication.search_text
    assert stored(publication) == publication_search_text(publication) == former(publication)
