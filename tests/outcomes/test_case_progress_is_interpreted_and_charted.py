"""The case's outcomes panel: change from baseline, percent, MCID, plain-language summary,
charts with the MCID band, goal status and the plateau alert."""

from __future__ import annotations

from datetime import timedelta

from django.template import Context, Template
from django.utils import timezone

from petrissage.audit.services import Actor
from petrissage.outcomes.selectors import instrument_for
from petrissage.outcomes.services import outcome_record


def record(case, therapist, key, answers, timepoint, days_ago):
    outcome_record(
        case=case,
        instrument=instrument_for(case.practice, key),
        answers=answers,
        timepoint=timepoint,
        actor=Actor.for_staff(therapist),
        staff=therapist,
        collected_at=timezone.now() - timedelta(days=days_ago),
    )


def render_panel(case, staff):
    template = Template("{% load outcomes_case %}{% case_outcomes_panel case %}")
    return template.render(Context({"case": case, "staff": staff}))


def test_improvement_is_summarised_and_charted(case, therapist, plan):
    record(case, therapist, "nprs", {"pain": 7}, "baseline", 20)
    record(case, therapist, "nprs", {"pain": 3}, "interim", 2)
    html = render_panel(case, therapist)
    assert "Pain down 4 points on NPRS (57%), a clinically important improvement" in html
    assert "Baseline 7 → latest 3 · change -4 (-57%)" in html
    assert 'class="mcid-band"' in html
    assert 'class="series-nprs"' in html
    assert 'data-testid="goal-status">met<' in html  # "Neck pain down to 3/10"
    assert "Sleep through the night" in html  # a goal without a measure yet
    assert "Plateau" not in html


def test_two_measures_without_important_change_raise_a_plateau_alert(case, therapist):
    for days, pain in ((30, 6), (15, 5), (1, 5)):
        record(
            case, therapist, "nprs", {"pain": pain}, "baseline" if days == 30 else "interim", days
        )
    html = render_panel(case, therapist)
    assert 'data-testid="plateau-alert"' in html


def test_worsening_lefs_is_direction_aware(case, therapist):
    record(case, therapist, "lefs", {f"lefs-{n}": 3 for n in range(1, 21)}, "baseline", 20)
    record(case, therapist, "lefs", {f"lefs-{n}": 2 for n in range(1, 21)}, "interim", 1)
    html = render_panel(case, therapist)
    assert "worse" in html.lower()
    assert "Function" in html


def test_case_outcomes_page_and_panel_are_clinical_only(login, case, therapist, front_desk):
    record(case, therapist, "nprs", {"pain": 7}, "baseline", 3)
    page = login(therapist).get(f"/patients/{case.patient_id}/cases/{case.pk}/outcomes/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    assert "outcomes-panel" not in render_panel(case, front_desk)


def test_several_charts_on_one_page_have_unique_ids(case, therapist):
    import re

    for days, value in ((20, 7), (2, 4)):
        timepoint = "baseline" if days == 20 else "interim"
        record(case, therapist, "nprs", {"pain": value}, timepoint, days)
        peg = {"peg-pain": value, "peg-enjoyment": value, "peg-activity": value}
        record(case, therapist, "peg", peg, timepoint, days)
    html = render_panel(case, therapist)
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert html.count("<svg") == 2
    assert len(ids) == len(set(ids))
    for reference in re.findall(r"url\(#([^)]+)\)", html):
        assert reference in ids
