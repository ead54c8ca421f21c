"""Permissions of contact (django-rules).

A thread is seen and answered by those who act for one of its two actors (an organisation's
members, the person behind an expert profile); a thread that was withheld from the start (its
sender blocked) is seen by the sender's side only. Curators see reports and suspend writers; they
do not read threads.
"""

from __future__ import annotations

import rules

from quartiersnetz.accounts.rules import is_curator
from quartiersnetz.actors.rules import is_profile_editor

from .models import Thread


@rules.predicate
def acts_for_sender(user, thread: Thread | None) -> bool:
    return thread is not None and is_profile_editor(user, thread.sender_actor)


@rules.predicate
def acts_for_recipient(user, thread: Thread | None) -> bool:
    return (
        thread is not None
        and not thread.is_withheld
        and is_profile_editor(user, thread.recipient_actor)
    )


is_participant = acts_for_sender | acts_for_recipient

rules.add_perm("contact.view_thread", is_participant)
rules.add_perm("contact.reply_thread", is_participant)
rules.add_perm("contact.curate_reports", is_curator)
