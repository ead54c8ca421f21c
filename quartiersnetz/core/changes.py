"""Change announcements from lower apps to the higher apps that keep computed data.

A service that changes records other apps compute from (an actor's profile, a practice's
participants, a project's partners …) calls `announce(topic)` inside its transaction. Higher
apps `subscribe(topic, callback)` in their `AppConfig.ready()`; after the transaction commits,
each callback runs. Callbacks only enqueue tasks with `core.tasks.enqueue_debounced`, which
collapses a burst of announcements into one task; they never compute inside the request.
Lower apps thereby never import the apps that listen.

Topics are the announcing app's label ("actors", "practices", "projects", "events",
"alliances").
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

_subscribers: dict[str, dict[str, Callable[[], None]]] = {}


def subscribe(topic: str, name: str, callback: Callable[[], None]) -> None:
    """Call `callback()` after each transaction that announced `topic` commits. Subscribing a
    name again replaces the earlier callback (app reloads, tests)."""
    _subscribers.setdefault(topic, {})[name] = callback


def unsubscribe(topic: str, name: str) -> None:
    _subscribers.get(topic, {}).pop(name, None)


def subscribers(topic: str) -> list[Callable[[], None]]:
    return list(_subscribers.get(topic, {}).values())


def announce(topic: str) -> None:
    """Tell the subscribers of `topic` that its records changed, once the transaction commits."""
    for callback in subscribers(topic):
        transaction.on_commit(callback)
