"""Reads the care pages share, and the ones other apps call:

* `report_recipients(case)` — the care-team members a progress report can go to
  (the referrals app's report sending calls `team_services.care_report_send` with them);
* `same_day_care_team_warnings(session)` — for the billing scrubber: a co-treating
  clinician usually treats on the day of the session being billed.
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from petrissage.care.models import CareReportSending, CareTeamMember
from petrissage.clinical.models import Case, NoteStatus, SessionNote, TreatmentLine
from petrissage.domain.aftercare.care_team import Colleague, region_overlaps, same_day_overlaps


def care_team_of(case: Case) -> QuerySet[CareTeamMember]:
    return CareTeamMember.objects.filter(practice_id=case.practice_id, case=case)


def report_recipients(case: Case) -> list[CareTeamMember]:
    """Members who receive reports and can be reached (email or fax), still treating."""
    return [
        m
        for m in care_team_of(case).filter(receives_reports=True, ended_on__isnull=True)
        if m.email or m.fax
    ]


def sendings_of(case: Case) -> QuerySet[CareReportSending]:
    return CareReportSending.objects.filter(practice_id=case.practice_id, case=case).select_related(
        "member", "sent_by"
    )


def colleague(member: CareTeamMember) -> Colleague:
    return Colleague(
        name=member.name,
        role_label=member.get_role_display(),
        role=member.role,
        areas=frozenset(member.areas),
        started_on=member.started_on,
        ended_on=member.ended_on,
        weekdays=frozenset(int(d) for d in member.weekdays),
    )


def case_region_codes(case: Case) -> list[str]:
    """The regions we treat on the case: its plans' techniques and its sessions' lines."""
    from petrissage.clinical.models import PlanTechnique

    planned = PlanTechnique.objects.filter(practice_id=case.practice_id, plan__case=case)
    done = TreatmentLine.objects.filter(practice_id=case.practice_id, session__case=case)
    codes = set(planned.values_list("region_code", flat=True))
    codes |= set(done.values_list("region_code", flat=True))
    return sorted(codes)


def case_overlap_warnings(case: Case, today: date) -> list[str]:
    colleagues = [colleague(m) for m in care_team_of(case)]
    return region_overlaps(colleagues, case_region_codes(case), today)


def same_day_care_team_warnings(
    session: SessionNote, cpt_codes: list[str] | None = None
) -> list[str]:
    """For the billing scrubber (one line to wire): co-treating clinicians who usually treat
    on the session's day, with the 97140 / manipulation modifier note when it applies."""
    if session.status != NoteStatus.SIGNED:
        return []
    members = CareTeamMember.objects.filter(
        practice_id=session.practice_id, case_id=session.case_id
    )
    regions = TreatmentLine.objects.filter(
        practice_id=session.practice_id, session=session
    ).values_list("region_code", flat=True)
    return same_day_overlaps(
        [colleague(m) for m in members], session.session_date, list(regions), cpt_codes or []
    )
