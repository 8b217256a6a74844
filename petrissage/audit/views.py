"""The owner's view of the audit trail: filter by date range, patient, user; sort by any column."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from petrissage.audit.forms import AuditFilterForm
from petrissage.audit.models import AuditEvent
from petrissage.practice.access import staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action


@staff_required(Action.AUDIT_VIEW)
def audit_log(request: StaffRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.filter(practice_id=request.staff.practice_id).select_related(
        "patient"
    )
    zone = request.staff.practice.zone
    if form.is_valid():
        data = form.cleaned_data
        if data["date_from"]:
            events = events.filter(
                occurred_at__gte=datetime.combine(data["date_from"], time(), zone)
            )
        if data["date_to"]:
            end = datetime.combine(data["date_to"] + timedelta(days=1), time(), zone)
            events = events.filter(occurred_at__lt=end)
        if data["patient"]:
            events = events.filter(patient_id=data["patient"])
        if data["user"]:
            events = events.filter(username__iexact=data["user"])
        if data["category"]:
            events = events.filter(category=data["category"])
        if data["outcome"]:
            events = events.filter(outcome=data["outcome"])
        events = events.order_by(data["sort"] or "-occurred_at", "-id")
    else:
        events = events.order_by("-occurred_at", "-id")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/log.html", {"form": form, "page": page, "query": query.urlencode()}
    )
