"""SQLite runs in WAL mode with synchronous=FULL on a real file (G3)."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.mark.django_db
def test_sqlite_uses_wal_and_full_sync_on_a_file():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-only settings")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # FULL
        cursor.execute("PRAGMA database_list")
        files = [row[2] for row in cursor.fetchall()]
    assert files[0].endswith(".sqlite3") or "sqlite3" in files[0], files


@pytest.mark.django_db
def test_postgres_keeps_fsync_and_synchronous_commit_on():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL-only settings")
    with connection.cursor() as cursor:
        cursor.execute("SHOW fsync")
        assert cursor.fetchone()[0] == "on"
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
