"""A case lists the other clinicians treating the patient; a chiropractor adjusting the same
area shows a warning on the case page, and a same-day warning is there for billing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from petrissage.audit.models import AuditEvent
from petrissage.audit.services import Actor
from petrissage.care import selectors
from petrissage.care.models import CareTeamMember
from petrissage.care.team_services import care_team_member_add, care_team_member_update
from tests.care.conftest import BACK_SWEDISH, signed_session

CHIRO = {
    "name": "Dr Ana Ruiz",
    "role": "chiropractor",
    "organisation": "Eastside Chiropractic",
    "email": "ruiz@eastside.example",
    "doing": "Lumbar adjustments, weekly",
    "areas": ["lower back"],
    "weekdays": [0, 3],
}


def url(case, suffix=""):
    return f"/care/patients/{case.patient_id}/cases/{case.pk}/{suffix}"


def test_therapist_adds_a_chiropractor_and_sees_the_same_region_warning(
    login, therapist, care_case
):
    client = login(therapist)
    data = {**CHIRO, "started_on": "2026-01-05", "receives_reports": "on"}
    response = client.post(url(care_case, "team/new/"), data)
    assert response.status_code == 302
    member = CareTeamMember.objects.get(case=care_case)
    assert member.areas == ["lower back"]
    assert member.weekdays == [0, 3]
    assert AuditEvent.objects.filter(action="care_team.add", patient=care_case.patient).exists()

    # The plan treats the neck; once a lumbar line is done the areas overlap.
    page = client.get(url(care_case)).content.decode()
    assert "Dr Ana Ruiz" in page
    assert "Same region" not in page
    signed_session(care_case, therapist, care_case.opened_on + timedelta(days=1), BACK_SWEDISH)
    page = client.get(url(care_case)).content.decode()
    assert "Chiropractor Dr Ana Ruiz is also treating the lower back" in page


def test_bad_input_names_the_field_and_keeps_what_was_typed(login, therapist, care_case):
    client = login(therapist)
    data = {**CHIRO, "email": "", "receives_reports": "on", "doing": ""}
    response = client.post(url(care_case, "team/new/"), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Reports need an email address or a fax number" in page or "What they are doing" in page
    assert 'value="Dr Ana Ruiz"' in page
    assert not CareTeamMember.objects.exists()


def test_a_member_without_contact_cannot_be_set_to_receive_reports(therapist, care_case):
    with pytest.raises(ValidationError) as error:
        care_team_member_add(
            case=care_case,
            staff=therapist,
            actor=Actor.for_staff(therapist),
            fields={**CHIRO, "email": "", "receives_reports": True},
        )
    assert "email" in error.value.message_dict


def test_ending_a_member_keeps_the_row(therapist, care_case):
    actor = Actor.for_staff(therapist)
    member = care_team_member_add(case=care_case, staff=therapist, actor=actor, fields=CHIRO)
    fields = {**CHIRO, "ended_on": care_case.opened_on + timedelta(days=3)}
    care_team_member_update(member=member, actor=actor, fields=fields)
    assert CareTeamMember.objects.get().ended_on is not None


def test_billing_gets_a_same_day_warning_with_the_modifier_rule(therapist, care_case):
    care_team_member_add(
        case=care_case, staff=therapist, actor=Actor.for_staff(therapist), fields=CHIRO
    )
    day = care_case.opened_on + timedelta(days=(7 - care_case.opened_on.weekday()) % 7)  # Monday
    note = signed_session(care_case, therapist, day, BACK_SWEDISH)
    warnings = selectors.same_day_care_team_warnings(note, ["97140"])
    assert len(warnings) == 1
    assert "also treats the lower back on Monday" in warnings[0]
    assert "modifier 59" in warnings[0]
    tuesday = signed_session(care_case, therapist, day + timedelta(days=1), BACK_SWEDISH)
    assert selectors.same_day_care_team_warnings(tuesday, ["97140"]) == []


def test_other_practice_gets_404_and_front_desk_403(
    login, outsider, front_desk, therapist, care_case
):
    assert login(outsider).get(url(care_case)).status_code == 404
    assert login(front_desk).get(url(care_case)).status_code == 403
    assert login(front_desk).post(url(care_case, "team/new/"), CHIRO).status_code == 403
    assert not CareTeamMember.objects.exists()
