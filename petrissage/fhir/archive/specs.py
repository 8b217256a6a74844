"""Which of a practice's rows export_fhir carries as `petrissage-record` Basic resources, and
how import_fhir finds what they reference.

Every model that belongs to a practice is in exactly one of three places (a test checks):
ROW_SPECS (carried row by row here), DEDICATED (written by a standard-resource importer:
Patient, Coverage, CarePlan …) or NOT_CARRIED (with the reason). Rows are written in
dependency order, worked out from their foreign keys.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef

from petrissage.domain.fhir_import.archive import basic_id
from petrissage.practice.models import Practice

Rows = Callable[[Practice], models.QuerySet[models.Model]]
PRACTICE = "practice.practice"
# The settings a practice's record carries to the importing practice (the owner named that
# one when creating it, so its name and slug stay).
PRACTICE_SETTINGS = ("time_zone", "require_mfa_for_owner_and_biller", "idle_timeout_minutes")


def _all(label: str) -> Rows:
    def rows(practice: Practice) -> models.QuerySet[models.Model]:
        manager: models.Manager[models.Model] = apps.get_model(label)._default_manager
        return manager.filter(practice=practice)

    return rows


def _cases_without_plan_or_signed_note(practice: Practice) -> models.QuerySet[models.Model]:
    """Cases the CarePlan / Encounter extensions don't carry."""
    from petrissage.clinical.models import Case, NoteStatus, SessionNote, TreatmentPlan

    plans = TreatmentPlan.objects.filter(case=OuterRef("pk"))
    signed = SessionNote.objects.filter(case=OuterRef("pk"), status=NoteStatus.SIGNED)
    return Case.objects.filter(practice=practice).exclude(Exists(plans)).exclude(Exists(signed))


def _their_diagnoses(practice: Practice) -> models.QuerySet[models.Model]:
    from petrissage.clinical.models import CaseDiagnosis

    cases = _cases_without_plan_or_signed_note(practice)
    return CaseDiagnosis.objects.filter(practice=practice, case__in=cases)


def _draft_notes(practice: Practice) -> models.QuerySet[models.Model]:
    from petrissage.clinical.models import NoteStatus, SessionNote

    return SessionNote.objects.filter(practice=practice).exclude(status=NoteStatus.SIGNED)


def _draft_lines(practice: Practice) -> models.QuerySet[models.Model]:
    from petrissage.clinical.models import NoteStatus, TreatmentLine

    return TreatmentLine.objects.filter(practice=practice).exclude(
        session__status=NoteStatus.SIGNED
    )


def _practice_instruments(practice: Practice) -> models.QuerySet[models.Model]:
    from petrissage.outcomes.models import Instrument

    return Instrument.objects.filter(practice=practice)


def _the_practice(practice: Practice) -> models.QuerySet[models.Model]:
    return Practice.objects.filter(pk=practice.pk)


def _cases_with_plan_or_signed_note(practice: Practice) -> models.QuerySet[models.Model]:
    from petrissage.clinical.models import Case

    others = _cases_without_plan_or_signed_note(practice).values("pk")
    return Case.objects.filter(practice=practice).exclude(pk__in=others)


def _signed_notes(practice: Practice) -> models.QuerySet[models.Model]:
    from petrissage.clinical.models import NoteStatus, SessionNote

    return SessionNote.objects.filter(practice=practice, status=NoteStatus.SIGNED)


@dataclass(frozen=True)
class RowSpec:
    label: str  # app_label.model
    rows: Rows
    # A natural key inside the practice: a row already there with the same values is
    # brought up to date instead of a second one added ("practice" alone: one per practice).
    match: tuple[str, ...] = ()
    # The row is written by a standard-resource importer (found again by its DEDICATED
    # key); this carries the rest exactly: timestamps, who recorded it, provenance, files.
    completes: bool = False
    # Columns left as that importer set them (a chart number may be taken in a busy practice).
    keep: tuple[str, ...] = ()

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)


