"""Issue 10, table-driven over the fourteen resource types of /fhir/R4/: read by id validates
with fhir.resources (R4B); `patient=` returns only that patient's rows; each of date / code /
status that the type has is honoured (filters to exactly the expected rows) or refused with
a 400 OperationOutcome; `_count=2` pages on with a working `next` link; `_count=100000` is
capped, not an error; an unknown parameter is a 400; another practice's token reads 404 (the
same body as a missing id) and finds nothing; the CapabilityStatement lists exactly the
parameters that are honoured."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome

from petrissage.audit.services import Actor
from petrissage.billing.models import Claim, ClaimStatus
from petrissage.clinical.models import (
    Assessment,
    AssessmentKind,
    NoteStatus,
    PlanStatus,
    RegionFinding,
    ScreeningFinding,
    SessionNote,
    TreatmentLine,
)
from petrissage.outcomes.selectors import instrument_for
from petrissage.outcomes.services import outcome_record
from petrissage.patients import intake_services
from petrissage.patients import models as history
from petrissage.practice.models import Role
from petrissage.referrals.models import Prescription, ProgressReport, ReportKind, ReportStatus
from petrissage.scheduling.models import Appointment, AppointmentStatus
from tests import factories
from tests.billing.builders import insured_patient, setup_billing
from tests.intake.helpers import submitted_intake
from tests.referrals.builders import prescription, today_of
from tests.sessions.conftest import make_case, make_plan, make_screening

BASE = "/fhir/R4"
SNOMED = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
LOINC = "http://loinc.org"
CPT = "http://www.ama-assn.org/go/cpt"
PDF = b"%PDF-1.4\n% a stand-in report\n%%EOF\n"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


class Api:
    """GETs with a bearer token per staff member (one token each)."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.tokens: dict[int, str] = {}

    def get(self, staff: Any, url: str) -> Any:
        if staff.pk not in self.tokens:
            self.tokens[staff.pk] = factories.make_token(staff)
        return self.client.get(url, HTTP_AUTHORIZATION=f"Bearer {self.tokens[staff.pk]}")

    def bundle(self, staff: Any, url: str) -> dict[str, Any]:
        response = self.get(staff, url)
        assert response.status_code == 200, (url, response.content[:300])
        raw: dict[str, Any] = response.json()
        Bundle.model_validate(raw)
        for entry in raw.get("entry", []):
            resource = entry["resource"]
            get_fhir_model_class(resource["resourceType"]).model_validate(resource)
            assert entry["fullUrl"].endswith(f"/{resource['resourceType']}/{resource['id']}")
        return raw

    def ids(self, staff: Any, url: str) -> set[str]:
        return {e["resource"]["id"] for e in self.bundle(staff, url).get("entry", [])}

    def outcome(self, staff: Any, url: str, status: int) -> dict[str, Any]:
        response = self.get(staff, url)
        assert response.status_code == status, (url, response.content[:300])
        body: dict[str, Any] = response.json()
        OperationOutcome.model_validate(body)
        return body


@dataclass
class World:
    practice: Any
    owner: Any
    therapist: Any
    other_owner: Any  # every role's rights, in another practice


@dataclass
class Built:
    """What a builder made: two patients of the practice and the FHIR ids of each one's rows
    (a: at least three, for paging); honoured: (query, ids of patient a it must return);
    refused: the date/code/status parameter names this type declares unsupported."""

    a: Any
    b: Any
    ids_a: set[str]
    ids_b: set[str]
    honoured: list[tuple[str, set[str]]] = field(default_factory=list)
    refused: tuple[str, ...] = ()
    page: tuple[str, set[str]] | None = None  # a query with 3+ matches (default: patient a)


def _patients(w: World) -> tuple[Any, Any]:
    return factories.make_patient(w.practice), factories.make_patient(w.practice)


def _rows(w: World, patient: Any) -> dict[str, Any]:
    return {"practice": w.practice, "patient": patient}


# One builder per type ----------------------------------------------------------------------


def build_patient(w: World) -> Built:
    a = factories.make_patient(w.practice, given_name="Maria", family_name="Lopez")
    b = factories.make_patient(w.practice, given_name="Ana", family_name="Ruiz")
    lopez = [factories.make_patient(w.practice, family_name="Lopez") for _ in range(2)]
    return Built(
        a,
        b,
        {str(a.pk)},
        {str(b.pk)},
        honoured=[("birthdate=1980-05-17", {str(a.pk)}), ("birthdate=1990", set())],
        refused=("date", "code", "status"),
        page=("family=Lopez", {str(p.pk) for p in (a, *lopez)}),
    )


