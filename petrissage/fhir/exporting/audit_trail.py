"""Exporter for the practice's audit trail, as FHIR R4 AuditEvent resources in chain order.

A clinic must keep its access log (HIPAA: six years) wherever its records go. The events
are exported with their chain hashes (previous and own, per practice), so the sequence can
be checked offline; import_fhir counts and skips them: the new server's hash chain starts
with its own events (the import's `fhir.import` events among them)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from petrissage.audit.models import AuditEvent, Outcome
from petrissage.fhir.exporting.registry import register
from petrissage.practice.models import Practice

CATEGORY_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/audit-category"
ACTION_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/audit-action"
SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type"
NETWORK_IP = "2"  # AuditEvent.agent.network.type: IP address
OUTCOMES = {Outcome.SUCCESS: "0", Outcome.DENIED: "4", Outcome.FAILURE: "8"}


def _agent(event: AuditEvent) -> dict[str, Any]:
    agent: dict[str, Any] = {
        "who": {"display": event.username or "system"},
        "requestor": bool(event.username),
    }
    if event.source_ip:
        agent["network"] = {"address": event.source_ip, "type": NETWORK_IP}
    return agent


def _entities(event: AuditEvent) -> list[dict[str, Any]]:
    chain = {
        "what": {"display": "Petrissage audit chain"},
        "detail": [
            {"type": "sequence", "valueString": str(event.pk)},
            {"type": "previous_hash", "valueString": event.previous_hash},
            {"type": "hash", "valueString": event.hash},
            {"type": "via", "valueString": event.source},
            {"type": "detail", "valueString": json.dumps(event.detail, sort_keys=True)},
        ],
    }
    if event.patient_id is None:
        return [chain]
    return [{"what": {"reference": f"Patient/{event.patient_id}"}}, chain]


def audit_event_resource(event: AuditEvent, observer: str) -> dict[str, Any]:
    return {
        "resourceType": "AuditEvent",
        "id": f"audit-{event.pk}",
        "type": {
            "system": CATEGORY_SYSTEM,
            "code": event.category,
            "display": event.get_category_display(),
        },
        "subtype": [{"system": ACTION_SYSTEM, "code": event.action}],
        "recorded": event.occurred_at.isoformat(),
        "outcome": OUTCOMES.get(Outcome(event.outcome), "0"),
        "agent": [_agent(event)],
        "source": {
            "observer": {"display": observer},
            "type": [{"system": SOURCE_TYPE, "code": "4", "display": "Application Server"}],
        },
        "entity": _entities(event),
    }


@register("AuditEvent", "audit trail (kept, not re-imported)")
def audit_trail(practice: Practice) -> Iterator[dict[str, Any]]:
    observer = f"Petrissage, practice {practice.slug}"
    events = AuditEvent.objects.filter(practice=practice).order_by("pk")
    for event in events.iterator(2000):
        yield audit_event_resource(event, observer)
