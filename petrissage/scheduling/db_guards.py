"""Database-level guards against double booking, per database vendor.

PostgreSQL: exclusion constraints (btree_gist) on (therapist, tstzrange(start, end, '[)'))
and (room, tstzrange) for appointments that occupy time. SQLite has no exclusion
constraints, so triggers refuse an overlapping INSERT or UPDATE with the same message.
Both raise IntegrityError naming `no_overlap`, which the booking service turns into a
clear conflict (security-and-reliability.md §5, "Double booking").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState

OVERLAP_MARKER = "no_overlap"
TABLE = "scheduling_appointment"
ACTIVE = "('booked', 'arrived', 'completed')"

POSTGRESQL_FORWARDS = (
    f"ALTER TABLE {TABLE} ADD CONSTRAINT appointment_therapist_no_overlap "
    f"EXCLUDE USING gist (therapist_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
    f"WHERE (status IN {ACTIVE})",
    f"ALTER TABLE {TABLE} ADD CONSTRAINT appointment_room_no_overlap "
    f"EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
    f"WHERE (room_id IS NOT NULL AND status IN {ACTIVE})",
)
POSTGRESQL_BACKWARDS = (
    f"ALTER TABLE {TABLE} DROP CONSTRAINT appointment_room_no_overlap",
    f"ALTER TABLE {TABLE} DROP CONSTRAINT appointment_therapist_no_overlap",
)

_SQLITE_CLASH = (
    "SELECT RAISE(ABORT, 'appointment_no_overlap: the therapist or room is already "
    "booked at this time') WHERE EXISTS (SELECT 1 FROM scheduling_appointment AS other "
    "WHERE other.status IN ('booked', 'arrived', 'completed') AND other.id IS NOT NEW.id "
    "AND other.starts_at < NEW.ends_at AND NEW.starts_at < other.ends_at "
    "AND (other.therapist_id = NEW.therapist_id "
    "OR (NEW.room_id IS NOT NULL AND other.room_id = NEW.room_id)));"
)
SQLITE_FORWARDS = (
    f"CREATE TRIGGER appointment_{OVERLAP_MARKER}_insert BEFORE INSERT ON {TABLE} "
    f"WHEN NEW.status IN {ACTIVE} BEGIN {_SQLITE_CLASH} END",
    f"CREATE TRIGGER appointment_{OVERLAP_MARKER}_update BEFORE UPDATE OF "
    f"starts_at, ends_at, status, therapist_id, room_id ON {TABLE} "
    f"WHEN NEW.status IN {ACTIVE} BEGIN {_SQLITE_CLASH} END",
)
SQLITE_BACKWARDS = (
    f"DROP TRIGGER IF EXISTS appointment_{OVERLAP_MARKER}_update",
    f"DROP TRIGGER IF EXISTS appointment_{OVERLAP_MARKER}_insert",
)


class VendorSQL(Operation):
    """Run SQL only on the named database vendor; other vendors skip it."""

    reversible = True
    reduces_to_sql = False

    def __init__(self, vendor: str, forwards: Sequence[str], backwards: Sequence[str]) -> None:
        self.vendor = vendor
        self.forwards = tuple(forwards)
        self.backwards = tuple(backwards)

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (
            self.__class__.__qualname__,
            [],
            {"vendor": self.vendor, "forwards": self.forwards, "backwards": self.backwards},
        )

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        """Constraints and triggers live outside Django's model state."""

    def _run(self, schema_editor: BaseDatabaseSchemaEditor, statements: Sequence[str]) -> None:
        if schema_editor.connection.vendor == self.vendor:
            for statement in statements:
                schema_editor.execute(statement, params=None)

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        self._run(schema_editor, self.forwards)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        self._run(schema_editor, self.backwards)

    def describe(self) -> str:
        return f"Run {len(self.forwards)} statement(s) on {self.vendor} only"


def is_overlap_violation(error: BaseException) -> bool:
    """True for the exclusion-constraint / trigger refusal of a double booking."""
    return OVERLAP_MARKER in str(error)
