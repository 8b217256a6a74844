"""FHIR R4 import throughput, end to end on SQLite.

Figure: resources per second importing all 133 Synthea R4 bundles (plus the two info bundles,
~32,000 resources, 111 MB) into an empty practice with `fhir_import` (read, map, match
patients, write history, audit, re-run screening), one transaction per bundle.
Baseline: `json.loads` of the same files, measured in the same run.
Needs the third-party test data beside the checkout (../shared/data); skipped without it.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
SYNTHEA = DATA / "synthea" / "smart-generated-sample-data-R4"
TARGET = 2000  # resources/s (issue 10)


def _baseline(files: list[Path]) -> tuple[int, float]:
    started = time.perf_counter()
    resources = 0
    for path in files:
        resources += len(json.loads(path.read_bytes()).get("entry") or [])
    return resources, time.perf_counter() - started


def main() -> None:
    if not SYNTHEA.is_dir():
        print(f"fhir_import: skipped ({SYNTHEA} not found)")
        return
    from bench.django_setup import setup_temporary_database

    os.environ.setdefault("DEBUG", "0")  # as in production: no per-query debug logging
    setup_temporary_database()
    from petrissage.audit.services import Actor
    from petrissage.fhir.importing.services import fhir_import
    from petrissage.practice.services import practice_create

    files = sorted(SYNTHEA.glob("*.json"))
    resources, parse_seconds = _baseline(files)
    practice = practice_create(slug="bench-fhir-import", name="Bench FHIR", time_zone="UTC")
    cpu_started = time.process_time()
    summary = fhir_import(practice=practice, actor=Actor.system(practice), paths=[SYNTHEA])
    cpu_rate = summary.total_read / (time.process_time() - cpu_started)
    rate = summary.total_read / summary.seconds
    baseline = resources / parse_seconds
    verdict = "meets" if rate >= TARGET else "BELOW"
    print(
        f"fhir_import: {rate:,.0f} resources/s ({summary.total_read:,} read, "
        f"{summary.total_imported:,} imported, {len(summary.errors)} errors, "
        f"{summary.seconds:.1f} s wall; {verdict} the {TARGET:,}/s target; "
        f"{cpu_rate:,.0f}/s of CPU time, load average {os.getloadavg()[0]:.1f}); "
        f"baseline json.loads {baseline:,.0f}/s; ratio {rate / baseline:.3f}"
    )
