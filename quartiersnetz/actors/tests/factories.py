import factory

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.models import Actor, Membership, actor_search_text
from quartiersnetz.places.models import Municipality
from quartiersnetz.taxonomy.models import Sector


def _sector():
    return Sector.objects.order_by("?").first()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor
        skip_postgeneration_save = True

    kind = Actor.Kind.ORGANISATION
    name = factory.Sequence(lambda n: f"Quartiersinitiative Nummer {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    sector = factory.LazyFunction(lambda: Sector.objects.get(slug="stiftungen"))
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(ags="05916000"))
    summary = "Wir beleben leerstehende Ladenlokale in der Innenstadt."
    offers = "Räume für Zwischennutzungen"
    seeks = "Partner aus der Wohnungswirtschaft"

    # search_text (unless given) is what actor_search_text makes of the other fields.
    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        return super()._build(model_class, *args, **_with_search_text(model_class, kwargs))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return super()._create(model_class, *args, **_with_search_text(model_class, kwargs))


def _with_search_text(model_class, kwargs):
    if "search_text" not in kwargs:
        kwargs = {**kwargs, "search_text": actor_search_text(model_class(**kwargs))}
    return kwargs


class PersonFactory(OrganisationFactory):
    kind = Actor.Kind.PERSON
    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Expertin Nummer {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.OWNER
