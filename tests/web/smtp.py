"""A real SMTP server in-process (aiosmtpd) that can be told to refuse mail."""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    # aiosmtpd's Controller needs a concrete port; port 0 does not work.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RecordingHandler:
    """Accepts mail (mode "accept"), or answers 451 ("down") or 550 ("refuse")."""

    def __init__(self):
        self.mode = "accept"
        self.received = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.mode == "down":
            return "451 4.3.0 Try again later"
        if self.mode == "refuse":
            return "550 5.1.1 Mailbox unavailable"
        with self.lock:
            self.received.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


class SmtpServer:
    def __init__(self):
        self.handler = RecordingHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def received(self):
        return list(self.handler.received)

    def stop_listening(self):
        """A real outage: nothing listens on the port (connections are refused)."""
        self.controller.stop()

    def start_listening(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()
