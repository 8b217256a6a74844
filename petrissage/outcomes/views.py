"""Staff pages for outcome measures and check-ins: a case's outcomes (progress, charts,
responses, check-ins), the tablet form, the patient link, the practice's instruments and
the urgent-alert list with acknowledgement. Thin: access-checked fetch, parse, service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from petrissage.audit.services import Actor
from petrissage.clinical.models import Case
from petrissage.domain.outcomes import InstrumentError, OutcomeError
from petrissage.outcomes import checkin_questions, selectors, services
from petrissage.outcomes.checkin_services import CheckInAlreadyAcknowledged, checkin_acknowledge
from petrissage.outcomes.forms import (
    bind,
    instrument_fields,
    parse_answers,
    parse_questionnaire_upload,
    parse_timepoint,
)
from petrissage.outcomes.models import CheckIn, Instrument, Timepoint
from petrissage.outcomes.panel import case_panel_context
from petrissage.practice.access import get_patient, get_scoped_or_404, require, staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action


def _case(request: StaffRequest, patient_id: int, case_id: int, action: Action) -> Case:
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, action, actor=actor)
    case = get_scoped_or_404(request.staff, Case, case_id)
    if case.patient_id != patient.pk:
        raise Http404("No such case for this patient.")
    return case


def _instrument(request: StaffRequest, key: str) -> Instrument:
    instrument = selectors.instrument_for(request.staff.practice, key)
    if instrument is None:
        raise Http404(f"Unknown instrument {key!r}.")
    return instrument


@staff_required(Action.CLINICAL_VIEW)
def case_outcomes(request: StaffRequest, patient_id: int, case_id: int) -> HttpResponse:
    case = _case(request, patient_id, case_id, Action.CLINICAL_VIEW)
    context = case_panel_context(case, charts=True)
    context.update(
        patient=case.patient,
        responses=list(selectors.case_responses(case).order_by("-collected_at", "-id")),
        check_ins=list(selectors.case_check_ins(case)[:20]),
        instruments=list(selectors.instruments_for(request.staff.practice)),
        timepoints=Timepoint.choices,
    )
    return render(request, "outcomes/case_outcomes.html", context)


@staff_required(Action.CLINICAL_WRITE)
def outcome_new(request: StaffRequest, patient_id: int, case_id: int, key: str) -> HttpResponse:
    """The tablet form: one instrument, answered in the clinic."""
    case = _case(request, patient_id, case_id, Action.CLINICAL_WRITE)
    instrument = _instrument(request, key)
    definition = selectors.definition_of(instrument)
    fields = instrument_fields(instrument.questionnaire, definition)
    data: dict[str, str] = {}
    errors: dict[str, str] = {}
    timepoint = selectors.suggested_timepoint(case, instrument)
    if request.method == "POST":
        data = {f.link_id: request.POST.get(f.link_id, "") for f in fields}
        answers, errors = parse_answers(fields, data)
        timepoint = parse_timepoint(request.POST.get("timepoint", "")) or ""
        if not timepoint:
            errors["timepoint"] = "Choose baseline, interim or discharge."
        if not errors:
            try:
                services.outcome_record(
                    case=case,
                    instrument=instrument,
                    answers=answers,
                    timepoint=timepoint,
                    actor=Actor.for_staff(request.staff, request),
                    staff=request.staff,
                )
            except OutcomeError as problem:
                errors["form"] = str(problem)
            else:
                messages.success(request, f"{instrument.name} recorded.")
                return redirect("case_outcomes", case.patient_id, case.pk)
    context = {
        "case": case,
        "patient": case.patient,
        "instrument": instrument,
        "definition": definition,
        "fields": bind(fields, data, errors),
        "errors": errors,
        "timepoint": timepoint,
        "timepoints": Timepoint.choices,
    }
    return render(request, "outcomes/outcome_form.html", context, status=400 if errors else 200)


@staff_required(Action.CLINICAL_WRITE)
@require_POST
def outcome_link(request: StaffRequest, patient_id: int, case_id: int) -> HttpResponse:
    """A single-use link for the patient to answer on their phone (shown and emailed)."""
    case = _case(request, patient_id, case_id, Action.CLINICAL_WRITE)
    instrument = _instrument(request, request.POST.get("instrument", ""))
    timepoint = parse_timepoint(request.POST.get("timepoint", ""))
    if timepoint is None:
        messages.error(request, "Timepoint: choose baseline, interim or discharge.")
        return redirect("case_outcomes", case.patient_id, case.pk)
    actor = Actor.for_staff(request.staff, request)
    link, token = services.outcome_link_create(
        case=case, instrument=instrument, timepoint=timepoint, staff=request.staff, actor=actor
    )
    url = request.build_absolute_uri(reverse("outcome_public", args=[token]))
    emailed = services.outcome_link_email(link=link, url=url)
    context = {"case": case, "patient": case.patient, "link": link, "url": url}
    context["emailed"] = emailed
    return render(request, "outcomes/link_created.html", context)


@staff_required(Action.CLINICAL_VIEW)
def instrument_list(request: StaffRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "instruments": list(selectors.instruments_for(request.staff.practice)),
        "error": "",
        "licence_note": "",
    }
    status = 200
    if request.method == "POST":
        actor = Actor.for_staff(request.staff, request)
        require(request.staff, Action.PRACTICE_SETTINGS, actor=actor)
        upload = request.FILES.get("questionnaire")
        note = request.POST.get("licence_note", "").strip()
        try:
            if upload is None:
                raise InstrumentError("Choose a FHIR Questionnaire JSON file to load.")
            if not note:
                raise InstrumentError("Licence: say under which licence the practice uses it.")
            resource = parse_questionnaire_upload(upload.read())
            loaded = services.instrument_load(
                practice=request.staff.practice,
                questionnaire=resource,
                licence_note=note,
                staff=request.staff,
                actor=actor,
            )
        except InstrumentError as problem:
            context.update(error=str(problem), licence_note=note)
            status = 400
        else:
            messages.success(request, f"{loaded.name} loaded; it can now be used on cases.")
            return redirect("outcome_instruments")
    return render(request, "outcomes/instruments.html", context, status=status)


@staff_required(Action.CLINICAL_VIEW)
def alert_list(request: StaffRequest) -> HttpResponse:
    context = {"alerts": list(selectors.open_urgent_alerts(request.staff))}
    return render(request, "outcomes/alerts.html", context)


def _check_in(request: StaffRequest, check_in_id: int) -> CheckIn:
    check_in = get_scoped_or_404(request.staff, CheckIn, check_in_id)
    actor = Actor.for_staff(request.staff, request)
    get_patient(request.staff, check_in.patient_id, Action.CLINICAL_VIEW, actor=actor)
    return check_in


@staff_required(Action.CLINICAL_VIEW)
def check_in_detail(request: StaffRequest, check_in_id: int) -> HttpResponse:
    check_in = _check_in(request, check_in_id)
    context = {
        "check_in": check_in,
        "patient": check_in.patient,
        "case": check_in.case,
        "lines": checkin_questions.summary_lines(check_in.answers),
        "error": "",
    }
    return render(request, "outcomes/check_in_detail.html", context)


@staff_required(Action.CLINICAL_WRITE)
@require_POST
def check_in_acknowledge(request: StaffRequest, check_in_id: int) -> HttpResponse:
    check_in = _check_in(request, check_in_id)
    actor = Actor.for_staff(request.staff, request)
    note = request.POST.get("note", "")
    try:
        checkin_acknowledge(check_in=check_in, staff=request.staff, actor=actor, note=note)
    except ValueError as problem:
        context = {
            "check_in": check_in,
            "patient": check_in.patient,
            "case": check_in.case,
            "lines": checkin_questions.summary_lines(check_in.answers),
            "error": str(problem),
        }
        return render(request, "outcomes/check_in_detail.html", context, status=400)
    except CheckInAlreadyAcknowledged:
        messages.info(request, "This alert had already been acknowledged.")
    else:
        messages.success(request, "Alert acknowledged.")
    return redirect("check_in_detail", check_in.pk)


def _int_field(data: dict[str, str], name: str, errors: dict[str, str]) -> int:
    text = data.get(name, "").strip()
    if not text.isdigit():
        errors[name] = "Enter a whole number of hours."
        return 0
    return int(text)


@staff_required(Action.PRACTICE_SETTINGS)
def checkin_settings(request: StaffRequest) -> HttpResponse:
    """The owner sets when check-ins go out (12–72 h after signing) and how long links work."""
    current = services.outcome_settings_for(request.staff.practice)
    errors: dict[str, str] = {}
    data = {
        "delay_hours": str(current.checkin_delay_hours),
        "link_hours": str(current.checkin_link_hours),
        "enabled": "on" if current.checkins_enabled else "",
    }
    if request.method == "POST":
        data = {key: request.POST.get(key, "") for key in data}
        delay = _int_field(data, "delay_hours", errors)
        link = _int_field(data, "link_hours", errors)
        if not errors:
            try:
                services.outcome_settings_update(
                    practice=request.staff.practice,
                    actor=Actor.for_staff(request.staff, request),
                    enabled=data["enabled"] == "on",
                    delay_hours=delay,
                    link_hours=link,
                )
            except OutcomeError as problem:
                field = "delay_hours" if "delay" in str(problem) else "link_hours"
                errors[field] = str(problem)
            else:
                messages.success(request, "Check-in settings saved.")
                return redirect("checkin_settings")
    context = {"data": data, "errors": errors}
    return render(request, "outcomes/settings.html", context, status=400 if errors else 200)
