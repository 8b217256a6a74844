"""Text messages behind one small interface. The default backend only logs (no provider
is configured out of the box); set SMS_BACKEND to a dotted path of a class with the same
`send` method to use a real provider."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import ClassVar, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("petrissage.sms")
DEFAULT_BACKEND = "petrissage.scheduling.sms.LoggingSmsBackend"


@dataclass(frozen=True)
class TextMessage:
    to: str
    body: str


class SmsBackend(Protocol):
    def send(self, message: TextMessage) -> None: ...


class LoggingSmsBackend:
    """Writes each message to the log (number masked) and keeps it in `outbox` for tests."""

    outbox: ClassVar[list[TextMessage]] = []

    def send(self, message: TextMessage) -> None:
        self.outbox.append(message)
        logger.info("SMS to …%s: %s", message.to[-4:], message.body)


def sms_backend() -> SmsBackend:
    backend: type[SmsBackend] = import_string(getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND))
    return backend()
