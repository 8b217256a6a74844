"""petrissage/domain is pure Python: no module there may import Django or a Django app."""

from __future__ import annotations

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "petrissage" / "domain"
FORBIDDEN = (
    "django",
    "ninja",
    "petrissage.practice",
    "petrissage.patients",
    "petrissage.audit",
    "petrissage.fhir",
    "petrissage.clinical",
    "petrissage.billing",
    "petrissage.scheduling",
)


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_no_domain_module_imports_django():
    offenders = {
        str(path.relative_to(DOMAIN)): name
        for path in DOMAIN.rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[0] in ("django", "ninja") or name.startswith(FORBIDDEN)
    }
    assert offenders == {}


def test_the_checker_would_catch_an_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from django.db import models\n")
    assert "django.db" in imported_modules(bad)
