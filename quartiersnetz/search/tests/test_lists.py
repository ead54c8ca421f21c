"""Issue 12: the lists' `q` uses the same query language as /suche/ (core.textquery): any
word, the records with every word first, inflected forms; "Meinten Sie …?" on every list."""

from __future__ import annotations

import pytest

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.alliances.tests.factories import AllianceFactory
from quartiersnetz.events.models import Event
from quartiersnetz.events.services import event_search_text
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.projects.tests.factories import PublicProjectFactory

pytestmark = pytest.mark.django_db

NEUTRAL = "Ein Vorhaben mit vielen Beteiligten."


def _event(title: str) -> None:
    event = EventFactory(title=title, summary=NEUTRAL, description="")
    Event.objects.filter(pk=event.pk).update(search_text=event_search_text(event))


MAKERS = {
    "/mitwirkende/": lambda t: OrganisationFactory(name=t, summary=NEUTRAL, description=""),
    "/werkstaetten/": _event,
    "/vorhaben/": lambda t: PublicProjectFactory(
        title=t, summary=NEUTRAL, description="", challenge=""
    ),
    "/allianzen/": lambda t: AllianceFactory(name=t, summary=NEUTRAL, goals=""),
}


def _order(html: str, names: list[str]) -> list[str]:
    return sorted((n for n in names if n in html), key=html.index)


@pytest.mark.parametrize("url", list(MAKERS))
def test_any_word_with_every_word_first(client, url):
    make = MAKERS[url]
    for name in ("Aaa Leerstand", "Bbb Fußgängerzone", "Zzz Leerstand Fußgängerzone", "Ccc"):
        make(name)
    html = client.get(url, {"q": "Leerstand Fussgaengerzone"}).content.decode()
    found = _order(html, ["Aaa Leerstand", "Bbb Fußgängerzone", "Zzz Leerstand", "Ccc"])
    assert found[0] == "Zzz Leerstand"
    assert set(found[1:]) == {"Aaa Leerstand", "Bbb Fußgängerzone"}


@pytest.mark.parametrize("url", list(MAKERS))
def test_inflected_forms_and_did_you_mean(client, url):
    MAKERS[url]("Dritter Ort am Markt")
    html = client.get(url, {"q": "Dritte Orte"}).content.decode()
    assert "Dritter Ort am Markt" in html
    html = client.get(url, {"q": "Marktplatzz Drittr"}).content.decode()
    assert "Meinten Sie:" in html
    assert "Dritter" in html.split('id="suggestion"')[1].split("</p>")[0]
