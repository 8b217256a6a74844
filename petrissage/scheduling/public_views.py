"""The public booking page, /book/<practice slug>/: no login. Choose a visit type, see
open slots (any therapist), leave contact details; the request waits for staff."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from petrissage.practice.models import Practice, Role, Staff
from petrissage.scheduling.availability import default_window, open_slots_search
from petrissage.scheduling.forms import PublicRequestForm
from petrissage.scheduling.models import TYPE_CHOICES
from petrissage.scheduling.public import booking_request_create

PUBLIC_TYPES = [choice for choice in TYPE_CHOICES if choice[0] != "reassessment"]


def _practice(slug: str) -> Practice:
    practice = Practice.objects.filter(slug=slug).first()
    if practice is None:
        raise Http404("No such practice.")
    return practice


def _kind(request: HttpRequest) -> str:
    kind = request.GET.get("kind") or request.POST.get("kind") or "initial-assessment"
    return kind if kind in dict(PUBLIC_TYPES) else "initial-assessment"


def public_booking(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _practice(slug)
    kind = _kind(request)
    context: dict[str, Any] = {"practice": practice, "types": PUBLIC_TYPES, "kind": kind}
    chosen = request.GET.get("start") or request.POST.get("start")
    therapist_id = request.GET.get("therapist") or request.POST.get("therapist")
    if chosen and therapist_id:
        return _contact_step(request, practice, kind, chosen, therapist_id, context)
    start, end = default_window(practice)
    slots = open_slots_search(
        practice=practice, start=start, end=end, kind_code=kind, limit=60, step_minutes=30
    )
    days: dict[str, list[Any]] = {}
    for choice in slots:
        local = choice.slot.start.astimezone(practice.zone)
        days.setdefault(f"{local:%A, %B} {local.day}", []).append((local, choice))
    context["days"] = days
    return render(request, "booking/public.html", context)


def _contact_step(
    request: HttpRequest,
    practice: Practice,
    kind: str,
    chosen: str,
    therapist_id: str,
    context: dict[str, Any],
) -> HttpResponse:
    therapist = Staff.objects.filter(
        practice=practice, role=Role.THERAPIST, active=True, pk=_int(therapist_id)
    ).first()
    try:
        start = datetime.fromisoformat(chosen)
    except ValueError:
        start = None
    if therapist is None or start is None or start.tzinfo is None:
        raise Http404("No such slot.")
    form = PublicRequestForm(request.POST if request.method == "POST" else None)
    context.update(form=form, start=start.astimezone(practice.zone), therapist=therapist)
    if form.is_bound and form.is_valid():
        try:
            booking_request_create(
                practice=practice,
                kind_code=kind,
                start=start,
                therapist=therapist,
                contact=form.cleaned_data,
            )
            return render(request, "booking/requested.html", context)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
    return render(request, "booking/contact.html", context)


def _int(value: str) -> int:
    return int(value) if value.isdigit() else 0