def build_condition(w: World) -> Built:
    a, b = _patients(w)
    make = history.PatientCondition.objects.create
    back = make(**_rows(w, a), system=SNOMED, code="278860009", display="Chronic low back pain",
                icd10_code="M54.50", clinical_status="active", onset=date(2019, 4, 2))  # fmt: skip
    bones = make(**_rows(w, a), system=SNOMED, code="64859006", display="Osteoporosis",
                 clinical_status="resolved", onset=date(2022, 6, 1))  # fmt: skip
    neck = make(**_rows(w, a), system=ICD10CM, code="M54.2", display="Cervicalgia",
                clinical_status="active", onset=date(2023, 1, 15))  # fmt: skip
    knee = make(**_rows(w, b), system=SNOMED, code="239873007", display="Osteoarthritis of knee")
    return Built(
        a,
        b,
        {str(back.pk), str(bones.pk), str(neck.pk)},
        {str(knee.pk)},
        honoured=[
            (f"code={SNOMED}|278860009", {str(back.pk)}),
            (f"code={ICD10CM}|M54.50", {str(back.pk)}),  # the mapped ICD-10-CM code
            ("code=64859006,M54.2", {str(bones.pk), str(neck.pk)}),
            ("clinical-status=resolved", {str(bones.pk)}),
            ("onset-date=ge2022-01-01", {str(bones.pk), str(neck.pk)}),
            ("onset-date=2019", {str(back.pk)}),
        ],
        refused=("date", "status"),  # R4 Condition has onset-date and clinical-status
    )


def build_medication_statement(w: World) -> Built:
    a, b = _patients(w)
    make = history.PatientMedication.objects.create
    warfarin = make(**_rows(w, a), name="Warfarin 5 mg", rxnorm="855332")
    ibuprofen = make(**_rows(w, a), name="Ibuprofen 200 mg", active=False)
    other = make(**_rows(w, a), name="Vitamin D")
    theirs = make(**_rows(w, b), name="Metformin")
    return Built(
        a,
        b,
        {str(warfarin.pk), str(ibuprofen.pk), str(other.pk)},
        {str(theirs.pk)},
        honoured=[
            ("code=http://www.nlm.nih.gov/research/umls/rxnorm|855332", {str(warfarin.pk)}),
            ("status=stopped", {str(ibuprofen.pk)}),
            ("status=active", {str(warfarin.pk), str(other.pk)}),
            ("status=completed", set()),  # a valid code no row here has
        ],
        refused=("date",),  # no effective date is held
    )


def build_allergy(w: World) -> Built:
    a, b = _patients(w)
    make = history.PatientAllergy.objects.create
    latex = make(**_rows(w, a), system=SNOMED, code="111088007", display="Latex (substance)",
                 recorded_on=date(1996, 12, 27))  # fmt: skip
    nuts = make(**_rows(w, a), display="Tree nuts", clinical_status="resolved",
                recorded_on=date(2021, 3, 1))  # fmt: skip
    oils = make(**_rows(w, a), display="Lavender oil", recorded_on=date(2024, 8, 9))
    theirs = make(**_rows(w, b), display="Penicillin")
    return Built(
        a,
        b,
        {str(latex.pk), str(nuts.pk), str(oils.pk)},
        {str(theirs.pk)},
        honoured=[
            (f"code={SNOMED}|111088007", {str(latex.pk)}),
            ("clinical-status=resolved", {str(nuts.pk)}),
            ("date=lt2000", {str(latex.pk)}),
            ("date=ge2021-03-01", {str(nuts.pk), str(oils.pk)}),
        ],
        refused=("status",),  # R4 AllergyIntolerance has clinical-status
    )


