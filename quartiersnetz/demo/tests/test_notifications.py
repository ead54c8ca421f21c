"""The demo login's follows and notifications: made by the real handlers, some read, dated."""

from __future__ import annotations

import pytest
from django.utils import timezone

from quartiersnetz.accounts.models import User
from quartiersnetz.core import news
from quartiersnetz.core.models import News
from quartiersnetz.demo import actors as actor_demo
from quartiersnetz.demo import contact as contact_demo
from quartiersnetz.demo import network as network_demo
from quartiersnetz.demo import notifications as notification_demo
from quartiersnetz.demo import practices as practice_demo
from quartiersnetz.demo.actors import CURATOR_EMAIL, DEMO_EMAIL
from quartiersnetz.notifications.models import Notification
from quartiersnetz.practices.models import Practice

pytestmark = pytest.mark.django_db


def test_the_demo_login_follows_things_and_has_varied_notifications(client):
    before = notification_demo.last_news_id()
    actor_demo.load()
    demo_user = User.objects.get(email=DEMO_EMAIL)
    practice_demo.load(curator=User.objects.get(email=CURATOR_EMAIL), demo_user=demo_user)
    contact_demo.load(demo_user=demo_user)
    network_demo.load(demo_user=demo_user)
    published = Practice.objects.filter(state=Practice.State.PUBLISHED).first()
    news.record("practice_published", published.pk)  # as a service of the build would
    assert notification_demo.mark_build_news_handled(before) == 1
    assert not News.objects.filter(handled_at__isnull=True).exists()

    result = notification_demo.load(demo_user=demo_user)

    assert result["follows"] >= 3
    notes = list(Notification.objects.filter(recipient=demo_user))
    assert result["created"] == len(notes) >= 4
    kinds = {n.kind for n in notes}
    assert {
        Notification.Kind.PRACTICE_PUBLISHED,
        Notification.Kind.MESSAGE_RECEIVED,
        Notification.Kind.CONNECTION_PROPOSED,
    } <= kinds
    assert any(n.is_read for n in notes)
    assert any(not n.is_read for n in notes)
    assert all(n.created < timezone.now() for n in notes)
    assert len({n.created.date() for n in notes}) >= 3
    client.force_login(demo_user)
    assert client.get("/konto/benachrichtigungen/").status_code == 200
    assert notification_demo.load(demo_user=demo_user) == {"follows": 0, "created": 0}
