"""Template context: the signed-in staff member and what their role may open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from petrissage.practice.access import staff_of
from petrissage.practice.permissions import Action, allowed


def staff_context(request: HttpRequest) -> dict[str, Any]:
    staff = staff_of(getattr(request, "user", None))
    if staff is None:
        return {}
    can = {action.name.lower(): allowed(staff.role, action) for action in Action}
    return {"staff": staff, "practice": staff.practice, "can": can}
