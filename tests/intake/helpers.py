"""Complete intake answers and the form posts that carry them."""

from __future__ import annotations

from django.urls import reverse

from petrissage.audit.services import Actor
from petrissage.domain.intake import all_questions
from petrissage.patients import intake_services


def all_no(**extra: object) -> dict[str, object]:
    """Every required question answered no / none, plus `extra`."""
    answers: dict[str, object] = {"reason_for_visit": "Low back pain since a fall in March"}
    for q, _ in all_questions():
        if q.kind == "yesno":
            answers[q.key] = False
        elif q.kind == "choice" and q.required:
            answers[q.key] = "none"
    answers.update(extra)
    return answers


def form_data(answers: dict[str, object], **buttons: str) -> dict[str, object]:
    """The POST body the intake form sends for these answers."""
    data: dict[str, object] = {}
    for key, value in answers.items():
        if isinstance(value, bool):
            data[key] = "yes" if value else "no"
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for i, row in enumerate(value):
                for column, cell in row.items():
                    data[f"{key}-{i}-{column}"] = str(cell)
        elif value is not None:
            data[key] = value
    data.update(buttons)
    return data


def submitted_intake(patient, staff, **extra):
    actor = Actor.for_staff(staff)
    intake = intake_services.intake_start(patient=patient, actor=actor, staff=staff)
    return intake_services.intake_submit(
        intake=intake, actor=actor, answers=all_no(**extra), consent_signature="Maria Lopez"
    )


def edit_url(intake) -> str:
    return reverse("intake_edit", args=[intake.patient_id, intake.pk])


def detail_url(intake) -> str:
    return reverse("intake_detail", args=[intake.patient_id, intake.pk])


def autosave_url(intake) -> str:
    return reverse("intake_autosave", args=[intake.patient_id, intake.pk])
