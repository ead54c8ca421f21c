"""Invented, realistic sample Vorhaben for `demo_data` ("Beispieldaten").

Eight projects in eight Länder, in every phase and with every method template, each with
partners from the sample organisations (`Actor.is_sample`), an accompaniment log and
learnings linked to sample practices. Seven are public (all partners consented); one awaits
the consent of a partner — the demo login's own organisation if it has one, so the demo can
show the consent step. Log dates count back from today; an entry about one of the sample
Praxiswerkstätten links it and is dated after it, and the description of every sample event
that accompanies a public project links the project back.

Deterministic (no randomness; fallbacks pick by slug order) and idempotent: a project whose
slug exists is skipped with everything in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor, Membership
from quartiersnetz.demo import dates
from quartiersnetz.events.models import Event, EventPartner
from quartiersnetz.events.services import event_search_text
from quartiersnetz.practices.models import Practice
from quartiersnetz.projects.models import Learning, Project, ProjectLogEntry, ProjectPartner
from quartiersnetz.taxonomy.models import ActionField, Approach, SpatialField

Role = ProjectPartner.Role


@dataclass(frozen=True)
class LogSpec:
    days_ago: int  # the entry's date, counted back from the day the demo is loaded
    title: str
    body: str
    step: str = ""
    # Slug of the sample Praxiswerkstatt the entry reports on: then the entry is dated a few
    # days after that event (`days_ago` only applies if the event is missing).
    event: str = ""
    days_after: int = 3


@dataclass(frozen=True)
class LearningSpec:
    title: str
    body: str
    practices: tuple[str, ...] = ()
    entry: int | None = None  # index into the project's log
    published: bool = True


@dataclass(frozen=True)
class ProjectSpec:
    slug: str
    title: str
    summary: str
    challenge: str
    description: str
    phase: str
    method: str
    step: str
    spatial: str
    approaches: tuple[str, ...]
    partners: tuple[tuple[str, str], ...]  # (organisation slug, role); the first sets the place
    log: tuple[LogSpec, ...] = ()
    learnings: tuple[LearningSpec, ...] = ()
    awaiting: bool = False
    # Sample events that accompany the project: their descriptions link the project; a past
    # one is also linked from a log entry (`LogSpec.event`).
    events: tuple[str, ...] = ()


PROJECTS: tuple[ProjectSpec, ...] = (
    ProjectSpec(
        slug="kaufhaus-der-nachbarschaft-bremen",
        title="Kaufhaus der Nachbarschaft",
        summary=(
            "Ein leerstehendes Warenhaus in der Bremer Innenstadt wird Etage für Etage zu einem "
            "Haus mit Bibliothek, Werkstätten, Läden und Räumen für Initiativen."
        ),
        challenge=(
            "Seit dem Auszug des Warenhauses steht ein ganzer Block leer. Eigentümer, Stadt "
            "und Initiativen wollen eine Mischung, die sich trägt – ohne dass einer allein "
            "das Risiko übernimmt."
        ),
        description=(
            "## Vorgehen\n\nIn drei Praxiswerkstätten entwickeln die Partner mit Design "
            "Thinking Nutzungsideen und testen sie als Prototyp im Erdgeschoss.\n\n"
            "## Ziel\n\nEin Betreibermodell, an dem Stadt, Eigentümer und Nutzende beteiligt sind."
        ),
        phase=Project.Phase.PROTOTYPE,
        method="design_thinking",
        step="prototyp",
        spatial="centres",
        approaches=("nutzungsmischung-handelsimmobilien",),
        partners=(
            ("stadtentwicklungsgesellschaft-bremen-mbh", Role.SPONSOR),
            ("stadt-bremen-stabsstelle-innenstadt", Role.MUNICIPALITY),
            ("kreativquartier-bremen-ev", Role.PARTNER),
        ),
        log=(
            LogSpec(
                330,
                "Auftakt mit Eigentümer und Stadt",
                "Rundgang durch alle fünf Etagen mit Hausmeister und Bauamt; Bestandsaufnahme "
                "der Flächen, Fluchtwege und Haustechnik.",
                "verstehen",
            ),
            LogSpec(
                92,
                "Praxiswerkstatt: Wer braucht welche Fläche?",
                "Die Bedarfsliste ist größer als das Haus. Nur ein Drittel der Interessierten "
                "kann mehr als die Nebenkosten zahlen – daher die Idee eines Generalmietvertrags.",
                "beobachten",
                event="beispiel-praxiswerkstatt-bremen",
            ),
            LogSpec(
                24,
                "Prototyp Erdgeschoss",
                "Seit drei Wochen Testbetrieb mit Lesecafé, Reparaturwerkstatt und zwei "
                "Pop-up-Läden; samstags kommen bis zu 900 Menschen durch die Tür.",
                "prototyp",
            ),
        ),
        events=("beispiel-praxiswerkstatt-bremen",),
        learnings=(
            LearningSpec(
                "Ein Generalmietvertrag senkt die Hürde für kleine Nutzungen",
                "Die Stadtentwicklungsgesellschaft mietet das Erdgeschoss und vermietet "
                "kurzfristig weiter. So können Initiativen ohne eigenes Risiko einsteigen.",
                ("kaufhaus-umnutzung-am-markt-bremen", "vom-warenhaus-zum-stadthaus-hannover"),
                entry=2,
            ),
        ),
    ),
    ProjectSpec(
        slug="kulturbahnhof-als-dritter-ort-rostock",
        title="Der Bahnhof als Dritter Ort",
        summary=(
            "Das Empfangsgebäude am Rostocker Stadtbahnhof soll ein offener Treffpunkt für "
            "das Quartier werden – als Living Lab mit den Menschen, die dort täglich umsteigen."
        ),
        challenge=(
            "Das Gebäude ist gut erreichbar, aber niemand hält sich gern dort auf. Wie wird "
            "aus einem Durchgangsort ein Ort zum Bleiben?"
        ),
        description="Der Kulturbahnhof erprobt mit der Nachbarschaft Nutzungen im Wartesaal.",
        phase=Project.Phase.DEVELOPMENT,
        method="living_lab",
        step="exploration",
        spatial="quarters",
        approaches=("creative-places",),
        partners=(
            ("kulturbahnhof-rostock-ev", Role.SPONSOR),
            ("werkstatt-zukunft-schwerin-ev", Role.ACCOMPANIMENT),
        ),
        log=(
            LogSpec(
                270,
                "Ko-Kreationsrunde im Wartesaal",
                "Pendelnde, Anwohnende und die Bahnhofsmission legten drei Ziele fest: "
                "Sitzplätze ohne Verzehrpflicht, eine Toilette, ein Ort für Kinder.",
                "ko_kreation",
            ),
            LogSpec(
                200,
                "Zählung und Befragung",
                "An drei Tagen zählten Studierende Wege und Aufenthalte; 212 Kurzinterviews.",
                "exploration",
            ),
        ),
        learnings=(
            LearningSpec(
                "Beobachten vor Fragen",
                "Die Zählung zeigte Aufenthaltsorte, die in keiner Befragung genannt wurden.",
                ("kulturbahnhof-brockum",),
                entry=1,
            ),
        ),
    ),
    ProjectSpec(
        slug="campus-altenburg",
        title="Kleinstadt als Campus: Altenburg",
        summary=(
            "Leere Wohnungen und Läden in der Altstadt werden zu Ateliers, Probewohnungen und "
            "Seminarräumen für Studierende und Kreative auf Zeit."
        ),
        challenge="Die Altstadt verliert Einwohnerinnen und Einwohner; Hochschulen fehlen vor Ort.",
        description="Theaterkollektiv, Genossenschaft und Stiftung entwickeln ein Campusmodell.",
        phase=Project.Phase.DEVELOPMENT,
        method="design_thinking",
        step="ideen",
        spatial="small_towns",
        approaches=("kleinstadt-als-campus", "kreativimport"),
        partners=(
            ("theaterkollektiv-stadtraum-altenburg", Role.SPONSOR),
            ("wohnungsbaugenossenschaft-erfurt-eg", Role.PARTNER),
            ("stiftung-zukunftsorte-loberschutz", Role.PARTNER),
        ),
        log=(
            LogSpec(
                430,
                "Stadtspaziergang mit Studierenden",
                "Zwölf Studierende aus Leipzig und Jena erkundeten die Altstadt.",
                "beobachten",
            ),
            LogSpec(
                310,
                "Ideenwerkstatt im Theaterfoyer",
                "Drei Modelle: Semester in der Kleinstadt, Atelierwohnen, Sommerschule.",
                "ideen",
            ),
        ),
        learnings=(
            LearningSpec(
                "Probewohnen braucht einen festen Ansprechpartner",
                "Wer auf Zeit kommt, sucht eine Person, die Türen öffnet – nicht ein Portal.",
                (
                    "probewohnen-und-arbeiten-in-der-altstadt-loberschutz",
                    "zwei-wochen-hirschfeld-auf-probe",
                ),
                entry=1,
            ),
        ),
    ),
    ProjectSpec(
        slug="ladenzeile-auf-probe-mittelangeln",
        title="Ladenzeile auf Probe",
        summary=(
            "Vier leere Läden in der Ortsmitte werden ein Jahr lang mietfrei an "
            "Gründerinnen und Gründer vergeben – begleitet als Living Lab."
        ),
        challenge=(
            "Die Ortsmitte verliert Frequenz; Eigentümer warten auf Mieter, die nicht kommen."
        ),
        description="Das Innenstadtbüro vermittelt, die Initiative aus Kiel begleitet.",
        phase=Project.Phase.TRIAL,
        method="living_lab",
        step="experimentieren",
        spatial="centres",
        approaches=("transformationsmanagement",),
        partners=(
            ("innenstadtburo-mittelangeln", Role.SPONSOR),
            ("initiative-leerstand-belebt-kiel", Role.ACCOMPANIMENT),
        ),
        log=(
            LogSpec(600, "Ziele mit den Eigentümern", "", "ko_kreation"),
            LogSpec(
                545,
                "Ausschreibung der Läden",
                "31 Bewerbungen, vier Zusagen: Unverpacktladen, Nähatelier, Fahrradwerkstatt "
                "und ein Café mit Kinderecke.",
                "exploration",
            ),
            LogSpec(
                180,
                "Halbzeit-Werkstatt im Innenstadtbüro",
                "Zwei Läden tragen sich schon, zwei brauchen Unterstützung.",
                "experimentieren",
            ),
        ),
        learnings=(
            LearningSpec(
                "Mietfrei heißt nicht kostenlos",
                "Nebenkosten und Versicherung überforderten zwei Gründerinnen; ein kleiner "
                "Fonds hätte geholfen.",
                ("testladen-in-der-innenstadt-mittelangeln", "ladenlokale-auf-probe-kolleda"),
                entry=2,
            ),
            LearningSpec(
                "Zwischenbilanz öffentlich machen",
                "Noch nicht abgestimmt: eine Ausstellung der Ergebnisse im Schaufenster.",
                entry=2,
                published=False,
            ),
        ),
    ),
    ProjectSpec(
        slug="mikroquartier-oststadt-regensburg",
        title="Mikroquartier Oststadt",
        summary=(
            "Ein Block mit Genossenschaftswohnungen, Hinterhöfen und einem leeren Ladenlokal "
            "wird zum Kern einer aktivierenden Quartiersentwicklung."
        ),
        challenge=(
            "Viele Nachbarinnen und Nachbarn kennen sich nicht; Höfe und Erdgeschosse sind "
            "verschlossen."
        ),
        description="Die Stiftung finanziert, die Wohnungsgesellschaft öffnet Höfe und Läden.",
        phase=Project.Phase.CONSOLIDATION,
        method="design_thinking",
        step="testen",
        spatial="quarters",
        approaches=("mikroquartiere",),
        partners=(
            ("gemeinschaftsstiftung-quartier-regensburg-oststadt", Role.SPONSOR),
            ("kommunale-wohnungsgesellschaft-lauf-adpegnitz-mbh", Role.PARTNER),
        ),
        log=(
            LogSpec(1290, "Hoffest als Prototyp", "", "prototyp"),
            LogSpec(
                440,
                "Nachbarschaftsbudget ausgewertet",
                "18 Projekte, 9 000 Euro, 400 Beteiligte.",
                "testen",
            ),
        ),
        events=("beispiel-praxiswerkstatt-regensburg",),
        learnings=(
            LearningSpec(
                "Ein kleines Budget mit eigener Entscheidung aktiviert",
                "Wenn die Nachbarschaft selbst über kleine Beträge entscheidet, kommen Menschen, "
                "die sonst an keiner Beteiligung teilnehmen.",
                ("kiezrat-mit-eigenem-budget-lauf-adpegnitz", "nachbarschaftsbudget-berlin"),
                entry=1,
            ),
        ),
    ),
    ProjectSpec(
        slug="dorfladen-plus-hallenberg",
        title="Dorfladen plus",
        summary=(
            "Der genossenschaftliche Dorfladen erweitert sich um Kulturscheune, Paketstation und "
            "Coworking – und wird so zum Treffpunkt des Ortes."
        ),
        challenge="Der Laden allein trägt sich knapp; das Dorf braucht mehr als Einkaufen.",
        description="Ohne Methodenvorlage: die Partner arbeiten in offenen Dorfabenden.",
        phase=Project.Phase.TRIAL,
        method="none",
        step="",
        spatial="small_towns",
        approaches=("kreativimport",),
        partners=(
            ("genossenschaft-dorfladen-hallenberg-eg", Role.SPONSOR),
            ("stiftung-zukunftsorte-lugde", Role.PARTNER),
        ),
        log=(
            LogSpec(
                250,
                "Dorfabend zur Kulturscheune",
                "Vereine und Laden sammelten Ideen für ein gemeinsames Programm.",
            ),
            LogSpec(
                49,
                "Praxiswerkstatt: ein Jahresprogramm für die Scheune",
                "Kino an jedem ersten Freitag, Reparaturcafé im Winter, Lesungen mit der "
                "Stadtbücherei; die Paketstation kommt im Frühjahr.",
                event="beispiel-praxiswerkstatt-hallenberg",
            ),
        ),
        events=("beispiel-praxiswerkstatt-hallenberg",),
        learnings=(
            LearningSpec(
                "Mehrere kleine Einnahmen stabilisieren den Laden",
                "Paketstation, Raumvermietung und Kulturprogramm tragen zusammen ein Fünftel "
                "der Kosten.",
                ("dorfladen-mit-kulturscheune-hallenberg",),
                entry=0,
            ),
        ),
    ),
    ProjectSpec(
        slug="innenstadtdialog-halle",
        title="Innenstadtdialog Halle",
        summary=(
            "Stadtmarketing, Zwischennutzungsagentur und Händler erarbeiten gemeinsam, was die "
            "Innenstadt nach dem Strukturwandel des Handels sein soll."
        ),
        challenge="Leerstand an der Hauptachse und unterschiedliche Interessen der Eigentümer.",
        description="Der Dialog beginnt mit Beobachtungen auf der Straße.",
        phase=Project.Phase.DEVELOPMENT,
        method="design_thinking",
        step="verstehen",
        spatial="centres",
        approaches=("transformationsmanagement", "nutzungsmischung-handelsimmobilien"),
        partners=(
            ("stadtmarketing-halle-saale-gmbh", Role.SPONSOR),
            ("agentur-fur-zwischennutzung-aschersleben", Role.ACCOMPANIMENT),
        ),
        log=(LogSpec(210, "Auftakt im Rathaus", "", "verstehen"),),
        events=("beispiel-sondierung-halle",),
    ),
    ProjectSpec(
        slug="weststadt-werkstatt-saarbruecken",
        title="Weststadt-Werkstatt",
        summary=(
            "Ein ehemaliges Umspannwerk wird zur offenen Werkstatt für Handwerk, Kunst und "
            "Nachbarschaft – ein Living Lab in der Saarbrücker Weststadt."
        ),
        challenge="Das Gebäude ist denkmalgeschützt, die Nutzung noch offen.",
        description="Die Partner werten die erste Erprobungsphase aus.",
        phase=Project.Phase.PROTOTYPE,
        method="living_lab",
        step="evaluation",
        spatial="quarters",
        approaches=("creative-places",),
        partners=(
            ("gemeinschaftsstiftung-quartier-saarbrucken-weststadt", Role.SPONSOR),
            ("stadt-st-ingbert-amt-fur-stadtentwicklung", Role.MUNICIPALITY),
        ),
        log=(LogSpec(160, "Auswertung der offenen Werkstatttage", "", "evaluation"),),
        learnings=(
            LearningSpec(
                "Offene Werkstatttage brauchen feste Zeiten",
                "Ein verlässlicher Wochentag brachte mehr Menschen als wechselnde Termine.",
                ("ateliers-im-alten-umspannwerk-saarbrucken",),
                entry=0,
            ),
        ),
        awaiting=True,
    ),
)


def _organisations(slugs: list[str]) -> dict[str, Actor]:
    return {
        a.slug: a
        for a in Actor.objects.filter(
            slug__in=slugs, is_sample=True, kind=Actor.Kind.ORGANISATION
        ).select_related("municipality")
    }


def _fallbacks() -> QuerySet[Actor]:
    return (
        Actor.objects.filter(
            is_sample=True, kind=Actor.Kind.ORGANISATION, municipality__isnull=False
        )
        .select_related("municipality")
        .order_by("slug")
    )


def _consenter(actor: Actor) -> User | None:
    membership = (
        Membership.objects.filter(organisation=actor).select_related("user").order_by("id").first()
    )
    return membership.user if membership else None


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def _announce_project(event: Event, project: Project, partners: list[Actor]) -> None:
    """The event's side of the link: its description names and links the project, and the
    project's partners hold it (the lead as host)."""
    EventPartner.objects.filter(event=event).delete()
    for position, actor in enumerate(partners):
        role = EventPartner.Role.HOST if position == 0 else EventPartner.Role.LOCAL_PARTNER
        EventPartner.objects.create(event=event, actor=actor, role=role)
    url = project.get_absolute_url()
    if url in event.description:
        return
    event.description += (
        f"\n\n## Zum Vorhaben\n\nDie Werkstatt begleitet das Vorhaben "
        f"[„{project.title}“]({url}) in {project.municipality.name}."
    )
    event.search_text = event_search_text(event)
    event.save(update_fields=["description", "search_text", "updated"])


