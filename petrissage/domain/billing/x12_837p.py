"""Public entry point of the 837P writer: the model types and `write_interchange`.

The implementation lives in `petrissage.domain.billing.x12` (text, model, segments,
validate, writer); import from here.
"""

from __future__ import annotations

from petrissage.domain.billing.x12.model import (
    MASSAGE_THERAPIST_TAXONOMY,
    Address,
    BillingProvider,
    Claim,
    ClaimFilingIndicator,
    Frequency,
    Patient,
    Payer,
    PersonName,
    Provider,
    Receiver,
    RelatedCause,
    Relationship,
    ServiceLine,
    Sex,
    Submitter,
    Subscriber,
)
from petrissage.domain.billing.x12.text import clean
from petrissage.domain.billing.x12.validate import ClaimError, check_claim
from petrissage.domain.billing.x12.writer import VERSION, split_by_payer, write_interchange

__all__ = [
    "MASSAGE_THERAPIST_TAXONOMY",
    "VERSION",
    "Address",
    "BillingProvider",
    "Claim",
    "ClaimError",
    "ClaimFilingIndicator",
    "Frequency",
    "Patient",
    "Payer",
    "PersonName",
    "Provider",
    "Receiver",
    "RelatedCause",
    "Relationship",
    "ServiceLine",
    "Sex",
    "Submitter",
    "Subscriber",
    "check_claim",
    "clean",
    "split_by_payer",
    "write_interchange",
]