def build_service_request(w: World) -> Built:
    a, b = _patients(w)
    today = today_of(w.practice)
    current = prescription(a, w.therapist, issued_on=today - timedelta(days=10))
    older = prescription(a, w.therapist, current.provider)
    oldest = prescription(a, w.therapist, current.provider)
    theirs = prescription(b, w.therapist, current.provider)
    for row, issued, expires in ((older, date(2025, 1, 6), date(2025, 4, 6)),
                                 (oldest, date(2024, 2, 1), date(2024, 5, 1))):  # fmt: skip
        Prescription.objects.filter(pk=row.pk).update(issued_on=issued, expires_on=expires)
    return Built(
        a,
        b,
        {str(current.pk), str(older.pk), str(oldest.pk)},
        {str(theirs.pk)},
        honoured=[
            ("status=active", {str(current.pk)}),
            ("status=completed", {str(older.pk), str(oldest.pk)}),
            ("authored=2025-01-06", {str(older.pk)}),
            ("authored=lt2025", {str(oldest.pk)}),
        ],
        refused=("date", "code"),  # authored is R4's date here; code carries no coding
    )


def build_care_plan(w: World) -> Built:
    a, b = _patients(w)
    case = make_case(a, w.therapist, opened_on=date(2025, 1, 10))
    old = make_plan(case, w.therapist, status=PlanStatus.SUPERSEDED)
    current = make_plan(case, w.therapist)
    current.approved_at = datetime(2025, 3, 1, 18, tzinfo=UTC)
    current.save()
    draft = make_plan(case, w.therapist, status=PlanStatus.DRAFT)
    theirs = make_plan(make_case(b, w.therapist), w.therapist)
    return Built(
        a,
        b,
        {str(old.pk), str(current.pk), str(draft.pk)},
        {str(theirs.pk)},
        honoured=[
            ("status=active", {str(current.pk)}),
            ("status=revoked,draft", {str(old.pk), str(draft.pk)}),
            ("status=completed", set()),
            ("date=2025-03-01", {str(current.pk)}),
            ("date=lt2025-02", {str(old.pk), str(draft.pk)}),
        ],
        refused=("code",),
    )


def _note(case: Any, on: date, *, signed: bool, lines: tuple[tuple[str, str], ...] = ()) -> Any:
    note = SessionNote.objects.create(
        practice_id=case.practice_id, patient=case.patient, case=case,
        therapist=case.therapist, session_date=on,
        status=NoteStatus.SIGNED if signed else NoteStatus.DRAFT,
    )  # fmt: skip
    for technique, region in lines:
        TreatmentLine.objects.create(practice_id=case.practice_id, session=note,
                                     region_code=region, technique=technique, minutes=20,
                                     pressure=3)  # fmt: skip
    return note


def build_encounter(w: World) -> Built:
    a, b = _patients(w)
    case = make_case(a, w.therapist)
    first = _note(case, date(2025, 2, 3), signed=True)
    second = _note(case, date(2025, 2, 10), signed=False)
    checkup = history.PastEncounter.objects.create(
        **_rows(w, a), status="finished", encounter_class="AMB",
        started_at=datetime(2024, 3, 5, 16, 30, tzinfo=UTC), type_system=SNOMED,
        type_code="185349003", type_display="Encounter for check up (procedure)",
    )  # fmt: skip
    theirs = _note(make_case(b, w.therapist), date(2025, 2, 3), signed=True)
    hist = f"hist-{checkup.pk}"
    return Built(
        a,
        b,
        {str(first.pk), str(second.pk), hist},
        {str(theirs.pk)},
        honoured=[
            ("status=finished", {str(first.pk), hist}),
            ("status=in-progress", {str(second.pk)}),
            ("date=2025-02-03", {str(first.pk)}),
            ("date=lt2025", {hist}),
            ("date=ge2025-02-04&date=le2025-02-28", {str(second.pk)}),
        ],
        refused=("code",),  # R4 Encounter has type and reason-code, not code
    )


def build_procedure(w: World) -> Built:
    a, b = _patients(w)
    case = make_case(a, w.therapist)
    note = _note(case, date(2025, 2, 3), signed=True,
                 lines=(("myofascial_release", "upper-trapezius-left"),
                        ("swedish", "lumbar-paraspinals-right")))  # fmt: skip
    mfr, swedish = note.lines.order_by("pk")
    appendix = history.PastProcedure.objects.create(
        **_rows(w, a), system=SNOMED, code="80146002", display="Appendectomy",
        performed_on=date(2011, 6, 14),
    )  # fmt: skip
    theirs = _note(make_case(b, w.therapist), date(2025, 2, 3), signed=True,
                   lines=(("swedish", "calf-left"),)).lines.get()  # fmt: skip
    hist = f"hist-{appendix.pk}"
    return Built(
        a,
        b,
        {str(mfr.pk), str(swedish.pk), hist},
        {str(theirs.pk)},
        honoured=[
            (f"code={CPT}|97140", {str(mfr.pk)}),
            ("code=97124", {str(swedish.pk)}),
            (f"code={SNOMED}|80146002", {hist}),
            ("status=completed", {str(mfr.pk), str(swedish.pk), hist}),
            ("status=in-progress", set()),
            ("date=2025-02-03", {str(mfr.pk), str(swedish.pk)}),
            ("date=lt2020", {hist}),
            (f"encounter=Encounter/{note.pk}", {str(mfr.pk), str(swedish.pk)}),
        ],
    )


