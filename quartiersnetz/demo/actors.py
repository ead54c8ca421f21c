"""Invented, realistic sample organisations, expert profiles and the demo logins for `demo_data`
("Beispieldaten").

About 70 organisations from all seven sectors and all 16 Bundesländer (municipalities of every
size class from the official directory), 18 expert profiles with sample accounts and a few
memberships whose members agreed to be named. Every record is marked `is_sample=True`; the
plan is deterministic (fixed seed) and loading again adds nothing.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils.text import slugify

from quartiersnetz.accounts.models import Consent, User
from quartiersnetz.accounts.rules import CURATOR_GROUP
from quartiersnetz.accounts.services import consent_record
from quartiersnetz.actors import services
from quartiersnetz.actors.models import Actor, Membership, actor_search_text
from quartiersnetz.demo import content
from quartiersnetz.demo.bulk import SCALE_SLUG_REGEX
from quartiersnetz.places.models import Municipality, State
from quartiersnetz.taxonomy.models import ActionField, Approach, Sector, SpatialField

SEED = 2026
ORGANISATION_COUNT = 70

DEMO_EMAIL = "demo@quartiersnetz.example"
DEMO_PASSWORD = "Gemeinsam-fuer-das-Quartier"  # noqa: S105 - documented demo login
DEMO_NAME = "Kim Beispiel"
CURATOR_EMAIL = "kuration@quartiersnetz.example"
CURATOR_PASSWORD = "Kuration-Gemeinsam-2026"  # noqa: S105 - documented demo login
CURATOR_NAME = "Kuration (Demo)"
EXPERT_DOMAIN = "demo.quartiersnetz.example"

# Plan positions of the organisations the demo login owns, and (expert, organisation, public)
# memberships of sample experts.
DEMO_OWNED = (0, 4)
EXPERT_MEMBERSHIPS = ((0, 6, True), (1, 11, True), (3, 19, True), (6, 24, True), (8, 29, True),
                      (9, 6, False))  # fmt: skip


@dataclass(frozen=True)
class Place:
    ags: str
    name: str
    official_name: str
    state: str
    size_class: str
    population: int


@dataclass(frozen=True)
class ProfileSpec:
    name: str
    sector: str
    ags: str
    spatial_fields: tuple[str, ...]
    approaches: tuple[str, ...]
    summary: str
    description: str
    offers: str
    seeks: str
    website: str = ""
    contact_email: str = ""
    email: str = ""  # the sample account of an expert profile


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _authority(place: Place) -> str:
    """The kind of authority (Stadt, Markt, Flecken, Gemeinde) from the official name."""
    suffix = place.official_name.rpartition(",")[2].strip().lower()
    if "," not in place.official_name:
        return "Gemeinde"
    if "stadt" in suffix or suffix in {"st", "gkst"}:
        return "Stadt"
    if suffix in {"m", "marktgemeinde", "marktflecken"}:
        return "Markt"
    if suffix == "flecken":
        return "Flecken"
    return "Gemeinde"


class Planner:
    """Builds the sample profiles from a seeded random generator and the database's taxonomy
    and municipality directory; the plan is the same on every run with the same data."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible sample data
        places = [
            Place(*row)
            for row in Municipality.objects.filter(population__gt=0)
            .exclude(official_name__icontains="gemeindefrei")
            .order_by("ags")
            .values_list("ags", "name", "official_name", "state", "size_class", "population")
        ]
        self.by_state_size: dict[tuple[str, str], list[Place]] = defaultdict(list)
        self.by_state: dict[str, list[Place]] = defaultdict(list)
        for place in places:
            self.by_state_size[(place.state, place.size_class)].append(place)
            self.by_state[place.state].append(place)
        self.approaches_by_spatial: dict[str, list[str]] = defaultdict(list)
        for slug, spatial in Approach.objects.order_by("slug").values_list(
            "slug", "action_field__spatial_field__slug"
        ):
            self.approaches_by_spatial[spatial].append(slug)
        known = set(Sector.objects.values_list("slug", flat=True))
        self.sectors = [slug for slug in content.ORGANISATION_NAMES if slug in known]

    def place(self, state: str, size: str) -> Place:
        pool = self.by_state_size.get((state, size)) or self.by_state[state]
        return self.rng.choices(pool, weights=[p.population**0.5 for p in pool])[0]

    def fields(self, size: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        options = content.SPATIAL_BY_SIZE[size]
        spatial = self.rng.sample(options, self.rng.randint(1, min(2, len(options))))
        spatial_sorted = tuple(s for s in options if s in spatial)
        candidates = [a for s in spatial_sorted for a in self.approaches_by_spatial.get(s, [])]
        count = min(len(candidates), self.rng.randint(1, 2))
        return spatial_sorted, tuple(sorted(self.rng.sample(candidates, count)))

    def description(self, sector: str, place: Place, spatial: tuple[str, ...]) -> str:
        intro = self.rng.choice(content.INTRO[sector]).format(
            ort=place.name,
            year=self.rng.randint(1995, 2022),
            members=self.rng.randint(40, 900),
            projects=self.rng.randint(5, 40),
        )
        focus_pool = [f for s in spatial for f in content.FOCUS[s]]
        focus = self.rng.sample(focus_pool, min(len(focus_pool), self.rng.randint(2, 3)))
        closing = self.rng.choice(content.CLOSING)
        return f"{intro}\n\n## Schwerpunkte\n\n{_bullets(focus)}\n\n{closing}"

    def organisations(self, count: int = ORGANISATION_COUNT) -> list[ProfileSpec]:
        states = list(State.values)
        specs: list[ProfileSpec] = []
        names: set[str] = set()
        for i in range(count):
            state = states[i % len(states)]
            sector = self.sectors[i % len(self.sectors)]
            size = content.SIZES[(i + i // len(states)) % len(content.SIZES)]
            name, place = "", None
            for _attempt in range(20):
                place = self.place(state, size)
                patterns = [p for p, sizes in content.ORGANISATION_NAMES[sector]
                            if place.size_class in sizes]  # fmt: skip
                self.rng.shuffle(patterns)
                for pattern in patterns:
                    candidate = pattern.format(
                        ort=place.name,
                        viertel=self.rng.choice(content.QUARTERS),
                        körperschaft=_authority(place),
                    )
                    if candidate not in names:
                        name = candidate
                        break
                if name:
                    break
            if place is None or not name:
                raise RuntimeError("no unique sample name found")
            names.add(name)
            spatial, approaches = self.fields(place.size_class)
            domain = slugify(name)[:63].strip("-")
            roll = self.rng.random()
            specs.append(
                ProfileSpec(
                    name=name,
                    sector=sector,
                    ags=place.ags,
                    spatial_fields=spatial,
                    approaches=approaches,
                    summary=self.rng.choice(content.SUMMARIES[sector]).format(ort=place.name),
                    description=self.description(sector, place, spatial),
                    offers=_bullets(self.rng.sample(content.OFFERS[sector], 2)),
                    seeks=_bullets(self.rng.sample(content.SEEKS[sector], 2)),
                    website=f"https://{domain}.example" if roll < 0.7 else "",
                    contact_email=f"kontakt@{domain}.example" if roll < 0.45 else "",
                )
            )
        return specs

    def experts(self) -> list[ProfileSpec]:
        states = list(State.values)
        specs = []
        for j, (name, local, sector, summary, offers, seeks) in enumerate(content.EXPERTS):
            state = states[(j * 7 + 3) % len(states)]
            place = self.place(state, content.SIZES[j % len(content.SIZES)])
            spatial, approaches = self.fields(place.size_class)
            focus_pool = [f for s in spatial for f in content.FOCUS[s]]
            focus = self.rng.sample(focus_pool, min(len(focus_pool), 2))
            description = (
                f"{summary} Ich lebe und arbeite in {place.name}.\n\n"
                f"## Themen\n\n{_bullets(focus)}\n\n{self.rng.choice(content.CLOSING)}"
            )
            specs.append(
                ProfileSpec(
                    name=name,
                    sector=sector,
                    ags=place.ags,
                    spatial_fields=spatial,
                    approaches=approaches,
                    summary=summary,
                    description=description,
                    offers=_bullets(offers),
                    seeks=_bullets(seeks),
                    email=f"{local}@{EXPERT_DOMAIN}",
                )
            )
        return specs


class ActorLoader:
    """Creates the planned sample profiles and accounts (through the services where an owner or
    an account is involved, in bulk for the ownerless organisations)."""

    def load(self) -> dict[str, int]:
        counts = dict.fromkeys(("organisations", "experts", "memberships", "users", "skipped"), 0)
        planner = Planner()
        organisations, experts = planner.organisations(), planner.experts()
        self.taken_slugs: set[str] = set()
        self.sectors = {s.slug: s for s in Sector.objects.all()}
        self.spatial = {s.slug: s for s in SpatialField.objects.all()}
        self.approaches = {a.slug: a for a in Approach.objects.select_related("action_field")}
        self.action_fields = {a.pk: a for a in ActionField.objects.all()}
        self.places = {
            m.ags: m
            for m in Municipality.objects.filter(ags__in={s.ags for s in organisations + experts})
        }

        demo_user, created = self.account(DEMO_EMAIL, DEMO_NAME, DEMO_PASSWORD)
        counts["users"] += created
        curator, created = self.account(CURATOR_EMAIL, CURATOR_NAME, CURATOR_PASSWORD)
        counts["users"] += created
        if created:
            curator.is_staff = True
            curator.save(update_fields=["is_staff"])
        curator.groups.add(Group.objects.get_or_create(name=CURATOR_GROUP)[0])

        demo_organisations = Actor.objects.filter(
            is_sample=True, kind=Actor.Kind.ORGANISATION
        ).exclude(slug__regex=SCALE_SLUG_REGEX)
        existing = set(demo_organisations.values_list("name", flat=True))
        bulk: list[tuple[Actor, ProfileSpec]] = []
        for position, spec in enumerate(organisations):
            if spec.name in existing:
                counts["skipped"] += 1
                continue
            counts["organisations"] += 1
            if position in DEMO_OWNED:
                data = {**self.profile_data(spec), "show_me_publicly": True}
                actor = services.organisation_create(user=demo_user, data=data)
                Actor.objects.filter(pk=actor.pk).update(is_sample=True)
            else:
                bulk.append((self.organisation(spec), spec))
        self.bulk_insert(bulk)

        expert_users: list[User] = []
        for spec in experts:
            user, created = self.account(spec.email, spec.name, None)
            counts["users"] += created
            expert_users.append(user)
            if Actor.objects.filter(user=user).exists():
                counts["skipped"] += 1
                continue
            actor = services.person_profile_save(user=user, data=self.profile_data(spec))
            Actor.objects.filter(pk=actor.pk).update(is_sample=True)
            counts["experts"] += 1

        for expert, position, public in EXPERT_MEMBERSHIPS:
            if expert >= len(expert_users) or position >= len(organisations):
                continue
            organisation = demo_organisations.filter(name=organisations[position].name).first()
            if organisation is None:
                continue
            _membership, created = Membership.objects.get_or_create(
                user=expert_users[expert],
                organisation=organisation,
                defaults={"role": Membership.Role.EDITOR, "is_public": public},
            )
            counts["memberships"] += created
        return counts

    def account(self, email: str, name: str, password: str | None) -> tuple[User, bool]:
        """The sample account for `email`; a new one gets `password` (None: unusable)."""
        user = User.objects.filter(email=email).first()
        if user is not None:
            return user, False
        user = User.objects.create_user(email=email, password=password, display_name=name)
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        consent_record(user=user, kind=Consent.Kind.TERMS, version=settings.TERMS_VERSION)
        consent_record(user=user, kind=Consent.Kind.PRINCIPLES, version=settings.PRINCIPLES_VERSION)
        return user, True

    def profile_data(self, spec: ProfileSpec) -> dict[str, Any]:
        """Service input (see services.PROFILE_FIELDS / M2M_FIELDS) for one spec."""
        approaches = [self.approaches[a] for a in spec.approaches if a in self.approaches]
        action_fields = {a.action_field_id for a in approaches}
        action_fields.update(
            af.pk for af in self.action_fields.values()
            if any(self.spatial[s].pk == af.spatial_field_id
                   for s in spec.spatial_fields if s in self.spatial)
        )  # fmt: skip
        return {
            "name": spec.name,
            "sector": self.sectors[spec.sector],
            "municipality": self.places.get(spec.ags),
            "summary": spec.summary,
            "description": spec.description,
            "offers": spec.offers,
            "seeks": spec.seeks,
            "website": spec.website,
            "links": "",
            "contact_email": spec.contact_email,
            "spatial_fields": [self.spatial[s] for s in spec.spatial_fields if s in self.spatial],
            "action_fields": [self.action_fields[pk] for pk in sorted(action_fields)],
            "approaches": approaches,
        }

    def organisation(self, spec: ProfileSpec) -> Actor:
        data = self.profile_data(spec)
        actor = Actor(kind=Actor.Kind.ORGANISATION, is_sample=True)
        for field in services.PROFILE_FIELDS:
            setattr(actor, field, data[field])
        actor.slug = self.free_slug(spec.name)
        actor.search_text = actor_search_text(actor)
        actor.full_clean(exclude=["logo", "slug"])
        return actor

    def free_slug(self, name: str) -> str:
        base = slugify(name)[:200] or "mitwirkende"
        slug, counter = base, 2
        while (
            slug in services.RESERVED_SLUGS
            or slug in self.taken_slugs
            or Actor.objects.filter(slug=slug).exists()
        ):
            slug, counter = f"{base}-{counter}", counter + 1
        self.taken_slugs.add(slug)
        return slug

    def bulk_insert(self, rows: list[tuple[Actor, ProfileSpec]]) -> None:
        """Insert organisations without an owner in one go, with their M2M through rows."""
        actors = Actor.objects.bulk_create([actor for actor, _spec in rows], batch_size=500)
        through_rows: dict[str, list[Any]] = defaultdict(list)
        for actor, (_unsaved, spec) in zip(actors, rows, strict=True):
            data = self.profile_data(spec)
            for field in services.M2M_FIELDS:
                manager = getattr(Actor, field)
                through = manager.through
                column = manager.field.m2m_reverse_field_name()
                for target in data.get(field, ()):
                    through_rows[field].append(through(actor_id=actor.pk, **{column: target}))
        for field, objs in through_rows.items():
            getattr(Actor, field).through.objects.bulk_create(objs, batch_size=1000)


def load() -> dict[str, int]:
    """Load the sample profiles and accounts; counts of what was created and skipped."""
    return ActorLoader().load()
