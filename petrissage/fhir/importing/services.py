"""FHIR R4 import into a practice: `fhir_import(practice=…, actor=…, paths=[…])`.

Each unit (a Bundle file, or a folder of NDJSON) commits in one transaction with its audit
events: one `fhir.import` event per patient touched and one `fhir.import.run` per import.
What a resource wrote is remembered in ImportedResource, so a second import of the same data
changes nothing and a changed resource updates its record. Screening re-runs for every
patient whose conditions or medications changed.
"""

from __future__ import annotations

import gc
import json
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import transaction

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.domain.fhir_import import Plan, Unit, expand_paths, plan_unit, read_group
from petrissage.fhir.importing.summary import ImportSummary
from petrissage.fhir.importing.unit import KnownLinks, UnitImport
from petrissage.practice.models import Practice, Role, Staff

Progress = Callable[[int, int, str, int], None]  # (done, total, label, resources)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Parsed bundles are large trees of young dicts; the cyclic collector would rescan them
    over and over (~20% of the import's CPU). Reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_staff(practice: Practice) -> Staff | None:
    """Who records imported prescriptions: the practice's first active owner."""
    return (
        Staff.objects.filter(practice=practice, role=Role.OWNER, user__is_active=True)
        .order_by("pk")
        .first()
    )


def _merge(summary: ImportSummary, plan: Plan) -> None:
    summary.units += 1
    summary.read.update(plan.read)
    summary.skipped.update(plan.skipped)
    summary.errors.extend(plan.errors)


def import_unit(
    *,
    practice: Practice,
    actor: Actor,
    unit: Unit,
    summary: ImportSummary,
    staff: Staff | None,
    known: KnownLinks,
) -> None:
    plan = plan_unit(unit)
    _merge(summary, plan)
    with transaction.atomic():
        _lock_for_import(practice)
        known.catch_up()
        UnitImport(practice=practice, actor=actor, staff=staff, summary=summary, known=known).run(
            plan
        )


def _lock_for_import(practice: Practice) -> None:
    """One import writes into a practice at a time (two at once would both find a resource
    new and write it twice). PostgreSQL: the practice row's lock, held to commit; SQLite's
    IMMEDIATE transactions already let one writer in at a time."""
    list(Practice.objects.select_for_update().filter(pk=practice.pk).values_list("pk"))


def _exported_from(practice: Practice, group: list[Path]) -> bool:
    """Whether group is a bulk export (manifest.json beside it) of this very practice."""
    from petrissage.fhir.exporting.services import export_source

    manifest = group[0].parent / "manifest.json"
    if not manifest.is_file():
        return False
    try:
        source = json.loads(manifest.read_text("utf-8")).get("petrissageSource")
    except (ValueError, AttributeError, OSError):
        return False
    return bool(source == export_source(practice))


def _import_group(
    practice: Practice,
    actor: Actor,
    group: list[Path],
    summary: ImportSummary,
    staff: Staff | None,
    known: KnownLinks,
    loose: Unit,
) -> None:
    if _exported_from(practice, group):
        summary.error(
            str(group[0].parent.name or group[0].name),
            "this export was made from this very practice, so its records are already here; "
            "import it into another practice or server",
        )
        return
    try:
        unit = read_group(group)
    except OSError as error:
        summary.error(str(group[0].name), f"cannot read: {error.strerror or error}")
        return
    if unit.loose:  # imported together at the end so their references resolve
        loose.absorb(unit)
        return
    import_unit(
        practice=practice, actor=actor, unit=unit, summary=summary, staff=staff, known=known
    )


def fhir_import(
    *,
    practice: Practice,
    actor: Actor,
    paths: Iterable[Path],
    progress: Progress | None = None,
) -> ImportSummary:
    """Import every unit of paths; never raises for bad input (it is in summary.errors)."""
    started = time.perf_counter()
    summary = ImportSummary()
    staff = import_staff(practice)
    known = KnownLinks(practice)
    paths = [Path(p) for p in paths]
    groups = expand_paths(paths)
    loose = Unit(label="single-resource files")
    before = 0
    for number, group in enumerate(groups, start=1):
        with _collector_paused():
            _import_group(practice, actor, group, summary, staff, known, loose)
        if progress is not None:
            progress(number, len(groups), group[0].name, summary.total_read - before)
        before = summary.total_read
    if loose.entries or loose.errors:
        with _collector_paused():
            import_unit(
                practice=practice,
                actor=actor,
                unit=loose,
                summary=summary,
                staff=staff,
                known=known,
            )
    for path in paths:
        if not path.exists():
            summary.error(str(path), "no such file or folder")
    summary.seconds = time.perf_counter() - started
    audit_record(
        actor=actor,
        action="fhir.import.run",
        category=Category.CLINICAL,
        detail=summary.as_detail(),
    )
    return summary


def fhir_import_upload(
    *, practice: Practice, actor: Actor, name: str, content: bytes
) -> ImportSummary:
    """One uploaded Bundle, NDJSON file or ZIP of a bulk-data export (the import page)."""
    import tempfile

    from petrissage.fhir.importing.zipped import BadArchive, unpack

    lowered = name.lower()
    suffix = ".ndjson" if lowered.endswith(".ndjson") else ".json"
    with tempfile.TemporaryDirectory() as folder:
        if not lowered.endswith(".zip"):
            path = Path(folder) / f"upload{suffix}"
            path.write_bytes(content)
            return fhir_import(practice=practice, actor=actor, paths=[path])
        stem = re.sub(r"[^A-Za-z0-9._-]", "_", Path(name).stem)[:80] or "export"
        archive, unpacked = Path(folder) / "zipped" / "upload.zip", Path(folder) / "files" / stem
        archive.parent.mkdir()
        archive.write_bytes(content)
        unpacked.mkdir(parents=True)
        try:
            unpack(archive, unpacked)
        except BadArchive as error:
            summary = ImportSummary()
            summary.error(name[:100], str(error))
            return summary
        return fhir_import(practice=practice, actor=actor, paths=[unpacked])
