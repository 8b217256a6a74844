"""Terminal helpers for the practice management commands: a progress bar, a small
table, and ValidationError → one readable sentence."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.management.base import OutputWrapper


class ProgressBar:
    """`Patients [#####.........] 50/150`, redrawn in place on a terminal; on a pipe or
    in a log, one line per tenth so the output stays short."""

    def __init__(self, out: OutputWrapper, label: str, total: int, width: int = 30) -> None:
        self.out, self.label, self.total, self.width = out, label, max(total, 1), width
        self.interactive = out.isatty()
        self._last_tenth = -1

    def render(self, done: int) -> str:
        filled = round(self.width * done / self.total)
        return f"{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{self.total}"

    def update(self, done: int) -> None:
        if self.interactive:
            self.out.write(f"\r{self.render(done)}", ending="")
            self.out.flush()
            return
        tenth = done * 10 // self.total
        if tenth != self._last_tenth:
            self._last_tenth = tenth
            self.out.write(self.render(done))

    def finish(self) -> None:
        if self.interactive:
            self.out.write("")


def table(header: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> str:
    """A plain text table with a rule under the header."""
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        cells_text = "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True))
        return (indent + cells_text).rstrip()

    rule = indent + "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def validation_message(error: ValidationError, names: dict[str, str] | None = None) -> str:
    """'npi: This NPI fails its check digit …' — field names mapped through `names`
    (e.g. to command-line options)."""
    names = names or {}
    if hasattr(error, "error_dict"):
        parts = [
            f"{names.get(field, field)}: {' '.join(messages)}"
            for field, messages in error.message_dict.items()
        ]
        return "; ".join(parts)
    return " ".join(error.messages)
