"""Database settings from DATABASE_URL: SQLite by default, PostgreSQL when asked."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SQLITE_INIT = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"


def database_from_url(url: str, *, default_sqlite_path: Path) -> dict[str, Any]:
    """Return a Django DATABASES entry for a URL (empty URL → SQLite file)."""
    if not url:
        url = f"sqlite:///{default_sqlite_path}"
    if not url.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with sqlite:/// or postgres://, got {url.split(':', 1)[0]!r}"
        )
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            # WAL lets readers run beside one writer; FULL survives power loss;
            # IMMEDIATE takes the write lock at BEGIN so re-checks inside a
            # transaction (e.g. booking overlap) cannot race.
            "init_command": SQLITE_INIT,
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        # A real file (not :memory:), one per test process so parallel runs never share it;
        # the test runner deletes it at the end.
        test_name = f"test-petrissage-{os.getpid()}.sqlite3"
        config["TEST"] = {"NAME": str(Path(config["NAME"]).with_name(test_name))}
    else:
        config["CONN_HEALTH_CHECKS"] = True
    return config
