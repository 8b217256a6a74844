"""The patient's pages, reached from a single-use expiring link without logging in: an
outcome questionnaire and the post-session check-in. Phone-sized (portal/base.html)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from petrissage.audit.services import client_ip
from petrissage.domain.outcomes import OutcomeError
from petrissage.outcomes import checkin_questions as questions
from petrissage.outcomes import services
from petrissage.outcomes.checkin_services import CheckInLinkError, checkin_answer, checkin_resolve
from petrissage.outcomes.forms import bind, instrument_fields, parse_answers
from petrissage.outcomes.models import CheckIn, OutcomeResponse
from petrissage.outcomes.selectors import definition_of


def _gone(request: HttpRequest, message: str, status: int) -> HttpResponse:
    context = {"message": message, "status": status}
    return render(request, "portal/outcome_gone.html", context, status=status)


def outcome_public(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = services.outcome_link_resolve(token)
    except services.OutcomeLinkError as problem:
        return _gone(request, problem.message, problem.status)
    definition = definition_of(link.instrument)
    fields = instrument_fields(link.instrument.questionnaire, definition)
    data: dict[str, str] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        data = {f.link_id: request.POST.get(f.link_id, "") for f in fields}
        answers, errors = parse_answers(fields, data)
        if not errors:
            actor = services.link_actor(link, client_ip(request))
            try:
                services.outcome_link_submit(link=link, answers=answers, actor=actor)
            except services.OutcomeLinkError as problem:
                return _gone(request, problem.message, problem.status)
            except OutcomeError as problem:
                errors["form"] = str(problem)
            else:
                thanks = {"practice_name": link.practice.name}
                return render(request, "portal/outcome_thanks.html", thanks)
    context: dict[str, object] = {
        "practice_name": link.practice.name,
        "first_name": link.patient.given_name,
        "instrument": link.instrument,
        "definition": definition,
        "fields": bind(fields, data, errors),
        "errors": errors,
    }
    return render(request, "portal/outcome_form.html", context, status=400 if errors else 200)


def _psfs_activity(check_in: CheckIn) -> str:
    """The first activity of the case's latest PSFS, asked about by name (clinical.md §5)."""
    latest = (
        OutcomeResponse.objects.filter(
            practice_id=check_in.practice_id, case_id=check_in.case_id, instrument__key="psfs"
        )
        .order_by("-collected_at", "-id")
        .first()
    )
    answers = latest.answers if latest is not None and isinstance(latest.answers, dict) else {}
    return str(answers.get("activity-1-name") or "")[:120]


def _checkin_context(check_in: CheckIn) -> dict[str, object]:
    return {
        "activity_name": _psfs_activity(check_in),
        "practice_name": check_in.practice.name,
        "first_name": check_in.patient.given_name,
        "session_date": check_in.session.session_date,
        "questions": _bound_questions({}, {}),
    }


def _bound_questions(data: dict[str, str], errors: dict[str, str]) -> list[dict[str, object]]:
    return [
        {"q": q, "value": data.get(q.key, ""), "error": errors.get(q.key, "")}
        for q in questions.QUESTIONS
    ]


def checkin_public(request: HttpRequest, token: str) -> HttpResponse:
    try:
        check_in = checkin_resolve(token)
    except CheckInLinkError as problem:
        return _gone(request, problem.message, problem.status)
    context = _checkin_context(check_in)
    data: dict[str, str] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        data = {q.key: request.POST.get(q.key, "") for q in questions.QUESTIONS}
        try:
            answers = questions.parse_answers(data)
        except questions.CheckInAnswerError as problem:
            errors = problem.errors
        else:
            actor = services.link_actor(check_in, client_ip(request), source="checkin-link")
            try:
                alert = checkin_answer(check_in=check_in, answers=answers, actor=actor)
            except CheckInLinkError as problem:
                return _gone(request, problem.message, problem.status)
            context["alert"] = alert
            return render(request, "portal/checkin_done.html", context)
    context.update(questions=_bound_questions(data, errors), errors=errors)
    return render(request, "portal/checkin_form.html", context, status=400 if errors else 200)
