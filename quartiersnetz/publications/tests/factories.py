import datetime

import factory
from django.core.files.base import ContentFile

from quartiersnetz.publications.models import Attachment, Publication, Recommendation

from .pdfs import simple_pdf


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication
        skip_postgeneration_save = True

    kind = Publication.Kind.IMPULSE
    title = factory.Sequence(lambda n: f"Impuls zur Innenstadt Nummer {n}")
    slug = factory.Sequence(lambda n: f"impuls-{n}")
    summary = "Eine kurze Zusammenfassung."
    body = "## Abschnitt\n\nText mit *Betonung*."
    published_on = datetime.date(2024, 5, 1)
    is_published = True

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            self.author_organisations.set(extracted)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    publication = factory.SubFactory(PublicationFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Erfolgsfaktor {n + 1}")
    text = "Begründung mit **Markdown**."


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A stored, valid two-page PDF."""

    class Meta:
        model = Attachment

    publication = factory.SubFactory(PublicationFactory)
    title = factory.Sequence(lambda n: f"Dokumentation {n + 1}")
    file_name = "dokumentation.pdf"
    file = factory.LazyFunction(
        lambda: ContentFile(simple_pdf(2), name="publications/test-dokumentation.pdf")
    )
    size = factory.LazyAttribute(lambda o: o.file.size)
    page_count = 2