def _finding(patient: Any, therapist: Any, on: date, region: str, pain: int) -> Any:
    assessment = Assessment.objects.create(
        practice_id=patient.practice_id, patient=patient, therapist=therapist,
        kind=AssessmentKind.INITIAL, assessed_on=on,
    )  # fmt: skip
    return RegionFinding.objects.create(practice_id=patient.practice_id, patient=patient,
                                        assessment=assessment, region_code=region, nprs=pain)  # fmt: skip


def build_observation(w: World) -> Built:
    a, b = _patients(w)
    neck = _finding(a, w.therapist, date(2025, 1, 10), "upper-trapezius-left", 7)
    back = _finding(a, w.therapist, date(2025, 2, 20), "sacrum", 3)
    score = outcome_record(
        case=make_case(a, w.therapist), instrument=instrument_for(w.practice, "nprs"),
        answers={"pain": 6}, timepoint="baseline", actor=Actor.for_staff(w.therapist),
        staff=w.therapist, collected_at=datetime(2025, 1, 10, 17, tzinfo=UTC),
    )  # fmt: skip
    pressure = history.VitalSign.objects.create(
        **_rows(w, a), loinc="85354-9", display="Blood pressure panel",
        effective_at=datetime(2024, 3, 5, 16, 40, tzinfo=UTC), systolic=Decimal("128.0"),
        diastolic=Decimal("82.0"),
    )  # fmt: skip
    theirs = _finding(b, w.therapist, date(2025, 1, 10), "calf-left", 2)
    ours = {str(neck.pk), str(back.pk), f"outcome-{score.pk}", f"vital-{pressure.pk}"}
    return Built(
        a,
        b,
        ours,
        {str(theirs.pk)},
        honoured=[
            (f"code={LOINC}|85354-9", {f"vital-{pressure.pk}"}),
            ("category=exam", {str(neck.pk), str(back.pk)}),
            ("category=survey", {f"outcome-{score.pk}"}),
            ("category=vital-signs", {f"vital-{pressure.pk}"}),
            ("category=exam&code=72514-3", {str(neck.pk), str(back.pk)}),
            ("date=2025-01-10", {str(neck.pk), f"outcome-{score.pk}"}),
            ("date=lt2025", {f"vital-{pressure.pk}"}),
            ("status=final", ours),
            ("status=preliminary", set()),
        ],
    )


def build_questionnaire_response(w: World) -> Built:
    a, b = _patients(w)
    actor = Actor.for_staff(w.therapist)
    submitted = submitted_intake(a, w.therapist)
    draft = intake_services.intake_start(patient=a, actor=actor)
    intake_services.intake_save_draft(intake=draft, actor=actor, answers={"goals": "Garden"})
    score = outcome_record(
        case=make_case(a, w.therapist), instrument=instrument_for(w.practice, "nprs"),
        answers={"pain": 6}, timepoint="baseline", actor=actor, staff=w.therapist,
        collected_at=datetime(2025, 1, 10, 17, tzinfo=UTC),
    )  # fmt: skip
    theirs = submitted_intake(b, w.therapist)
    ids = {f"intake-{submitted.pk}", f"intake-{draft.pk}", f"outcome-{score.pk}"}
    return Built(
        a,
        b,
        ids,
        {f"intake-{theirs.pk}"},
        honoured=[
            ("status=in-progress", {f"intake-{draft.pk}"}),
            ("status=completed", {f"intake-{submitted.pk}", f"outcome-{score.pk}"}),
            ("authored=2025-01-10", {f"outcome-{score.pk}"}),
            ("authored=gt2025-01-10", {f"intake-{submitted.pk}", f"intake-{draft.pk}"}),
        ],
        refused=("date", "code"),  # R4 QuestionnaireResponse: authored; no code
    )


