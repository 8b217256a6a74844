"""The practice export as one ZIP file for the browser (the owner's "Export all records"):
the bulk-data folder export_fhir writes (`<Type>.ndjson` + `manifest.json`), zipped. The
import page reads such a ZIP back (petrissage.fhir.importing.zipped)."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from typing import IO

from django.utils import timezone

from petrissage.audit.services import Actor
from petrissage.fhir.exporting.services import ExportSummary, fhir_export
from petrissage.practice.models import Practice


def export_file_name(practice: Practice) -> str:
    return f"petrissage-{practice.slug}-{timezone.localdate().isoformat()}.zip"


def practice_export_zip(
    *, practice: Practice, actor: Actor, into: Path | IO[bytes]
) -> ExportSummary:
    """Write the whole practice to into (a .zip path or an open binary file); audited as
    fhir.export."""
    with tempfile.TemporaryDirectory(prefix="petrissage-export-") as folder:
        summary = fhir_export(practice=practice, actor=actor, out=Path(folder))
        with zipfile.ZipFile(into, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(folder).iterdir()):
                archive.write(path, arcname=path.name)
    return summary
