"""Reads of patient data that pages and the API share. Callers pass an access-scoped queryset."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.db.models import Q, QuerySet

from petrissage.patients.models import Patient


def parse_search_date(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def patient_search(patients: QuerySet[Patient], query: str) -> QuerySet[Patient]:
    """Match each word of query against name, date of birth, phone or chart number."""
    for word in query.split()[:5]:
        as_date = parse_search_date(word)
        digits = re.sub(r"\D", "", word)
        condition = (
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(preferred_name__icontains=word)
            | Q(chart_number__iexact=word)
        )
        if as_date:
            condition = Q(birth_date=as_date)
        elif len(digits) >= 4 and len(digits) >= len(word) - 3:
            condition |= Q(phone_digits__contains=digits)
        patients = patients.filter(condition)
    return patients


def patient_list(patients: QuerySet[Patient]) -> QuerySet[Patient]:
    return patients.only(
        "id",
        "practice_id",
        "chart_number",
        "given_name",
        "family_name",
        "preferred_name",
        "birth_date",
        "sex",
        "phone",
        "active",
    ).order_by("family_name", "given_name", "id")


def age_on(birth_date: date, today: date) -> int:
    had_birthday = (today.month, today.day) >= (birth_date.month, birth_date.day)
    return today.year - birth_date.year - (0 if had_birthday else 1)