def build_flag(w: World) -> Built:
    a, b = _patients(w)
    findings = ScreeningFinding.objects
    earlier = make_screening(a, {"rule_id": "old", "condition": "Old finding"})
    earlier.computed_at = datetime(2024, 1, 2, 12, tzinfo=UTC)
    earlier.save()
    old = findings.get(screening=earlier)
    make_screening(a, *({"rule_id": f"r{n}", "condition": f"Finding {n}"} for n in range(3)))
    current = {str(f.pk) for f in findings.filter(patient=a, screening__is_current=True)}
    make_screening(b, {"rule_id": "theirs"})
    theirs = {str(f.pk) for f in findings.filter(patient=b)}
    return Built(
        a,
        b,
        current,  # a search without status lists the active (current) findings
        theirs,
        honoured=[
            ("status=inactive", {str(old.pk)}),
            ("status=active,inactive", current | {str(old.pk)}),
            ("status=inactive&date=2024-01-02", {str(old.pk)}),
            ("status=inactive&date=gt2024-01-02", set()),
        ],
        refused=("code",),
    )


def _visit(w: World, patient: Any, start: datetime, status: str = AppointmentStatus.BOOKED) -> Any:
    return Appointment.objects.create(**_rows(w, patient), therapist=w.therapist,
                                      kind="treatment-60", starts_at=start,
                                      ends_at=start + timedelta(hours=1), status=status)  # fmt: skip


def build_appointment(w: World) -> Built:
    a, b = _patients(w)
    first = _visit(w, a, datetime(2025, 3, 3, 17, tzinfo=UTC), AppointmentStatus.COMPLETED)
    second = _visit(w, a, datetime(2025, 3, 10, 17, tzinfo=UTC), AppointmentStatus.CANCELLED)
    third = _visit(w, a, datetime(2025, 3, 17, 17, tzinfo=UTC))
    theirs = _visit(w, b, datetime(2025, 3, 3, 19, tzinfo=UTC))
    return Built(
        a,
        b,
        {str(first.pk), str(second.pk), str(third.pk)},
        {str(theirs.pk)},
        honoured=[
            ("status=fulfilled", {str(first.pk)}),
            ("status=booked", {str(third.pk)}),
            ("date=2025-03-10", {str(second.pk)}),
            ("date=ge2025-03-10", {str(second.pk), str(third.pk)}),
        ],
        refused=("code",),
    )


def build_claim(w: World) -> Built:
    payer = setup_billing(w.practice)
    a, b = insured_patient(w.practice), insured_patient(w.practice)

    def claim(patient: Any, number: str, status: str, created: datetime) -> Claim:
        made = Claim.objects.create(
            **_rows(w, patient), coverage=patient.coverages.get(), payer=payer, status=status,
            account_number=number, service_date=created.date(), diagnoses=["M54.50"],
        )  # fmt: skip
        Claim.objects.filter(pk=made.pk).update(created_at=created)
        return made

    draft = claim(a, "A-1", ClaimStatus.READY, datetime(2025, 2, 3, 20, tzinfo=UTC))
    paid = claim(a, "A-2", ClaimStatus.PAID, datetime(2025, 2, 10, 20, tzinfo=UTC))
    void = claim(a, "A-3", ClaimStatus.VOIDED, datetime(2025, 2, 17, 20, tzinfo=UTC))
    theirs = claim(b, "B-1", ClaimStatus.DRAFT, datetime(2025, 2, 3, 20, tzinfo=UTC))
    return Built(
        a,
        b,
        {str(draft.pk), str(paid.pk), str(void.pk)},
        {str(theirs.pk)},
        honoured=[
            ("status=draft", {str(draft.pk)}),
            ("status=active,cancelled", {str(paid.pk), str(void.pk)}),
            ("created=2025-02-10", {str(paid.pk)}),
            ("created=gt2025-02-03", {str(paid.pk), str(void.pk)}),
        ],
        refused=("date", "code"),  # R4 Claim: created; no code
    )


def _report(w: World, patient: Any, kind: str, signed_at: datetime) -> ProgressReport:
    report = ProgressReport.objects.create(
        **_rows(w, patient), case=make_case(patient, w.therapist), kind=kind,
        status=ReportStatus.SIGNED, period_start=date(2025, 1, 1), period_end=signed_at.date(),
        built_at=signed_at, created_by=w.therapist, signed_by=w.therapist,
        signed_at=signed_at, signature="Theo Therapist, LMT",
    )  # fmt: skip
    report.pdf.save(f"report-{report.pk}.pdf", ContentFile(PDF))
    return report


