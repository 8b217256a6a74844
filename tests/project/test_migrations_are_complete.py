from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())
    except SystemExit as exit_:
        pytest.fail(f"Missing migrations:\n{out.getvalue()}")
        raise exit_


def test_migrations_have_descriptive_names():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "petrissage"
    auto_named = [
        p.name
        for p in root.glob("*/migrations/0*.py")
        if "_auto_" in p.name or p.stem.endswith("initial")
    ]
    assert auto_named == []
