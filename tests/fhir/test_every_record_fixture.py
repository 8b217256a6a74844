"""The whole-practice round-trip fixture: the demo clinic plus `add_what_the_demo_lacks`
holds rows of every model that belongs to a practice (but those the FHIR archive does not
carry), and every file field the archive must carry has a stored file with its bytes."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command

from petrissage.clinical.models import Clearance
from petrissage.fhir.archive.specs import NOT_CARRIED
from petrissage.practice.demo.builder import DEMO_SLUG
from petrissage.practice.models import Practice
from petrissage.referrals.models import Prescription, ProgressReport, ReportAmendment
from tests.fhir.every_record import add_what_the_demo_lacks
from tests.fhir.practice_contents import practice_models

# (model, file field, field holding the file's SHA-256 or "")
FILE_FIELDS = (
    (Prescription, "document", ""),
    (ProgressReport, "pdf", "pdf_sha256"),
    (ReportAmendment, "original_pdf", "original_pdf_sha256"),
    (Clearance, "document", ""),
)


@pytest.mark.django_db
def test_demo_plus_fixture_fills_every_practice_model_and_file(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    monkeypatch.delenv("PETRISSAGE_DEMO_PASSWORD", raising=False)
    call_command("load_demo", stdout=StringIO())
    practice = Practice.objects.get(slug=DEMO_SLUG)

    add_what_the_demo_lacks(practice)

    carried = [m for m in practice_models() if m._meta.label_lower not in NOT_CARRIED]
    assert {"outcomes.instrument", "referrals.reportamendment", "care.recallreminder"} <= {
        m._meta.label_lower for m in carried
    }
    empty = [
        m._meta.label_lower
        for m in carried
        if not m._default_manager.filter(practice=practice).exists()
    ]
    assert empty == []

    for model, field, digest_field in FILE_FIELDS:
        rows = model._default_manager.filter(practice=practice).exclude(**{field: ""})
        assert rows.exists(), f"no {model.__name__}.{field} is filled"
        for row in rows:
            with getattr(row, field).open("rb") as handle:
                content = handle.read()
            assert content.startswith(b"%PDF-"), (model, field, row.pk)
            assert len(content) > 500, (model, field, row.pk)
            if digest_field:
                assert hashlib.sha256(content).hexdigest() == getattr(row, digest_field)