def build_document_reference(w: World) -> Built:
    a, b = _patients(w)
    january = _report(w, a, ReportKind.PROGRESS, datetime(2025, 1, 31, 18, tzinfo=UTC))
    february = _report(w, a, ReportKind.PROGRESS, datetime(2025, 2, 28, 18, tzinfo=UTC))
    discharge = _report(w, a, ReportKind.DISCHARGE, datetime(2025, 3, 31, 18, tzinfo=UTC))
    theirs = _report(w, b, ReportKind.PROGRESS, datetime(2025, 1, 31, 18, tzinfo=UTC))
    return Built(
        a,
        b,
        {str(january.pk), str(february.pk), str(discharge.pk)},
        {str(theirs.pk)},
        honoured=[
            ("type=discharge-summary", {str(discharge.pk)}),
            (f"type={LOINC}|18842-5", {str(discharge.pk)}),
            ("date=2025-02-28", {str(february.pk)}),
            ("date=ge2025-02", {str(february.pk), str(discharge.pk)}),
            ("status=current", {str(january.pk), str(february.pk), str(discharge.pk)}),
            ("status=superseded", set()),
        ],
        refused=("code",),  # R4 DocumentReference has type, not code
    )


@dataclass(frozen=True)
class TypeCase:
    resource: str
    build: Callable[[World], Built]
    patient_param: str = "patient"


CASES = [
    TypeCase("Patient", build_patient, patient_param="_id"),
    TypeCase("Condition", build_condition),
    TypeCase("MedicationStatement", build_medication_statement),
    TypeCase("AllergyIntolerance", build_allergy),
    TypeCase("ServiceRequest", build_service_request),
    TypeCase("CarePlan", build_care_plan),
    TypeCase("Encounter", build_encounter),
    TypeCase("Procedure", build_procedure),
    TypeCase("Observation", build_observation),
    TypeCase("QuestionnaireResponse", build_questionnaire_response),
    TypeCase("Flag", build_flag),
    TypeCase("Appointment", build_appointment),
    TypeCase("Claim", build_claim),
    TypeCase("DocumentReference", build_document_reference),
]
ISSUE_TYPES = {case.resource for case in CASES}


@pytest.fixture
def world(practice, other_practice, owner, therapist) -> World:
    other_owner = factories.make_staff(other_practice, Role.OWNER, "oona-other-owner")
    return World(practice, owner, therapist, other_owner)


@pytest.fixture
def api(client) -> Api:
    return Api(client)


def _search(case: TypeCase, patient: Any, extra: str = "") -> str:
    url = f"{BASE}/{case.resource}?{case.patient_param}={patient.pk}"
    return f"{url}&{extra}" if extra else url


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.resource)
def test_read_and_patient_scoped_search(api, world, case):
    built = case.build(world)
    for resource_id in built.ids_a | built.ids_b:
        response = api.get(world.owner, f"{BASE}/{case.resource}/{resource_id}")
        assert response.status_code == 200, (resource_id, response.content[:300])
        assert response["Content-Type"].startswith("application/fhir+json")
        resource = get_fhir_model_class(case.resource).model_validate(response.json())
        assert resource.model_dump()["id"] == resource_id
    assert api.ids(world.owner, _search(case, built.a)) == built.ids_a
    assert api.ids(world.owner, _search(case, built.b)) == built.ids_b


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.resource)
def test_date_code_and_status_are_honoured_or_refused(api, world, case):
    built = case.build(world)
    for query, expected in built.honoured:
        assert api.ids(world.owner, _search(case, built.a, query)) == expected, query
        assert not api.ids(world.owner, _search(case, built.b, query)) & built.ids_a, query
    for name in built.refused:
        outcome = api.outcome(world.owner, _search(case, built.a, f"{name}=2025"), 400)
        assert outcome["issue"][0]["expression"] == [name]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.resource)
