"""Point Django at a throw-away SQLite file and migrate it (benchmarks never touch var/)."""

from __future__ import annotations

import os
import tempfile


def setup_temporary_database() -> str:
    folder = tempfile.mkdtemp(prefix="petrissage-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["PETRISSAGE_VAR_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "petrissage.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return folder
