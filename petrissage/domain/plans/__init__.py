"""Treatment-plan proposals (clinical.md §0, §1a, §1b, §4d).

from petrissage.domain.plans import PlanRequest, propose_plan
proposal = propose_plan(PlanRequest(conditions=("neck_pain",), screening=result))
proposal.techniques, proposal.session_minutes, proposal.reassessment_visits, proposal.warnings
"""

from __future__ import annotations

from petrissage.domain.plans.conditions import (
    CONDITIONS,
    NO_TRIAL_DOSE,
    Certainty,
    ConditionEvidence,
    Dose,
    condition_for_icd10,
)
from petrissage.domain.plans.dose import (
    exceeds_limits,
    exceeds_prescription,
    reassessment_visits,
    session_warnings,
)
from petrissage.domain.plans.model import (
    SESSION_MINUTES,
    EvidenceNote,
    PlanProposal,
    PlanRequest,
    PrescriptionLimits,
    Severity,
    TechniqueLine,
)
from petrissage.domain.plans.propose import propose_plan
from petrissage.domain.plans.techniques import TYPICAL_PRESSURE, PlanTechnique

__all__ = [
    "CONDITIONS",
    "NO_TRIAL_DOSE",
    "SESSION_MINUTES",
    "TYPICAL_PRESSURE",
    "Certainty",
    "ConditionEvidence",
    "Dose",
    "EvidenceNote",
    "PlanProposal",
    "PlanRequest",
    "PlanTechnique",
    "PrescriptionLimits",
    "Severity",
    "TechniqueLine",
    "condition_for_icd10",
    "exceeds_limits",
    "exceeds_prescription",
    "propose_plan",
    "reassessment_visits",
    "session_warnings",
]
