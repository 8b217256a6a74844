"""FHIR Claim read and search at /fhir/R4/Claim. Billing roles only (owner, biller,
front desk); another practice's claim is 404. Every access is audited."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from petrissage.audit.models import Category
from petrissage.audit.services import audit_record
from petrissage.billing.models import Claim
from petrissage.fhir.auth import fhir_actor, fhir_endpoint
from petrissage.fhir.mapping.claim import MAX_RESULTS, claim_resource, run_claim_search
from petrissage.fhir.outcome import fhir_response
from petrissage.practice.access import get_scoped_or_404, require, scoped
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action


@fhir_endpoint()
def claim_read(request: HttpRequest, staff: Staff, claim_id: str) -> HttpResponse:
    actor = fhir_actor(staff, request)
    claim = get_scoped_or_404(staff, Claim, claim_id)
    require(staff, Action.BILLING_VIEW, actor=actor)
    audit_record(
        actor=actor,
        action="claim.fhir_read",
        category=Category.BILLING,
        patient=claim.patient,
        detail={"claim": claim.pk},
    )
    return fhir_response(claim_resource(claim))


@fhir_endpoint()
def claim_search(request: HttpRequest, staff: Staff) -> HttpResponse:
    actor = fhir_actor(staff, request)
    require(staff, Action.BILLING_VIEW, actor=actor)
    matches = run_claim_search(scoped(staff, Claim), request.GET)
    claims = list(matches[:MAX_RESULTS])
    audit_record(
        actor=actor,
        action="claim.fhir_search",
        category=Category.BILLING,
        detail={"count": len(claims), "query": request.GET.urlencode()[:500]},
    )
    base = request.build_absolute_uri(request.path)
    bundle: dict[str, object] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(claims),
        "link": [{"relation": "self", "url": request.build_absolute_uri()}],
    }
    if claims:
        bundle["entry"] = [
            {
                "fullUrl": f"{base}/{claim.pk}",
                "resource": claim_resource(claim),
                "search": {"mode": "match"},
            }
            for claim in claims
        ]
    return fhir_response(bundle)
