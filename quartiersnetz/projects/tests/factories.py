import factory
from django.utils import timezone

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.places.models import Municipality
from quartiersnetz.projects.models import Learning, Project, ProjectLogEntry, ProjectPartner
from quartiersnetz.taxonomy.models import SpatialField


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project in Herne ("Quartiere", Design Thinking, step "beobachten").

    Created as it is stored: without partners it awaits consent. Use `PublicProjectFactory`
    for a public one (one consented partner).
    """

    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Quartierslabor Nummer {n}")
    slug = factory.Sequence(lambda n: f"vorhaben-{n}")
    summary = "Ein leerstehendes Kaufhaus wird gemeinsam zum Ort für die Nachbarschaft."
    description = "## Ziel\n\nEin offenes Haus für alle."
    challenge = "Leerstand in der Fußgängerzone."
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(ags="05916000"))
    spatial_field = factory.LazyFunction(lambda: SpatialField.objects.get(slug="quarters"))
    phase = Project.Phase.DEVELOPMENT
    method = "design_thinking"
    current_step = "beobachten"
    state = Project.State.AWAITING_CONSENT
    public_since = factory.LazyAttribute(
        lambda o: timezone.now() if o.state == Project.State.PUBLIC else None
    )


class ProjectPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectPartner

    project = factory.SubFactory(ProjectFactory)
    actor = factory.SubFactory(OrganisationFactory)
    role = ProjectPartner.Role.SPONSOR
    is_lead = False
    consented_at = None


class PublicProjectFactory(ProjectFactory):
    """A public project: one (lead) partner organisation that has consented."""

    state = Project.State.PUBLIC

    @factory.post_generation
    def partner(self, create, extracted, **kwargs):
        if create:
            ProjectPartnerFactory(
                project=self,
                actor=extracted or OrganisationFactory(),
                consented_at=timezone.now(),
                is_lead=True,
            )


class LogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectLogEntry

    project = factory.SubFactory(PublicProjectFactory)
    date = factory.LazyFunction(timezone.localdate)
    title = factory.Sequence(lambda n: f"Werkstatttag {n}")
    body = "Wir haben mit Anwohnerinnen gesprochen."


class LearningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Learning
        skip_postgeneration_save = True

    project = factory.SubFactory(PublicProjectFactory)
    title = factory.Sequence(lambda n: f"Erkenntnis {n}")
    body = "Zwischennutzung braucht einen verlässlichen Ansprechpartner im Rathaus."
    is_published = True
    published_at = factory.LazyAttribute(lambda o: timezone.now() if o.is_published else None)

    @factory.post_generation
    def practices(self, create, extracted, **kwargs):
        if create and extracted:
            self.practices.set(extracted)
