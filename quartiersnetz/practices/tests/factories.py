import factory
from django.utils import timezone

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices.models import Practice, PracticeActor, PracticeRating
from quartiersnetz.taxonomy.models import PracticeKind, PracticeType, SpatialField


class PracticeFactory(factory.django.DjangoModelFactory):
    """A published Ort (Dritter Ort) in Herne, field "Quartiere"; pass state= for others."""

    class Meta:
        model = Practice
        skip_postgeneration_save = True

    kind = factory.LazyFunction(lambda: PracticeKind.objects.get(slug="place"))
    type = factory.LazyAttribute(
        lambda o: PracticeType.objects.filter(kind=o.kind).order_by("position", "id").first()
    )
    title = factory.Sequence(lambda n: f"Stadtteilladen Nummer {n}")
    slug = factory.Sequence(lambda n: f"praxis-{n}")
    summary = "Ein leerstehendes Ladenlokal wird zum Treffpunkt für die Nachbarschaft."
    description = "## Ausgangslage\n\nViele Läden standen leer."
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(ags="05916000"))
    spatial_field = factory.LazyFunction(lambda: SpatialField.objects.get(slug="quarters"))
    organisation = factory.SubFactory(OrganisationFactory)
    state = Practice.State.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.state == Practice.State.PUBLISHED else None
    )
    start_year = 2019

    @factory.post_generation
    def action_fields(self, create, extracted, **kwargs):
        if create and extracted:
            self.action_fields.set(extracted)

    @factory.post_generation
    def approaches(self, create, extracted, **kwargs):
        if create and extracted:
            self.approaches.set(extracted)


class PracticeActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeActor

    practice = factory.SubFactory(PracticeFactory)
    actor = factory.SubFactory(OrganisationFactory)
    role = PracticeActor.Role.PARTNER


class PracticeRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeRating

    practice = factory.SubFactory(PracticeFactory)
    criterion = "transferability"
    score = 4
    reason = "Lässt sich mit wenig Aufwand in anderen Kleinstädten umsetzen."


# Curation workflow ---------------------------------------------------------------------------


class DraftPracticeFactory(PracticeFactory):
    """A draft (never published) — visible only to its organisation's members and curators."""

    state = Practice.State.DRAFT


class SubmittedPracticeFactory(PracticeFactory):
    """A practice waiting for review since `submitted_at` (default: now)."""

    state = Practice.State.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class ReturnedPracticeFactory(PracticeFactory):
    state = Practice.State.RETURNED
    submitted_at = factory.LazyFunction(timezone.now)
