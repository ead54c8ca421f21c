"""The sample conversations: the demo login has threads in its inbox, one unread."""

from __future__ import annotations

import pytest

from quartiersnetz.accounts.models import User
from quartiersnetz.contact import selectors
from quartiersnetz.demo import actors as actor_demo
from quartiersnetz.demo import contact as contact_demo
from quartiersnetz.demo.actors import DEMO_EMAIL

pytestmark = pytest.mark.django_db


def test_the_demo_login_finds_conversations_in_its_inbox(client):
    actor_demo.load()
    demo_user = User.objects.get(email=DEMO_EMAIL)
    assert contact_demo.load(demo_user=demo_user)["created"] == len(contact_demo.THREADS)
    threads = list(selectors.inbox(demo_user))
    assert len(threads) == len(contact_demo.THREADS)
    assert [t.is_unread for t in threads] == [True, False, False]
    assert any(selectors.thread_for(demo_user, t.pk).both_wrote for t in threads)
    client.force_login(demo_user)
    assert client.get(threads[0].get_absolute_url()).status_code == 200
    assert contact_demo.load(demo_user=demo_user)["created"] == 0
