"""Writing one planned unit: resolve patients and providers, then write records in kind
order. Runs inside the unit's transaction; each service-level write is its own savepoint so
one bad resource is reported and skipped without undoing the rest."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.clinical.models import Case, SessionNote, TreatmentPlan
from petrissage.domain.fhir_import import KIND_ORDER, Plan, Record
from petrissage.domain.fhir_import.archive import row_model, row_payload
from petrissage.domain.fhir_import.care import payload
from petrissage.fhir.archive import specs as archive_specs
from petrissage.fhir.importing import care, history, people
from petrissage.fhir.importing.archive import RowImport
from petrissage.fhir.importing.summary import ImportSummary
from petrissage.fhir.models import ImportedResource
from petrissage.patients.models import Coverage, Patient
from petrissage.practice.models import Practice, Staff
from petrissage.referrals.models import Prescription, ReferringProvider

SERVICE_MODELS: dict[str, type[models.Model]] = {
    "patient": Patient,
    "provider": ReferringProvider,
    "coverage": Coverage,
    "prescription": Prescription,
    "careplan": TreatmentPlan,
    "session": SessionNote,
}
CASE_MODEL = "clinical.case"


def _label(record: Record) -> str:
    kind = record.kind
    if kind == "row":
        return row_model(record)
    if kind in SERVICE_MODELS:
        return SERVICE_MODELS[kind]._meta.label_lower
    return history.model_label(kind)


def _write_order(record: Record) -> tuple[int, int]:
    """Kind order; Petrissage rows in dependency order, cases among the care plans."""
    if record.kind != "row":
        return KIND_ORDER.index(record.kind), 0
    content = row_payload(record)
    label, completes = str(content.get("model")), content.get("completes") is True
    early = label in archive_specs.EARLY and not completes
    stage = "careplan" if early else "row"
    return KIND_ORDER.index(stage), archive_specs.position(label, completes) + 1


def _message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())[:300]
    return " ".join(error.messages)[:300]


def _insert_links(links: list[ImportedResource]) -> None:
    """One executemany for the unit's new links: the ORM's per-field preparation of
    bulk_create costs more than the insert itself here, and no pk is needed back."""
    if not links:
        return
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table = connection.ops.quote_name(ImportedResource._meta.db_table)
    columns = (
        "practice_id, resource_type, resource_id, content_hash, target_model, target_id, "
        "patient_id, created_at, updated_at"
    )
    rows = [
        (
            link.practice_id,
            link.resource_type,
            link.resource_id,
            link.content_hash,
            link.target_model,
            link.target_id,
            link.patient_id,
            now,
            now,
        )
        for link in links
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 9)})",  # noqa: S608
            rows,
        )


class KnownLinks:
    """The practice's ImportedResource rows by (type, id), loaded once per import run."""

    def __init__(self, practice: Practice) -> None:
        self.practice = practice
        self.links: dict[tuple[str, str], ImportedResource] | None = None

    def _stored(self) -> int:
        return ImportedResource.objects.filter(practice=self.practice).count()

    def catch_up(self) -> None:
        """Forget what was loaded when another import has remembered links since (call it
        holding the practice's import lock: then nobody else writes until commit)."""
        if self.links is not None and self._stored() != len(self.links):
            self.links = None

    def get(self, key: str) -> ImportedResource | None:
        if self.links is None:
            rows = ImportedResource.objects.filter(practice=self.practice).only(
                "pk", "resource_type", "resource_id", "content_hash", "target_model", "target_id"
            )
            self.links = {(r.resource_type, r.resource_id): r for r in rows.iterator(2000)}
        kind, _, rid = key.partition("/")
        return self.links.get((kind, rid))

    def add(self, link: ImportedResource) -> None:
        self.get("")
        assert self.links is not None
        self.links[(link.resource_type, link.resource_id)] = link


