"""Every public channel of open data, in one list (decision 0012, point 9).

The privacy test (api/tests/test_channels.py) reads every channel of this list with a world of
hidden, unpublished, private and personal records in the database and fails if any of them
shows; a second test fails if an API operation or a machine-readable URL of the site is not in
this list (or in NOT_OPEN_DATA with a reason) — so a new channel cannot be added unchecked.

A channel's `paths` are the URLs to read (`{…}` are filled from the world's public records in
the test); `follow_next` walks an API list through its `next` links.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Channel:
    name: str
    paths: tuple[str, ...]
    follow_next: bool = False


# The lists and records of /api/v1/ are added from the OpenAPI document (every GET operation:
# lists walked to their end, a record read for each public key of the world); these are the
# other channels.
CHANNELS: tuple[Channel, ...] = (
    Channel("OpenAPI document", ("/api/v1/openapi.json",)),
    Channel(
        "practices GeoJSON",
        ("/api/v1/practices.geojson", "/api/v1/practices.geojson?limit=1&after=0"),
    ),
    Channel("practices feed", ("/praxis/feed.atom",)),
    Channel("publications feed", ("/impulse/feed.atom", "/impulse/innenstadtstrategien/feed.atom")),
    Channel("projects feed", ("/vorhaben/feed.atom",)),
    Channel("alliances feed", ("/allianzen/feed/",)),
    Channel(
        "events calendar",
        ("/werkstaetten/kalender.ics", "/werkstaetten/kalender/innenstadtstrategien.ics"),
    ),
    Channel("event calendar entry", ("/werkstaetten/{event}/termin.ics",)),
    Channel("network graph", ("/netzwerk/graph.json",)),
    Channel("sector matrix", ("/netzwerk/bereiche.csv",)),
    Channel("partner suggestions of a profile", ("/mitwirkende/{actor}/partner.json",)),
    # /offene-daten/ (the opendata app): every dataset in every format, and the catalogue. The
    # dump (quartiersnetz-offene-daten.zip, compressed) is checked with the same world by
    # opendata/tests/test_dump.py.
    Channel("open-data page", ("/offene-daten/",)),
    Channel(
        "open-data CSV",
        tuple(
            f"/offene-daten/{name}.csv"
            for name in (
                "actors",
                "practices",
                "publications",
                "recommendations",
                "events",
                "series",
                "projects",
                "learnings",
                "alliances",
                "connections",
                "places",
                "taxonomy",
            )
        ),
    ),
    Channel(
        "open-data CSV for spreadsheets",
        ("/offene-daten/actors-excel.csv", "/offene-daten/events-excel.csv"),
    ),
    Channel(
        "open-data JSON",
        tuple(
            f"/offene-daten/{name}.json"
            for name in (
                "actors",
                "practices",
                "publications",
                "recommendations",
                "events",
                "series",
                "projects",
                "learnings",
                "alliances",
                "connections",
                "places",
                "taxonomy",
            )
        ),
    ),
    Channel(
        "open-data GeoJSON",
        tuple(
            f"/offene-daten/{name}.geojson"
            for name in ("practices", "events", "projects", "alliances", "places")
        ),
    ),
    Channel("open-data catalogue", ("/offene-daten/katalog.ttl", "/offene-daten/katalog.jsonld")),
    Channel(
        "detail pages with JSON-LD",
        (
            "/mitwirkende/{actor}/",
            "/praxis/{practice}/",
            "/impulse/{publication}/",
            "/werkstaetten/{event}/",
            "/vorhaben/{project}/",
            "/allianzen/{alliance}/",
        ),
    ),
)

# URL names of machine-readable answers that are not open data, and why.
NOT_OPEN_DATA: dict[str, str] = {
    "events:attendees_csv": "the organisers' attendee list, behind their login",
    "places:search_json": "the municipality picker of the forms (official directory data)",
    "api:docs": "a redirect to the API page",
}
