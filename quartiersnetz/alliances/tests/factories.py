import factory
from django.utils import timezone

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.alliances.models import Alliance, AllianceMember
from quartiersnetz.places.models import Municipality


class AllianceFactory(factory.django.DjangoModelFactory):
    """A public alliance in Herne, without members."""

    class Meta:
        model = Alliance
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Allianz Innenstadt Nummer {n}")
    slug = factory.Sequence(lambda n: f"allianz-{n}")
    summary = "Kommune, Stiftung und Kulturträger beleben gemeinsam die Innenstadt."
    goals = "## Ziele\n\n- Leerstand bespielen"
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(ags="05916000"))
    status = Alliance.Status.ACTIVE


class MemberFactory(factory.django.DjangoModelFactory):
    """A fully consented membership."""

    class Meta:
        model = AllianceMember

    alliance = factory.SubFactory(AllianceFactory)
    actor = factory.SubFactory(OrganisationFactory)
    role = AllianceMember.Role.PARTNER
    alliance_consented_at = factory.LazyFunction(timezone.now)
    actor_consented_at = factory.LazyFunction(timezone.now)