def _spec(label: str, rows: Rows | None = None, **options: object) -> RowSpec:
    return RowSpec(label, rows or _all(label), **options)  # type: ignore[arg-type]


_SPECS = (
    # the practice's own settings (time zone, sign-in rules; not its name or slug)
    _spec(PRACTICE, _the_practice),
    # what the standard resources carry, completed
    _spec("patients.patient", completes=True, keep=("chart_number",)),
    _spec("patients.coverage", completes=True),
    _spec("patients.patientcondition", completes=True),
    _spec("patients.patientmedication", completes=True),
    _spec("patients.patientallergy", completes=True),
    _spec("patients.pastprocedure", completes=True),
    _spec("patients.pastencounter", completes=True),
    _spec("patients.vitalsign", completes=True),
    _spec("referrals.referringprovider", completes=True),
    _spec("referrals.prescription", completes=True),
    _spec("clinical.case", _cases_with_plan_or_signed_note, completes=True),
    _spec("clinical.treatmentplan", completes=True),
    _spec("clinical.sessionnote", _signed_notes, completes=True),
    # the practice's set-up
    _spec("practice.location", match=("name",)),
    _spec("practice.room", match=("location", "name")),
    _spec("scheduling.workinghours"),
    _spec("scheduling.breaktime"),
    _spec("scheduling.timeoff"),
    _spec("billing.payer", match=("name",)),
    _spec("billing.feescheduleentry", match=("payer", "cpt")),
    _spec("billing.billingprofile", match=("practice",)),
    _spec("billing.techniquecptoverride", match=("technique",)),
    _spec("billing.package", match=("name",)),
    _spec("outcomes.instrument", _practice_instruments, match=("key",)),
    _spec("outcomes.outcomesettings", match=("practice",)),
    _spec("care.aftercaretext", match=("key",)),
    _spec("care.membershipplan", match=("name",)),
    # intake, screening, assessment
    _spec("patients.intake"),
    _spec("clinical.screening"),
    _spec("clinical.screeningfinding"),
    _spec("clinical.clearance"),
    _spec("clinical.assessment"),
    _spec("clinical.assessmentversion"),
    _spec("clinical.regionfinding"),
    _spec("clinical.rangeofmotion"),
    _spec("clinical.functionalgoal"),
    # what CarePlan / Encounter don't carry
    _spec("clinical.case", _cases_without_plan_or_signed_note),
    _spec("clinical.casediagnosis", _their_diagnoses),
    _spec("clinical.sessionnote", _draft_notes),
    _spec("clinical.treatmentline", _draft_lines),
    _spec("clinical.amendment"),
    # prescriptions and reports
    _spec("referrals.renewalrequest"),
    _spec("referrals.progressreport"),
    _spec("referrals.reportamendment"),
    _spec("referrals.reportsending"),
    # outcomes and check-ins
    _spec("outcomes.outcomeresponse"),
    _spec("outcomes.checkin"),
    _spec("outcomes.checkindelivery"),
    # the schedule
    _spec("scheduling.appointmentseries"),
    _spec("scheduling.appointment"),
    _spec("scheduling.reminder"),
    _spec("scheduling.waitlistentry"),
    _spec("scheduling.bookingrequest"),
    # billing
    _spec("billing.claimbatch"),
    _spec("billing.claim"),
    _spec("billing.invoice"),
    _spec("billing.packagepurchase"),
    _spec("billing.packageuse"),
    _spec("billing.charge"),
    _spec("billing.remittance"),
    _spec("billing.payment"),
    _spec("billing.claimadjustment"),
    # care beyond the visit
    _spec("care.careteammember"),
    _spec("care.carereportsending"),
    _spec("care.aftercarenotice"),
    _spec("care.maintenanceplan"),
    _spec("care.recallreminder"),
    _spec("care.membership"),
    _spec("care.membershipperiod"),
    _spec("care.membershipvisit"),
    _spec("care.wellbeingrating"),
)