def _announcement(project: Project, event: Event, step: str, curator: User) -> ProjectLogEntry:
    """The project's side of an accompanying Werkstatt that its log does not report on yet: an
    entry four weeks before it (or today, if that is sooner) that the invitation is out."""
    start = timezone.localtime(event.start).date()
    today = timezone.localdate()
    date = dates.working_days_from(min(today, start - dt.timedelta(days=28)), backwards=True)
    return ProjectLogEntry.objects.create(
        project=project,
        date=date,
        title="Einladung zur Werkstatt verschickt",
        body=(
            f"Die Einladung zu „{event.title}“ am {start:%d.%m.%Y} ist verschickt. "
            "Wer mitarbeiten möchte, meldet sich über die Seite der Werkstatt an."
        ),
        step=step,
        event=event,
        created_by=curator,
    )


def load(*, curator: User, demo_user: User | None = None) -> dict[str, int]:
    """Add the sample records (idempotent); returns counts for the command's summary."""
    with transaction.atomic():
        return _load(curator=curator, demo_user=demo_user)


def _load(*, curator: User, demo_user: User | None) -> dict[str, int]:
    counts = {"created": 0, "skipped": 0}
    existing = set(
        Project.objects.filter(slug__in=[s.slug for s in PROJECTS]).values_list("slug", flat=True)
    )
    wanted = [slug for spec in PROJECTS for slug, _role in spec.partners]
    orgs = _organisations(wanted)
    fallbacks = list(_fallbacks()[:40])
    if not orgs and not fallbacks:
        counts["skipped"] = len(PROJECTS)
        return counts
    demo_org = None
    if demo_user is not None:
        demo_org = (
            Actor.objects.filter(memberships__user=demo_user, kind=Actor.Kind.ORGANISATION)
            .order_by("name", "id")
            .first()
        )
    spatial = {s.slug: s for s in SpatialField.objects.all()}
    action_by_spatial = {a.spatial_field_id: a for a in ActionField.objects.order_by("-position")}
    approaches = {a.slug: a for a in Approach.objects.all()}
    # The sample events the projects name; only public ones, as a draft would not be linked.
    wanted_events = {e for spec in PROJECTS for e in (*spec.events, *(x.event for x in spec.log))}
    events = {
        e.slug: e
        for e in Event.objects.published().filter(slug__in=wanted_events - {""}, is_sample=True)
    }
    practices = {p.slug: p for p in Practice.objects.published().filter(is_sample=True)}
    now = timezone.now()
    today = timezone.localdate()
    for index, spec in enumerate(PROJECTS):
        if spec.slug in existing:
            counts["skipped"] += 1
            continue
        partners: list[tuple[Actor, str]] = []
        for position, (slug, role) in enumerate(spec.partners):
            actor = orgs.get(slug)
            if actor is None and fallbacks:
                actor = fallbacks[(index * 3 + position) % len(fallbacks)]
            if actor is not None and all(actor.pk != a.pk for a, _r in partners):
                partners.append((actor, role))
        pending: Actor | None = None
        if spec.awaiting:
            if demo_org is not None and all(demo_org.pk != a.pk for a, _r in partners):
                partners.append((demo_org, Role.PARTNER))
            pending = partners[-1][0]
        place = partners[0][0].municipality
        if place is None:
            counts["skipped"] += 1
            continue
        field_ = spatial[spec.spatial]
        public = not spec.awaiting
        # Public (and consented to) since shortly after the first log entry.
        first_day = today - dt.timedelta(days=max((log.days_ago for log in spec.log), default=0))
        since = min(
            now,
            dt.datetime.combine(first_day + dt.timedelta(days=2), dt.time(10), tzinfo=dt.UTC),
        )
        project = Project(
            slug=spec.slug,
            title=spec.title,
            summary=spec.summary,
            challenge=spec.challenge,
            description=spec.description,
            municipality=place,
            phase=spec.phase,
            method=spec.method,
            current_step=spec.step,
            spatial_field=field_,
            action_field=action_by_spatial.get(field_.pk),
            state=Project.State.PUBLIC if public else Project.State.AWAITING_CONSENT,
            public_since=since if public else None,
            created_by=curator,
            is_sample=True,
        )
        project.save()
        project.approaches.set([approaches[a] for a in spec.approaches if a in approaches])
        for position, (actor, role) in enumerate(partners):
            consented = actor != pending
            ProjectPartner.objects.create(
                project=project,
                actor=actor,
                role=role,
                is_lead=position == 0,  # the first partner leads (Federführung)
                consented_at=since if consented else None,
                consented_by=_consenter(actor) if consented else None,
            )
        entries: list[ProjectLogEntry] = []
        for log in spec.log:
            date = dates.working_days_from(today - dt.timedelta(days=log.days_ago), backwards=True)
            event = events.get(log.event)
            if event is not None:
                event_end = timezone.localtime(event.end).date()
                if event_end >= today:  # not over yet: nothing to report
                    event = None
                else:
                    date = min(today, event_end + dt.timedelta(days=log.days_after))
            entries.append(
                ProjectLogEntry.objects.create(
                    project=project, date=date, title=log.title, body=log.body,
                    step=log.step, event=event, created_by=curator,
                )
            )  # fmt: skip
        if public:
            for slug in spec.events:
                if slug in events:
                    _announce_project(events[slug], project, [a for a, _role in partners])
                    if all(entry.event_id != events[slug].pk for entry in entries):
                        entries.append(_announcement(project, events[slug], spec.step, curator))
        for item in spec.learnings:
            learning = Learning.objects.create(
                project=project,
                log_entry=entries[item.entry] if item.entry is not None else None,
                title=item.title,
                body=item.body,
                is_published=item.published,
                published_at=(
                    min(now, _noon(entries[item.entry].date) + dt.timedelta(days=5))
                    if item.published and item.entry is not None
                    else now
                    if item.published
                    else None
                ),
                created_by=curator,
            )
            learning.practices.set([practices[s] for s in item.practices if s in practices])
        counts["created"] += 1
    return counts
