"""The real SMTP path: a message's mail goes through Django's SMTP backend to a local server."""

from __future__ import annotations

import socket
from email import message_from_bytes
from email.policy import default

import pytest
from aiosmtpd.controller import Controller

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.contact import services

pytestmark = pytest.mark.django_db


class Collector:
    def __init__(self) -> None:
        self.envelopes: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server():
    collector = Collector()
    with socket.socket() as probe:  # a free port (aiosmtpd 1.4 cannot start on port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield collector, port
    finally:
        controller.stop()


def test_message_mail_through_smtp_reveals_no_address(
    smtp_server, settings, django_capture_on_commit_callbacks
):
    collector, port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    sender = MembershipFactory(
        user=UserFactory(email="absender@example.org"),
        organisation=OrganisationFactory(name="Quartiersbüro Nord"),
    )
    recipient = MembershipFactory(
        user=UserFactory(email="empfang@example.org"),
        organisation=OrganisationFactory(name="Kulturhaus Süd"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_start(
            user=sender.user,
            sender_actor=sender.organisation,
            recipient_actor=recipient.organisation,
            subject="Zwischennutzung",
            body="Haben Sie Interesse an einem gemeinsamen Projekt?",
        )
    assert len(collector.envelopes) == 1
    mail_from, rcpt_tos, content = collector.envelopes[0]
    assert rcpt_tos == ["empfang@example.org"]
    assert "absender@example.org" not in mail_from
    assert b"absender@example.org" not in content
    parsed = message_from_bytes(content, policy=default)
    assert parsed["Reply-To"] is None
    assert "Quartiersbüro Nord" in str(parsed["Subject"])
    assert "gemeinsamen Projekt" in parsed.get_content()