# Written by the standard-resource importers; a reference to one of their rows is found
# under the key that importer remembered (source id = source pk in our own export).
DEDICATED: dict[str, str] = {
    "patients.patient": "Patient/{}",
    "patients.patientidentifier": "",  # inside Patient.identifier
    "patients.coverage": "Coverage/{}",
    "patients.patientcondition": "Condition/{}",
    "patients.patientmedication": "MedicationStatement/{}",
    "patients.patientallergy": "AllergyIntolerance/{}",
    "patients.pastprocedure": "Procedure/hist-{}",
    "patients.pastencounter": "Encounter/hist-{}",
    "patients.vitalsign": "Observation/vital-{}",
    "referrals.referringprovider": "Practitioner/{}",
    "referrals.prescription": "ServiceRequest/{}",
    "clinical.case": "Case/{}",
    "clinical.casediagnosis": "",  # inside the case
    "clinical.treatmentplan": "CarePlan/{}",
    "clinical.plantechnique": "",  # inside the plan
    "clinical.sessionnote": "Encounter/{}",
    "clinical.treatmentline": "",  # inside the signed note
}

NOT_CARRIED: dict[str, str] = {
    "practice.staff": "staff accounts are set up on the new server; records name staff by "
    "NPI and name and are matched to them",
    "practice.apitoken": "API tokens are secrets of the old server",
    "audit.auditevent": "exported as FHIR AuditEvent with its chain hashes, to keep; not "
    "re-imported: the new server's hash chain starts with its own events",
    "fhir.importedresource": "the import's own bookkeeping",
    "patients.intakelink": "single-use links are secrets that expire",
    "outcomes.outcomelink": "single-use links are secrets that expire",
    "care.aftercarelink": "single-use links are secrets that expire",
}

# Rows of these belong to no practice (built in); a reference names them by natural key.
BUILTIN_KEYS: dict[str, tuple[str, ...]] = {"outcomes.instrument": ("key",)}

# Rows written before the prescriptions (which name their case), not after everything.
EARLY = ("clinical.case", "clinical.casediagnosis")


def _dependencies(spec: RowSpec, labels: set[str]) -> set[str]:
    found = set()
    for field in spec.model._meta.concrete_fields:
        if field.is_relation and field.related_model is not None:
            target = field.related_model._meta.label_lower
            if target in labels and target != spec.label:
                found.add(target)
    return found


@cache
def row_specs() -> tuple[RowSpec, ...]:
    """_SPECS in an order where every row comes after the rows it references (all the
    specs of one model are placed together)."""
    labels = {spec.label for spec in _SPECS}
    ordered: list[RowSpec] = []
    done: set[str] = set()
    pending = list(dict.fromkeys(spec.label for spec in _SPECS))
    while pending:
        ready = [
            label
            for label in pending
            if all(_dependencies(s, labels) <= done for s in _SPECS if s.label == label)
        ]
        if not ready:
            raise RuntimeError(f"foreign keys form a cycle among {pending}")
        for label in ready:
            ordered.extend(s for s in _SPECS if s.label == label)
            done.add(label)
            pending.remove(label)
    return tuple(ordered)


def spec_for(label: str, completes: bool = False) -> RowSpec | None:
    return next((s for s in row_specs() if s.label == label and s.completes == completes), None)


def position(label: str, completes: bool = False) -> int:
    specs = row_specs()
    found = (n for n, s in enumerate(specs) if s.label == label and s.completes == completes)
    return next(found, len(specs))


def candidate_keys(label: str, pk: int) -> list[str]:
    """Where a row of label with source pk may have been remembered, most likely first."""
    keys = []
    if DEDICATED.get(label):
        keys.append(DEDICATED[label].format(pk))
    keys.append(f"Basic/{basic_id(label, pk)}")
    return keys
