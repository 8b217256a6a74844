"""Export a whole practice as FHIR R4 NDJSON in the bulk-data layout: one `<Type>.ndjson`
per resource type and a `manifest.json` (transactionTime, output[type, url, count]) that
import_fhir reads back."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.fhir.exporting.registry import exporters
from petrissage.practice.models import Practice

Progress = Callable[[int, int, str, int], None]


@dataclass
class ExportSummary:
    counts: Counter[str] = field(default_factory=Counter)
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def fhir_export(
    *, practice: Practice, actor: Actor, out: Path, progress: Progress | None = None
) -> ExportSummary:
    """Write the practice to folder out (created; existing NDJSON files there are replaced)."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    summary = ExportSummary()
    handles: dict[str, IO[str]] = {}
    chosen = exporters()
    try:
        for number, exporter in enumerate(chosen, start=1):
            before = summary.counts[exporter.resource_type]
            handle = handles.get(exporter.resource_type)
            if handle is None:
                path = out / f"{exporter.resource_type}.ndjson"
                handle = handles[exporter.resource_type] = path.open("w", encoding="utf-8")
                summary.files.append(path)
            for resource in exporter.rows(practice):
                handle.write(json.dumps(resource, separators=(",", ":")) + "\n")
                summary.counts[exporter.resource_type] += 1
            if progress is not None:
                written = summary.counts[exporter.resource_type] - before
                progress(number, len(chosen), exporter.label, written)
    finally:
        for handle in handles.values():
            handle.close()
    _write_manifest(out, summary, practice)
    summary.seconds = time.perf_counter() - started
    audit_record(
        actor=actor,
        action="fhir.export",
        category=Category.EXPORT,
        detail={"resources": summary.total, "types": dict(summary.counts)},
    )
    return summary


def export_source(practice: Practice) -> dict[str, str | int]:
    """Which practice an export is of (in its manifest), so that importing it back into that
    very practice is refused instead of doubling every record."""
    return {"slug": practice.slug, "id": practice.pk, "created": practice.created_at.isoformat()}


def _write_manifest(out: Path, summary: ExportSummary, practice: Practice) -> None:
    manifest = {
        "transactionTime": timezone.now().isoformat(),
        "petrissageSource": export_source(practice),
        "request": "export_fhir",
        "requiresAccessToken": False,
        "output": [
            {"type": path.stem, "url": path.name, "count": summary.counts[path.stem]}
            for path in summary.files
            if summary.counts[path.stem]
        ],
        "error": [],
    }
    for path in summary.files:
        if not summary.counts[path.stem]:
            path.unlink()
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), "utf-8")
