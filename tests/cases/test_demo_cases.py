"""The demo step: open cases with valid diagnoses, an approved plan and 4–12 signed notes
with treatment lines, a few unsigned drafts (two overdue), cases on hold and discharged
with a summary; safe to run twice."""

from __future__ import annotations

from petrissage.audit.services import Actor
from petrissage.clinical import demo_cases
from petrissage.clinical.models import Case, CaseStatus, NoteStatus, PlanStatus
from petrissage.clinical.session_selectors import overdue_unsigned_notes
from petrissage.domain.icd10 import check_diagnosis
from petrissage.practice.models import Role
from tests import factories
from tests.referrals.builders import today_of


def test_demo_cases_plans_and_sessions(monkeypatch, practice, therapist):
    monkeypatch.setattr(demo_cases, "DISCHARGED", 1)
    factories.make_staff(practice, Role.THERAPIST, "tara-therapist")
    for i in range(12):
        factories.make_patient(practice, given_name=f"Demo{i}", family_name="Patient")
    today = today_of(practice)
    actor = Actor.system(practice, source="demo")
    made = demo_cases.build_cases(practice, actor, today)
    assert len(made) == 12
    for case in made:
        case.refresh_from_db()
        assert all(check_diagnosis(d.code).ok for d in case.diagnoses.all())
        assert case.plans.filter(status=PlanStatus.APPROVED).count() == 1
        signed = case.sessions.filter(status=NoteStatus.SIGNED)
        assert 4 <= signed.count() <= 12, case.title
        assert all(n.lines.exists() and n.total_minutes > 0 for n in signed)
        assert all(n.session_date < today for n in signed)
        assert all(n.signed_at is not None and n.signed_at.date() == n.session_date for n in signed)
    statuses = [c.status for c in Case.objects.filter(practice=practice)]
    assert statuses.count(CaseStatus.DISCHARGED) == 1
    assert statuses.count(CaseStatus.ON_HOLD) == 2
    discharged = Case.objects.get(practice=practice, status=CaseStatus.DISCHARGED)
    assert "course completed" in discharged.discharge_summary
    drafts = Case.objects.filter(practice=practice, sessions__status=NoteStatus.DRAFT).count()
    assert drafts == demo_cases.DRAFTS
    overdue = sum(overdue_unsigned_notes(s).count() for s in practice.staff.all())
    assert overdue == demo_cases.OVERDUE_DRAFTS
    assert Case.objects.filter(practice=practice, plans__version=2).count() >= 1
    assert demo_cases.build_cases(practice, actor, today) == []  # safe to run twice
