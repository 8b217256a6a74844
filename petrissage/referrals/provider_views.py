"""Referring providers: a searchable list, and create/edit pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from petrissage.audit.services import Actor
from petrissage.practice.access import get_scoped_or_404, scoped, staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action
from petrissage.referrals.forms import ReferringProviderForm
from petrissage.referrals.models import ReferringProvider
from petrissage.referrals.services import referring_provider_save

VIEW = Action.PATIENT_VIEW  # everyone in the practice sees who refers
EDIT = Action.PATIENT_REGISTER  # owner, therapist, front desk enter providers


def search_providers(
    providers: QuerySet[ReferringProvider], query: str
) -> QuerySet[ReferringProvider]:
    """Name, NPI, organisation or specialty contains each word of the query."""
    for word in query.split()[:5]:
        providers = providers.filter(
            Q(name__icontains=word)
            | Q(npi__startswith=word)
            | Q(organisation__icontains=word)
            | Q(specialty__icontains=word)
        )
    return providers


@staff_required(VIEW)
def provider_list(request: StaffRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    providers = search_providers(scoped(request.staff, ReferringProvider), query)
    page = Paginator(providers, 25).get_page(request.GET.get("page"))
    context = {"page": page, "query": query}
    if request.htmx:
        return render(request, "referrals/provider_list.html#results", context)
    return render(request, "referrals/provider_list.html", context)


def _safe_next(request: StaffRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


@staff_required(EDIT)
def provider_edit(request: StaffRequest, provider_id: int | None = None) -> HttpResponse:
    provider = None
    if provider_id is not None:
        provider = get_scoped_or_404(request.staff, ReferringProvider, provider_id)
    form = ReferringProviderForm(request.POST or None, instance=provider)
    if request.method == "POST" and form.is_valid():
        try:
            saved = referring_provider_save(
                practice=request.staff.practice,
                actor=Actor.for_staff(request.staff, request),
                data=form.cleaned_data,
                provider=provider,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, f"Referring provider {saved} saved.")
            return redirect(_safe_next(request) or "referring_provider_list")
    context = {"form": form, "provider": provider, "next": _safe_next(request) or ""}
    return render(request, "referrals/provider_form.html", context)
