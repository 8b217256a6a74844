"""Single-item 0–10 ratings of stress, sleep quality and mood, in our own words (free to
use; licensed instruments such as PSS-10 are loaded by a practice as FHIR Questionnaires
through the outcomes app). Collected at intake, at a session or in a check-in; charted
beside pain."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

import matplotlib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from petrissage.audit.services import Actor
from petrissage.care.common import audit_care
from petrissage.care.models import RatingContext, WellbeingRating
from petrissage.clinical.models import Case, NoteStatus, SessionNote
from petrissage.patients.models import Patient
from petrissage.practice.models import Staff

matplotlib.use("Agg")
matplotlib.rcParams["svg.fonttype"] = "none"

from matplotlib.dates import DateFormatter, date2num  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    question: str
    low: str
    high: str
    higher_is_better: bool
    colour: str


ITEMS: tuple[Item, ...] = (
    Item("stress", "Stress", "Over the past week, how stressed have you felt?",
         "not at all", "extremely", False, "#8a5a00"),
    Item("sleep", "Sleep quality", "Over the past week, how well have you slept?",
         "very badly", "very well", True, "#1d4d8f"),
    Item("mood", "Mood", "Over the past week, how has your mood been?",
         "very low", "very good", True, "#5b2a86"),
)  # fmt: skip
PAIN_COLOUR = "#c62f1c"


def _rating(value: object, key: str) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError({key: "Enter a whole number from 0 to 10."}) from None
    if not 0 <= number <= 10:
        raise ValidationError({key: "Enter a whole number from 0 to 10."})
    return number


def wellbeing_record(
    *,
    patient: Patient,
    on: date,
    context: str,
    ratings: dict[str, object],
    actor: Actor,
    staff: Staff | None = None,
    case: Case | None = None,
    session: SessionNote | None = None,
) -> WellbeingRating:
    if context not in RatingContext.values:
        raise ValidationError({"context": "Say where the ratings were collected."})
    values = {item.key: _rating(ratings.get(item.key), item.key) for item in ITEMS}
    if all(v is None for v in values.values()):
        raise ValidationError({"stress": "Enter at least one rating (stress, sleep or mood)."})
    with transaction.atomic():
        row = WellbeingRating.objects.create(
            practice_id=patient.practice_id,
            patient=patient,
            case=case,
            session=session,
            context=context,
            on=on,
            recorded_by=staff,
            **values,
        )
        audit_care(actor, "wellbeing.record", patient, rating=row.pk, context=context)
    return row


def series(patient: Patient, case: Case | None = None) -> dict[str, list[tuple[date, int]]]:
    """Pain (pre-session NPRS of signed sessions) and each rating, by date. For a case,
    the patient's intake ratings (given before any case) count as its baseline."""
    out: dict[str, list[tuple[date, int]]] = {"pain": []}
    sessions = SessionNote.objects.filter(
        practice_id=patient.practice_id, patient=patient, status=NoteStatus.SIGNED
    )
    ratings = WellbeingRating.objects.filter(practice_id=patient.practice_id, patient=patient)
    if case is not None:
        baseline = Q(case__isnull=True, context=RatingContext.INTAKE)
        sessions, ratings = sessions.filter(case=case), ratings.filter(Q(case=case) | baseline)
    for note in sessions.order_by("session_date", "id"):
        if note.pain_before is not None:
            out["pain"].append((note.session_date, note.pain_before))
    for item in ITEMS:
        out[item.key] = [
            (r.on, getattr(r, item.key))
            for r in ratings.order_by("on", "id")
            if getattr(r, item.key) is not None
        ]
    return out


_HEADER = re.compile(r"^.*?(?=<svg)", re.S)


def chart_svg(data: dict[str, list[tuple[date, int]]]) -> str:
    """Pain beside stress, sleep and mood on one 0–10 axis (inline SVG)."""
    figure = Figure(figsize=(6.8, 3.0), dpi=100)
    axes = figure.add_subplot()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis="y", color="#e6eaed", linewidth=0.8)
    axes.tick_params(colors="#5b6770", labelsize=9)
    lines = [("pain", "Pain (lower is better)", PAIN_COLOUR, "-")]
    for item in ITEMS:
        better = "higher" if item.higher_is_better else "lower"
        lines.append((item.key, f"{item.label} ({better} is better)", item.colour, "--"))
    drawn = 0
    for key, label, colour, style in lines:
        points = data.get(key, [])
        if not points:
            continue
        drawn += 1
        days = date2num([p[0] for p in points])  # type: ignore[no-untyped-call]
        (line,) = axes.plot(days, [p[1] for p in points], marker="o",
                            color=colour, lw=2, ms=5, ls=style, label=label)  # fmt: skip
        line.set_gid(f"series-{key}")
    axes.set_ylim(-0.3, 10.5)
    axes.set_ylabel("0–10", fontsize=9, color="#5b6770")
    axes.xaxis_date()
    axes.xaxis.set_major_formatter(DateFormatter("%b %-d"))  # type: ignore[no-untyped-call]
    if drawn:
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    else:
        axes.text(0.5, 0.5, "No pain or ratings recorded yet", transform=axes.transAxes,
                  ha="center", va="center", color="#5b6770")  # fmt: skip
        axes.set_xticks([])
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = _HEADER.sub("", buffer.getvalue(), count=1)
    svg = re.sub(r'(<svg[^>]*?) width="[^"]+" height="[^"]+"', r"\1", svg, count=1)
    label = "Pain beside stress, sleep quality and mood over time"
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" class="chart" ', 1)
