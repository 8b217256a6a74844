"""Validate X12 text with pyx12, the independent judge of our 837P (DESIGN.md stack).

pyx12 writes its acknowledgement next to the input and its console script always exits 1
(performance-and-data.md §A2), so this helper calls the Python API on a copy in a temp
directory and collects the error lines pyx12 logs. Reusable by Django-side tests.
"""

from __future__ import annotations

import io
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyx12.params
import pyx12.x12n_document

REPO = Path(__file__).resolve().parents[2]
SHARED_X12 = REPO.parent / "shared" / "data" / "x12"
LINUXFORHEALTH_837 = SHARED_X12 / "linuxforhealth-x12" / "837_005010X222A2"


@dataclass(frozen=True)
class X12Validation:
    ok: bool
    errors: tuple[str, ...]
    acknowledgement: str

    def __str__(self) -> str:
        status = "OK" if self.ok else "Failure"
        return "\n".join([f"pyx12: {status}", *self.errors])


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def as_a1(content: str) -> str:
    """pyx12 has no 005010X222A2 map: relabel GS08/ST03 as A1 (performance-and-data §A2)."""
    return content.replace("005010X222A2", "005010X222A1")


def validate_x12(content: str, *, charset: str = "E") -> X12Validation:
    """Run pyx12 on a temp copy of content; charset 'B' checks the X12 basic set."""
    param = pyx12.params.params()
    param.set("charset", charset)
    collector = _Collect()
    logger = logging.getLogger("pyx12")
    logger.addHandler(collector)
    try:
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "claims.837"
            source.write_text(content, encoding="ascii", errors="replace")
            ack = io.StringIO()
            ok = pyx12.x12n_document.x12n_document(param, str(source), ack, None, None)
    finally:
        logger.removeHandler(collector)
    return X12Validation(bool(ok), tuple(collector.lines), ack.getvalue())


def validate_file(path: Path, *, charset: str = "E") -> X12Validation:
    """Validate a sample file, relabelled A2 → A1 first."""
    return validate_x12(as_a1(path.read_text(encoding="ascii")), charset=charset)
