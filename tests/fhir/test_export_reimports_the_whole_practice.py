"""The whole demo clinic, plus one of every record the demo leaves out, exported with
export_fhir and imported into an empty practice on the same server: every row of every
practice-scoped model comes back with the same values (timestamps, signatures, files and
what each row points at included), every exported resource is valid R4, and a second import
changes nothing. This is the "a clinic can leave with its data" promise."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from fhir.resources.R4B import get_fhir_model_class

from petrissage.audit.services import Actor
from petrissage.clinical.models import Clearance
from petrissage.fhir.mapping.patient import chart_number_system
from petrissage.fhir.models import ImportedResource
from petrissage.patients.models import Patient, PatientIdentifier
from petrissage.practice.demo.builder import DEMO_SLUG
from petrissage.practice.models import Practice, Role, Staff
from petrissage.practice.services import TherapistCredentials, staff_create
from petrissage.referrals.models import Prescription, ProgressReport, ReportAmendment
from petrissage.scheduling.models import Appointment
from tests.factories import PASSWORD, make_practice
from tests.fhir.every_record import add_what_the_demo_lacks
from tests.fhir.fhir_import_helpers import run_import
from tests.fhir.practice_contents import Contents, differences

pytestmark = pytest.mark.django_db(transaction=False)

IDENTIFIERS = "patients.patientidentifier"
# (model, file field, the field holding the file's SHA-256 or "")
FILE_FIELDS = (
    (Prescription, "document", ""),
    (ProgressReport, "pdf", "pdf_sha256"),
    (ReportAmendment, "original_pdf", "original_pdf_sha256"),
    (Clearance, "document", ""),
)


def _real_files(practice: Practice) -> None:
    """Every file field the export must carry is filled with a real PDF somewhere."""
    for model, field, digest_field in FILE_FIELDS:
        rows = model._default_manager.filter(practice=practice).exclude(**{field: ""})
        assert rows.exists(), f"no {model.__name__}.{field} is filled"
        for row in rows:
            with getattr(row, field).open("rb") as handle:
                content = handle.read()
            assert content.startswith(b"%PDF-"), (model, field, row.pk)
            if digest_field:
                assert hashlib.sha256(content).hexdigest() == getattr(row, digest_field)


def _same_staff(source: Practice, target: Practice) -> None:
    """The new server's accounts: the same people (NPI and name), new logins."""
    for staff in Staff.objects.filter(practice=source).select_related("user"):
        staff_create(
            practice=target,
            username=f"new-{staff.user.username}",
            role=Role(staff.role),
            display_name=staff.display_name,
            password=PASSWORD,
            actor=Actor.system(target),
            therapist=TherapistCredentials(
                credentials=staff.credentials,
                licence_number=staff.licence_number,
                licence_state=staff.licence_state,
                npi=staff.npi,
            )
            if staff.npi
            else None,
        )


def _valid_r4(out_folder) -> Counter[str]:
    manifest = json.loads((out_folder / "manifest.json").read_text("utf-8"))
    counted: Counter[str] = Counter()
    for item in manifest["output"]:
        model = get_fhir_model_class(item["type"])
        for line in (out_folder / item["url"]).read_text("utf-8").splitlines():
            model.model_validate_json(line)
            counted[item["type"]] += 1
        assert counted[item["type"]] == item["count"]
    return counted


def test_the_whole_practice_survives_export_and_import(tmp_path, settings, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    monkeypatch.delenv("PETRISSAGE_DEMO_PASSWORD", raising=False)
    call_command("load_demo", stdout=StringIO())
    source = Practice.objects.get(slug=DEMO_SLUG)
    add_what_the_demo_lacks(source)
    _real_files(source)
    out = tmp_path / "export"
    call_command("export_fhir", practice=source.slug, out=str(out), stdout=StringIO())
    written = _valid_r4(out)
    assert written["Basic"] > 1000

    target = make_practice("moved-clinic", time_zone="UTC")
    _same_staff(source, target)
    summary = run_import(target, out)
    assert summary.errors == []
    assert summary.records["appointments"] == Appointment.objects.filter(practice=source).count()
    imported = summary.total_imported - summary.created["Case"]  # cases ride in CarePlans
    assert imported == sum(written.values()) - sum(summary.skipped.values())

    target.refresh_from_db()
    assert (target.name, target.time_zone) == ("Moved Clinic", source.time_zone)  # settings
    contents = Contents()
    want, got = contents.of(source), contents.of(target)
    assert [label for label, rows in want.items() if not rows] == []  # one of everything
    for label in want:  # one model at a time, so a failure names what was lost
        if label != IDENTIFIERS:
            assert got[label] == want[label], f"{label}\n{differences(want[label], got[label])}"

    # Nothing else: the only additions are the old chart numbers, kept as identifiers.
    assert want[IDENTIFIERS] - got[IDENTIFIERS] == Counter()
    added = PatientIdentifier.objects.filter(practice=target, system=chart_number_system(source))
    assert added.count() == Patient.objects.filter(practice=source).count()
    assert got[IDENTIFIERS].total() == want[IDENTIFIERS].total() + added.count()

    links = ImportedResource.objects.filter(practice=target).count()
    again = run_import(target, out)
    assert again.errors == []
    assert again.total_imported == 0
    assert ImportedResource.objects.filter(practice=target).count() == links
    assert contents.of(target) == got
