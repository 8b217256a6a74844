"""export_fhir writes the practice's audit trail as valid R4 AuditEvents in chain order, each
with its chain hashes (the sequence checks offline) and its patient; none of another
practice's events; import_fhir counts them and skips them."""

from __future__ import annotations

import json
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from fhir.resources.R4B.auditevent import AuditEvent as FhirAuditEvent

from petrissage.audit.models import AuditEvent, Category
from petrissage.audit.services import Actor, audit_record
from tests import factories
from tests.fhir.fhir_import_helpers import run_import

pytestmark = pytest.mark.django_db


def _detail(resource: dict, kind: str) -> str:
    chain = resource["entity"][-1]["detail"]
    return str(next(d["valueString"] for d in chain if d["type"] == kind))


def test_the_audit_trail_is_exported_in_chain_order_and_not_imported(
    practice, owner, patient, other_practice, tmp_path
):
    audit_record(
        actor=Actor.for_staff(owner),
        action="patient.view",
        category=Category.CLINICAL,
        patient=patient,
        detail={"page": "chart"},
    )
    audit_record(actor=Actor.system(other_practice), action="other.thing", category=Category.ADMIN)
    out = tmp_path / "export"
    call_command("export_fhir", practice=practice.slug, out=str(out), stdout=StringIO())

    lines = (out / "AuditEvent.ndjson").read_text("utf-8").splitlines()
    events = [json.loads(line) for line in lines]
    stored = list(AuditEvent.objects.filter(practice=practice).order_by("pk"))
    assert len(events) == len(stored) - 1  # all but the export's own event, written after
    for line in lines:
        FhirAuditEvent.model_validate_json(line)
    for before, after in pairwise(events):
        assert _detail(after, "previous_hash") == _detail(before, "hash")
    viewed = next(e for e in events if e["subtype"][0]["code"] == "patient.view")
    assert viewed["entity"][0]["what"]["reference"] == f"Patient/{patient.pk}"
    assert viewed["agent"][0]["who"]["display"] == owner.user.username
    assert json.loads(_detail(viewed, "detail")) == {"page": "chart"}
    assert not any(e["subtype"][0]["code"] == "other.thing" for e in events)

    elsewhere = factories.make_practice("elsewhere")
    summary = run_import(elsewhere, out)
    assert summary.skipped["AuditEvent"] == len(events)
    assert summary.errors == []
