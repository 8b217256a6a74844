"""Finding patients by name, date of birth or phone; the list is paginated."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import make_patient


@pytest.fixture
def register(practice):
    make_patient(
        practice,
        given_name="Maria",
        family_name="Lopez",
        birth_date=date(1980, 5, 17),
        phone="(206) 555-0111",
    )
    make_patient(
        practice,
        given_name="Mario",
        family_name="Rossi",
        birth_date=date(1975, 1, 2),
        phone="425-555-0123",
    )
    make_patient(
        practice, given_name="Ana", family_name="Lopez", birth_date=date(1990, 7, 7), phone=""
    )


def _names(response):
    return [p.full_name for p in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lopez", ["Ana Lopez", "Maria Lopez"]),
        ("Mar", ["Maria Lopez", "Mario Rossi"]),
        ("maria lopez", ["Maria Lopez"]),
        ("1980-05-17", ["Maria Lopez"]),
        ("05/17/1980", ["Maria Lopez"]),
        ("2065550111", ["Maria Lopez"]),
        ("555-0123", ["Mario Rossi"]),
        ("P000002", ["Mario Rossi"]),
        ("nobody", []),
        ("' OR 1=1 --", []),
    ],
)
def test_search(login, therapist, register, query, expected):
    response = login(therapist).get(reverse("patient_list"), {"q": query})
    assert response.status_code == 200
    assert _names(response) == expected


def test_htmx_search_returns_only_the_results_fragment(login, therapist, register):
    response = login(therapist).get(
        reverse("patient_list"), {"q": "rossi"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "Mario" in body
    assert "<html" not in body


def test_an_overlong_query_is_refused_not_run(login, therapist, register):
    response = login(therapist).get(reverse("patient_list"), {"q": "x" * 5000})
    assert response.status_code == 200
    assert "at most 100 characters" in response.content.decode()


def test_list_is_paginated_25_a_page(login, therapist, practice):
    for i in range(30):
        make_patient(practice, given_name=f"P{i:02d}", family_name="Page")
    client = login(therapist)
    first = client.get(reverse("patient_list"))
    assert len(first.context["page"].object_list) == 25
    second = client.get(reverse("patient_list"), {"page": 2})
    assert len(second.context["page"].object_list) == 5
    assert client.get(reverse("patient_list"), {"page": "999"}).status_code == 200