def test_count_pages_with_next_links_and_is_capped(api, world, case):
    built = case.build(world)
    base, expected = built.page or (_search(case, built.a), built.ids_a)
    base = base if base.startswith(BASE) else f"{BASE}/{case.resource}?{base}"
    assert 3 <= len(expected) <= 4
    first = api.bundle(world.owner, f"{base}&_count=2")
    assert first["total"] == len(expected)
    assert len(first["entry"]) == 2
    links = {link["relation"]: link["url"] for link in first["link"]}
    second = api.bundle(world.owner, links["next"].removeprefix("http://testserver"))
    page_one = {e["resource"]["id"] for e in first["entry"]}
    page_two = {e["resource"]["id"] for e in second["entry"]}
    assert not page_one & page_two
    assert page_one | page_two == expected
    assert "next" not in {link["relation"] for link in second["link"]}
    assert "previous" in {link["relation"] for link in second["link"]}

    capped = api.bundle(world.owner, f"{base}&_count=100000")
    assert {e["resource"]["id"] for e in capped["entry"]} == expected
    assert "_count=100&" in next(x["url"] for x in capped["link"] if x["relation"] == "self")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.resource)
def test_unknown_parameters_are_refused_by_name(api, world, case):
    built = case.build(world)
    for name in ("colour", "_include", "_revinclude", "_sort", "code:text", "patient.name"):
        outcome = api.outcome(world.owner, _search(case, built.a, f"{name}=x"), 400)
        assert outcome["issue"][0]["expression"] == [name]
        assert outcome["issue"][0]["code"] == "invalid"
    api.outcome(world.owner, _search(case, built.a, "_count=many"), 400)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.resource)
def test_another_practice_reads_404_and_finds_nothing(api, world, case):
    built = case.build(world)
    missing = api.outcome(world.owner, f"{BASE}/{case.resource}/999999999", 404)
    for resource_id in built.ids_a:
        found = api.outcome(world.other_owner, f"{BASE}/{case.resource}/{resource_id}", 404)
        assert found == missing
    empty = api.bundle(world.other_owner, _search(case, built.a))
    assert empty["total"] == 0
    assert "entry" not in empty
    nobody = api.bundle(world.owner, f"{BASE}/{case.resource}?{case.patient_param}=999999999")
    assert set(empty) == set(nobody)
    assert [link["relation"] for link in empty["link"]] == ["self"]


def _sample(resource: str, name: str, kind: str) -> str:
    if kind == "reference":
        return {"encounter": "Encounter/1", "practitioner": "1", "actor": "1"}.get(name, "1")
    if kind == "date":
        return "ge2020-01-01"
    if kind == "string":
        return "a"
    return {
        ("Patient", "gender"): "female",
        ("Flag", "status"): "active",
        ("ServiceRequest", "status"): "active",
        ("Appointment", "status"): "booked",
        ("Claim", "status"): "draft",
        ("CarePlan", "status"): "active",
        ("Encounter", "status"): "finished",
        ("Procedure", "status"): "completed",
        ("Observation", "status"): "final",
        ("Observation", "category"): "exam",
        ("QuestionnaireResponse", "status"): "completed",
        ("DocumentReference", "status"): "current",
        ("DocumentReference", "type"): "progress-report",
        ("MedicationStatement", "status"): "active",
        ("Coverage", "status"): "active",
        ("Condition", "clinical-status"): "active",
        ("AllergyIntolerance", "clinical-status"): "active",
    }.get((resource, name), "1")


CANDIDATES = ("patient", "subject", "date", "code", "status", "clinical-status", "authored",
              "created", "onset-date", "category", "type", "encounter", "identifier")  # fmt: skip


def test_capability_statement_lists_what_is_honoured(api, world, client):
    statement = client.get(f"{BASE}/metadata").json()
    get_fhir_model_class("CapabilityStatement").model_validate(statement)
    listed = {
        r["type"]: {p["name"]: p["type"] for p in r.get("searchParam", [])}
        for r in statement["rest"][0]["resource"]
    }
    assert set(listed) >= ISSUE_TYPES
    patient = factories.make_patient(world.practice)
    for resource in sorted(ISSUE_TYPES):
        params = listed[resource]
        required = "" if resource == "Patient" else f"patient={patient.pk}&"
        for name, kind in params.items():
            url = f"{BASE}/{resource}?{required}{name}={_sample(resource, name, kind)}"
            assert api.get(world.owner, url).status_code == 200, (resource, name)
        for name in set(CANDIDATES) - set(params):
            url = f"{BASE}/{resource}?{required}{name}=1"
            response = api.get(world.owner, url)
            assert response.status_code == 400, (resource, name, "honoured but not listed")
