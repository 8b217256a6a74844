"""Exporters for the practice's own clinical and business records that the FHIR facade
already maps: screening findings (Flag), pain findings (Observation), appointments and
claims. import_fhir counts these types and skips them (they are this practice's own work,
not history to import)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from petrissage.billing.models import Claim
from petrissage.clinical.models import RegionFinding, ScreeningFinding
from petrissage.fhir.exporting.registry import register
from petrissage.fhir.mapping.appointment import appointment_resource
from petrissage.fhir.mapping.claim import claim_resource
from petrissage.fhir.mapping.flag import flag_resource
from petrissage.fhir.mapping.observation import observation_resource
from petrissage.practice.models import Practice
from petrissage.scheduling.models import Appointment

CHUNK = 500


@register("Flag", "current screening findings")
def flags(practice: Practice) -> Iterator[dict[str, Any]]:
    rows = ScreeningFinding.objects.filter(practice=practice, screening__is_current=True)
    for finding in rows.select_related("screening").order_by("pk").iterator(CHUNK):
        yield flag_resource(finding)


@register("Observation", "pain and palpation findings")
def region_findings(practice: Practice) -> Iterator[dict[str, Any]]:
    for finding in RegionFinding.objects.filter(practice=practice).order_by("pk").iterator(CHUNK):
        yield observation_resource(finding)


@register("Appointment", "appointments")
def appointments(practice: Practice) -> Iterator[dict[str, Any]]:
    for appointment in Appointment.objects.filter(practice=practice).order_by("pk").iterator(CHUNK):
        yield appointment_resource(appointment)


@register("Claim", "claims")
def claims(practice: Practice) -> Iterator[dict[str, Any]]:
    for claim in Claim.objects.filter(practice=practice).order_by("pk").iterator(CHUNK):
        yield claim_resource(claim)
