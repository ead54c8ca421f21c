"""Atom feeds of published publications, overall and per action field."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from quartiersnetz.taxonomy.models import ActionField

from . import selectors
from .models import Publication


class PublicationFeed(Feed[Publication, ActionField | None]):
    feed_type = Atom1Feed

    def get_object(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> ActionField | None:
        slug = kwargs.get("action_field")
        if slug is None:
            return None
        field = selectors.action_field_by_slug(str(slug))
        if field is None:
            raise Http404
        return field

    def title(self, obj: ActionField | None) -> str:
        if obj is None:
            return _("Impulse – Quartiersnetz")
        return _("Impulse im Handlungsfeld „%(field)s“ – Quartiersnetz") % {"field": obj.label}

    def subtitle(self, obj: ActionField | None) -> str:
        return _("Impulsbeiträge, Interviews und Handlungsempfehlungen der Netzwerkpartner:innen.")

    def link(self, obj: ActionField | None) -> str:
        url = reverse("publications:list")
        return url if obj is None else f"{url}?action_field={obj.slug}"

    def items(self, obj: ActionField | None) -> list[Publication]:
        return selectors.feed_items(action_field=obj)

    def item_title(self, item: Publication) -> str:
        return item.title

    def item_description(self, item: Publication) -> str:
        return item.summary

    def item_link(self, item: Publication) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Publication) -> datetime.datetime:
        return datetime.datetime.combine(item.published_on, datetime.time(), tzinfo=datetime.UTC)

    def item_updateddate(self, item: Publication) -> datetime.datetime:
        return timezone.localtime(item.updated, datetime.UTC)

    def item_author_name(self, item: Publication) -> str:
        names = [a.name for a in item.author_organisations.all() if not a.is_hidden]
        if item.author_names:
            names.append(item.author_names)
        return ", ".join(names)

    def item_categories(self, item: Publication) -> list[str]:
        categories = [str(item.get_kind_display())]
        if item.action_field:
            categories.append(item.action_field.label)
        return categories