class UnitImport:
    def __init__(
        self,
        *,
        practice: Practice,
        actor: Actor,
        staff: Staff | None,
        summary: ImportSummary,
        known: KnownLinks,
    ) -> None:
        self.practice = practice
        self.actor = actor
        self.staff = staff
        self.summary = summary
        self.known = known
        self.failed: set[str] = set()
        self.new_links: list[ImportedResource] = []
        self.pending: list[tuple[Record, int]] = []
        self.touched: dict[int, Counter[str]] = defaultdict(Counter)
        self.rescreen: set[int] = set()

    # --- lookups ---------------------------------------------------------------------

    def _link(self, key: str) -> ImportedResource | None:
        return self.known.get(key)

    def _patient_id(self, record: Record) -> int | None:
        link = self._link(record.patient_key or "")
        if link is None or link.target_model != "patients.patient":
            reason = (
                f"its patient {record.patient_key} was not imported (see that error)"
                if record.patient_key in self.failed
                else f"dangling reference: {record.patient_key} is neither in the input nor "
                "imported before"
            )
            self.summary.error(f"{record.key} ({record.where})", reason)
            return None
        return link.target_id

    # --- bookkeeping -----------------------------------------------------------------

    def _remember(self, record: Record, target_id: int, patient_id: int | None) -> None:
        link = self._link(record.key)
        digest = record.digest()
        if link is None:
            link = ImportedResource(
                practice=self.practice,
                resource_type=record.resource_type[:40],
                resource_id=record.resource_id[:255],
                content_hash=digest,
                target_model=_label(record),
                target_id=target_id,
                patient_id=patient_id,
            )
            self.known.add(link)
            self.new_links.append(link)
            self.summary.created[record.resource_type] += 1
        else:
            link.content_hash, link.target_id = digest, target_id
            link.target_model, link.patient_id = _label(record), patient_id
            ImportedResource.objects.filter(
                practice=self.practice,
                resource_type=link.resource_type,
                resource_id=link.resource_id,
            ).update(
                content_hash=digest,
                target_id=target_id,
                target_model=link.target_model,
                patient_id=patient_id,
                updated_at=timezone.now(),
            )
            self.summary.updated[record.resource_type] += 1
        if patient_id is not None:
            self.touched[patient_id][
                row_model(record) if record.kind == "row" else record.kind
            ] += 1
            if record.kind in history.SCREENING_KINDS:
                self.rescreen.add(patient_id)

    def _unchanged(self, record: Record) -> bool:
        link = self._link(record.key)
        if link is not None and link.content_hash == record.digest():
            self.summary.unchanged[record.resource_type] += 1
            return True
        return False

    # --- writers ---------------------------------------------------------------------

    def _existing(self, record: Record | str, model: type[models.Model]) -> Any:
        link = self._link(record if isinstance(record, str) else record.key)
        if link is None or link.target_model != model._meta.label_lower:
            return None
        return model._default_manager.filter(practice=self.practice, pk=link.target_id).first()

    def _link_case(self, key: str, case: Case) -> None:
        """Cases are not resources of their own: remembered as Case/<source id>."""
        link = self._link(key)
        if link is not None and link.target_id == case.pk:
            return
        kind, _, rid = key.partition("/")
        if link is not None:
            ImportedResource.objects.filter(
                practice=self.practice, resource_type=kind, resource_id=rid
            ).update(target_id=case.pk, target_model=CASE_MODEL, updated_at=timezone.now())
            link.target_id, link.target_model = case.pk, CASE_MODEL
            return
        link = ImportedResource(
            practice=self.practice,
            resource_type=kind,
            resource_id=rid[:255],
            content_hash="",
            target_model=CASE_MODEL,
            target_id=case.pk,
            patient_id=case.patient_id,
        )
        self.known.add(link)
        self.new_links.append(link)
        self.summary.created["Case"] += 1

    def _write_care_plan(self, record: Record, patient: Patient) -> TreatmentPlan:
        data = payload(record)
        case_key = f"Case/{data['case']['id']}"
        case = care.case_import(
            patient=patient,
            data=data["case"],
            existing=self._existing(case_key, Case),
            summary=self.summary,
        )
        plan = care.plan_import(
            case=case,
            data=data["plan"],
            existing=self._existing(record, TreatmentPlan),
            summary=self.summary,
        )
        self._link_case(case_key, case)
        return plan

    def _write_session(self, record: Record, patient: Patient) -> SessionNote:
        existing: SessionNote | None = self._existing(record, SessionNote)
        if existing is not None:
            return existing  # a signed note is an immutable record
        data = payload(record)
        note = data["note"]
        case_key = f"Case/{note['case']}"
        case = self._existing(case_key, Case)
        if case is None and isinstance(data.get("case"), dict):  # a case without a plan
            case = care.case_import(
                patient=patient, data=data["case"], existing=None, summary=self.summary
            )
        if case is None or case.patient_id != patient.pk:
            raise ValidationError(f"its case Case/{note['case']} was not imported")
        plan = self._existing(f"CarePlan/{note['plan']}", TreatmentPlan) if note["plan"] else None
        session = care.signed_session_import(
            actor=self.actor,
            case=case,
            plan=plan,
            note=note,
            lines=data["lines"],
            summary=self.summary,
        )
        self._link_case(case_key, case)
        return session

    def _write_patient(self, record: Record) -> None:
        existing = self._existing(record, Patient)
        patient, match = people.patient_import(
            practice=self.practice, actor=self.actor, record=record, existing=existing
        )
        if match is not None:
            self.summary.matches.append(match)
        self._remember(record, patient.pk, patient.pk)

    def _provider(self, record: Record) -> ReferringProvider:
        fields = record.fields.get("_provider")
        if fields is not None:  # contained in the order
            return people.provider_import(
                practice=self.practice, actor=self.actor, fields=dict(fields), existing=None
            )
        link = self._link(record.refs.get("provider", ""))
        if link is None or link.target_model != "referrals.referringprovider":
            raise ValidationError(f"requester {record.refs.get('provider')} was not imported")
        return ReferringProvider.objects.get(practice=self.practice, pk=link.target_id)

    def _write_service(self, record: Record) -> None:
        if record.kind == "provider":
            provider = people.provider_import(
                practice=self.practice,
                actor=self.actor,
                fields=record.fields,
                existing=self._existing(record, ReferringProvider),
            )
            self._remember(record, provider.pk, None)
            return
        patient_id = self._patient_id(record)
        if patient_id is None:
            return
        patient = Patient.objects.select_related("practice").get(pk=patient_id)
        if record.kind in ("careplan", "session"):
            write = self._write_care_plan if record.kind == "careplan" else self._write_session
            with care.malformed_as_invalid():
                target: models.Model = write(record, patient)
        elif record.kind == "coverage":
            target = people.coverage_import(
                patient=patient,
                actor=self.actor,
                record=record,
                existing=self._existing(record, Coverage),
            )
        else:
            target = people.prescription_import(
                patient=patient,
                staff=self.staff,
                actor=self.actor,
                record=record,
                provider=self._provider(record),
                existing=self._existing(record, Prescription),
                case=self._existing(record.refs.get("case", ""), Case),
            )
        self._remember(record, target.pk, patient_id)

    def _resolve(self, label: str, pk: int) -> int | None:
        for key in archive_specs.candidate_keys(label, pk):
            link = self._link(key)
            if link is not None and link.target_model == label:
                return link.target_id
        return None

    def _write_row(self, record: Record) -> None:
        patient_id = None
        if record.patient_key is not None:
            patient_id = self._patient_id(record)
            if patient_id is None:
                return
        content = row_payload(record)
        spec = archive_specs.spec_for(str(content.get("model")), content.get("completes") is True)
        existing = self._existing(record, spec.model) if spec and not spec.completes else None
        row = RowImport(self.practice, self.actor, self.summary, self._resolve).write(
            content, existing
        )
        self._remember(record, row.pk, patient_id)
        if spec is not None and not spec.completes:
            self.summary.records[str(spec.model._meta.verbose_name_plural)] += 1

    def _queue_history(self, record: Record) -> None:
        patient_id = self._patient_id(record)
        if patient_id is None:
            return
        link = self._link(record.key)
        if link is not None and link.target_model == history.model_label(record.kind):
            history.update(record, link.target_id, patient_id)
            self._remember(record, link.target_id, patient_id)
        else:
            self.pending.append((record, patient_id))

    # --- the unit ---------------------------------------------------------------------

    def run(self, plan: Plan) -> None:
        self.failed = set(plan.failed)
        for record in sorted(plan.records, key=_write_order):
            if self._unchanged(record):
                continue
            if record.kind in history.HISTORY_MODELS:
                self._queue_history(record)
                continue
            if record.kind == "row" and self.pending:
                self._insert_history()  # the rows that complete them need them written
            try:
                with transaction.atomic():
                    if record.kind == "patient":
                        self._write_patient(record)
                    elif record.kind == "row":
                        with care.malformed_as_invalid():
                            self._write_row(record)
                    else:
                        self._write_service(record)
            except ValidationError as error:
                self.summary.error(f"{record.key} ({record.where})", _message(error))
                self.failed.add(record.key)
        self._flush()

    def _insert_history(self) -> None:
        rows = history.new_rows(self.practice.pk, self.pending)
        history.insert(rows)
        for pairs in rows.values():
            for record, row in pairs:
                self._remember(record, row.pk, row.patient_id)  # type: ignore[attr-defined]
        self.pending = []

    def _flush(self) -> None:
        self._insert_history()
        _insert_links([link for link in self.new_links if link.pk is None])
        self._audit_and_screen()

    def _audit_and_screen(self) -> None:
        from petrissage.clinical.screening_services import screening_rerun

        patients = Patient.objects.select_related("practice").filter(
            Q(pk__in=list(self.touched)), practice=self.practice
        )
        for patient in patients:
            audit_record(
                actor=self.actor,
                action="fhir.import",
                category=Category.CLINICAL,
                patient=patient,
                detail={"records": dict(self.touched[patient.pk])},
            )
            carried = self.touched[patient.pk]["clinical.screening"]  # its own history came
            if patient.pk in self.rescreen and not carried:
                try:
                    with transaction.atomic():
                        screening_rerun(patient=patient, actor=self.actor, trigger="FHIR import")
                    self.summary.screened += 1
                except ValidationError as error:
                    self.summary.error(f"Patient {patient.chart_number}", _message(error))
