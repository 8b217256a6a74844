"""The one way to reach patient data: scoped to the caller's practice, checked against
the role table. A record of another practice is a 404, never a 403, so ids leak nothing."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from petrissage.audit.models import Category, Outcome
from petrissage.audit.services import Actor, audit_record
from petrissage.patients.models import Patient
from petrissage.practice.http import StaffRequest
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action, allowed

M = TypeVar("M", bound=models.Model)


def staff_of(user: object) -> Staff | None:
    staff = getattr(user, "staff", None)
    if isinstance(staff, Staff) and staff.active:
        return staff
    return None


def require(
    staff: Staff,
    action: Action,
    *,
    actor: Actor | None = None,
    patient: Patient | None = None,
) -> None:
    """Raise PermissionDenied (and audit the denial) when the role may not do action."""
    if allowed(staff.role, action):
        return
    audit_record(
        actor=actor or Actor.for_staff(staff),
        action="permission.denied",
        category=Category.ADMIN,
        outcome=Outcome.DENIED,
        patient=patient,
        detail={"attempted": action.value, "role": staff.role},
    )
    raise PermissionDenied(f"Your role may not do this ({action.value}).")


def scoped(staff: Staff, model: type[M]) -> models.QuerySet[M]:
    """Every practice-owned model, filtered to the caller's practice."""
    return model._default_manager.filter(practice_id=staff.practice_id)


def patients_for(staff: Staff, action: Action = Action.PATIENT_VIEW) -> models.QuerySet[Patient]:
    require(staff, action)
    return scoped(staff, Patient)


def get_patient(
    staff: Staff,
    patient_id: object,
    action: Action = Action.PATIENT_VIEW,
    *,
    actor: Actor | None = None,
) -> Patient:
    try:
        patient = scoped(staff, Patient).get(pk=int(str(patient_id)))
    except (Patient.DoesNotExist, ValueError, OverflowError):
        raise Http404("No such patient.") from None
    require(staff, action, actor=actor, patient=patient)
    return patient


def get_scoped_or_404(staff: Staff, model: type[M], pk: object) -> M:
    try:
        return scoped(staff, model).get(pk=int(str(pk)))
    except (model.DoesNotExist, ValueError, OverflowError):  # type: ignore[attr-defined]
        raise Http404(f"No such {model._meta.verbose_name}.") from None


ViewFunc = Callable[..., HttpResponseBase]


def staff_required(action: Action | None = None) -> Callable[[ViewFunc], ViewFunc]:
    """Log-in check, attach request.staff, and check the role for action (if given)."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            staff = staff_of(request.user)
            if staff is None:
                raise PermissionDenied("This login is not a member of any practice.")
            staff_request: StaffRequest = request  # type: ignore[assignment]
            staff_request.staff = staff
            if action is not None:
                require(staff, action, actor=Actor.for_staff(staff, request))
            return view(staff_request, *args, **kwargs)

        return wrapper

    return decorator
