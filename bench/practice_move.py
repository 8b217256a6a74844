"""Moving a whole practice: export_fhir of the demo clinic, then import_fhir of that export
into an empty practice on the same SQLite file (every record, standard resources and
petrissage-record rows).

Figures: resources per second exported and imported.
Baseline: `json.loads` of every line of the same export, measured in the same run.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
import time
from io import StringIO
from pathlib import Path
from typing import Any


def _baseline(folder: Path) -> tuple[int, float]:
    started = time.perf_counter()
    resources = 0
    for path in sorted(folder.glob("*.ndjson")):
        for line in path.read_bytes().splitlines():
            json.loads(line)
            resources += 1
    return resources, time.perf_counter() - started


def _same_staff(source: Any, target: Any) -> None:
    """The new server's accounts: the same people (NPI and name), new logins."""
    from petrissage.audit.services import Actor
    from petrissage.practice.models import Role, Staff
    from petrissage.practice.services import TherapistCredentials, staff_create

    for staff in Staff.objects.filter(practice=source).select_related("user"):
        credentials = TherapistCredentials(npi=staff.npi) if staff.npi else None
        staff_create(
            practice=target,
            username=f"moved-{staff.user.username}",
            role=Role(staff.role),
            display_name=staff.display_name,
            password=secrets.token_urlsafe(16),
            actor=Actor.system(target),
            therapist=credentials,
        )


def main() -> None:
    from bench.django_setup import setup_temporary_database

    os.environ.setdefault("DEBUG", "0")
    setup_temporary_database()
    from django.core.management import call_command

    from petrissage.audit.services import Actor
    from petrissage.fhir.exporting.services import fhir_export
    from petrissage.fhir.importing.services import fhir_import
    from petrissage.practice.demo.builder import DEMO_SLUG
    from petrissage.practice.models import Practice
    from petrissage.practice.services import practice_create

    call_command("load_demo", stdout=StringIO())
    source = Practice.objects.get(slug=DEMO_SLUG)
    out = Path(tempfile.mkdtemp(prefix="petrissage-move-"))
    exported = fhir_export(practice=source, actor=Actor.system(source), out=out)
    resources, parse_seconds = _baseline(out)
    target = practice_create(slug="bench-moved", name="Moved clinic", time_zone="UTC")
    _same_staff(source, target)
    summary = fhir_import(practice=target, actor=Actor.system(target), paths=[out])
    baseline = resources / parse_seconds
    export_rate = exported.total / exported.seconds
    import_rate = summary.total_read / summary.seconds
    print(
        f"practice_move: export {export_rate:,.0f} resources/s ({exported.total:,} in "
        f"{exported.seconds:.1f} s, {exported.counts['Basic']:,} petrissage records); import "
        f"{import_rate:,.0f} resources/s ({summary.total_imported:,} imported, "
        f"{len(summary.errors)} errors, {summary.seconds:.1f} s; load average "
        f"{os.getloadavg()[0]:.1f}); baseline json.loads {baseline:,.0f}/s; ratios "
        f"{export_rate / baseline:.3f} (export), {import_rate / baseline:.3f} (import)"
    )
