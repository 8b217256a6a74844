from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command


def run(command: str, *args: str, **options: Any) -> str:
    """Run a management command and return what it printed."""
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()
