"""Demo patients, generated from a fixed seed: the same seed and day give the same people.
Pure Python (no Django), so determinism is testable without a database."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from random import Random
from typing import Any

from petrissage.practice.demo.coverage import assign_channels, coverage_for
from petrissage.practice.demo.names import (
    HERITAGES,
    NICKNAMES,
    RELATIONSHIPS_OLDER,
    RELATIONSHIPS_YOUNG,
    Heritage,
)
from petrissage.practice.demo.places import demo_phone, pick_town, street_address

DEMO_SEED = 20_260_417
PATIENT_COUNT = 150

# (youngest, oldest, weight): medical massage patients are mostly of working age, with a
# good share of retirees and a few very old patients.
AGE_BANDS = ((18, 29, 12), (30, 44, 28), (45, 64, 38), (65, 79, 17), (80, 85, 4), (86, 94, 1))

_ASCII = str.maketrans({"Đ": "D", "đ": "d", "Ø": "O", "ø": "o", "ß": "ss", "Æ": "AE", "æ": "ae"})


@dataclass(frozen=True)
class DemoPerson:
    given_name: str
    family_name: str
    birth_date: date
    sex: str
    phone: str
    email: str
    address_line: str
    city: str
    postal_code: str
    preferred_language: str
    preferred_name: str = ""
    emergency_contact_name: str = ""
    emergency_contact_phone: str = ""
    emergency_contact_relationship: str = ""
    coverage: dict[str, Any] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def patient_data(self) -> dict[str, Any]:
        """The data for patients.services.patient_create."""
        fields = (
            "given_name",
            "family_name",
            "preferred_name",
            "birth_date",
            "sex",
            "phone",
            "email",
            "address_line",
            "city",
            "postal_code",
            "preferred_language",
            "emergency_contact_name",
            "emergency_contact_phone",
            "emergency_contact_relationship",
        )
        return {name: getattr(self, name) for name in fields} | {"state": "WA"}


def ascii_slug(text: str) -> str:
    """'Nguyễn Thị' → 'nguyenthi': for e-mail addresses."""
    plain = unicodedata.normalize("NFKD", text.translate(_ASCII))
    return "".join(ch for ch in plain if ch.isascii() and ch.isalnum()).lower()


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def birth_date_for_age(rng: Random, today: date, age: int) -> date:
    latest = years_before(today, age)
    earliest = years_before(today, age + 1) + timedelta(days=1)
    return earliest + timedelta(days=rng.randint(0, (latest - earliest).days))


def _age(rng: Random) -> int:
    low, high, _ = rng.choices(AGE_BANDS, weights=[band[2] for band in AGE_BANDS])[0]
    return rng.randint(low, high)


def _heritage(rng: Random) -> Heritage:
    return rng.choices(HERITAGES, weights=[group.weight for group in HERITAGES])[0]


def _sex(rng: Random) -> str:
    return rng.choices(("female", "male", "other"), weights=(60, 38, 2))[0]


def _given(rng: Random, heritage: Heritage, sex: str) -> str:
    if sex == "other":
        return rng.choice(heritage.female + heritage.male)
    return rng.choice(heritage.female if sex == "female" else heritage.male)


def _family(rng: Random, heritage: Heritage) -> str:
    first = rng.choice(heritage.family)
    if rng.random() < heritage.hyphen_share:
        second = rng.choice([name for name in heritage.family if name != first])
        return f"{first}-{second}"
    return first


def _email(rng: Random, given: str, family: str) -> str:
    if rng.random() < 0.1:
        return ""
    local = rng.choice(
        (
            f"{ascii_slug(given)}.{ascii_slug(family)}",
            f"{ascii_slug(given)[:1]}{ascii_slug(family)}",
            f"{ascii_slug(given)}{rng.randint(1, 99)}",
        )
    )
    return f"{local}@{rng.choice(('example.org', 'example.com'))}"


@dataclass
class _Contact:
    name: str = ""
    phone: str = ""
    relationship: str = ""
    birth_date: date | None = None


def _emergency_contact(
    rng: Random, heritage: Heritage, sex: str, family: str, age: int, area_code: str, today: date
) -> _Contact:
    if rng.random() < 0.1:
        return _Contact()
    relationship = rng.choice(RELATIONSHIPS_OLDER if age >= 55 else RELATIONSHIPS_YOUNG)
    other_sex = {"female": "male", "male": "female"}.get(sex, _sex(rng))
    contact_sex = other_sex if relationship in ("Spouse", "Partner") else _sex(rng)
    if relationship == "Daughter":
        contact_sex = "female"
    elif relationship == "Son":
        contact_sex = "male"
    if relationship == "Friend":
        heritage = _heritage(rng)
    shares_name = relationship != "Friend" and (relationship != "Partner" or rng.random() < 0.3)
    contact_family = family if shares_name else _family(rng, heritage)
    name = f"{_given(rng, heritage, contact_sex)} {contact_family}"
    spouse_age = max(18, age + rng.randint(-6, 6))
    return _Contact(
        name=name,
        phone=demo_phone(rng, area_code),
        relationship=relationship,
        birth_date=birth_date_for_age(rng, today, spouse_age) if relationship == "Spouse" else None,
    )


def _person(rng: Random, today: date, age: int, taken: set[str]) -> tuple[DemoPerson, _Contact]:
    heritage = _heritage(rng)
    sex = _sex(rng)
    given, family = _given(rng, heritage, sex), _family(rng, heritage)
    while f"{given} {family}" in taken:
        given, family = _given(rng, heritage, sex), _family(rng, heritage)
    taken.add(f"{given} {family}")
    town = pick_town(rng)
    contact = _emergency_contact(rng, heritage, sex, family, age, town.area_code, today)
    preferred = NICKNAMES.get(given, "") if rng.random() < 0.35 else ""
    language = heritage.language if rng.random() < heritage.language_share else "English"
    person = DemoPerson(
        given_name=given,
        family_name=family,
        preferred_name=preferred,
        birth_date=birth_date_for_age(rng, today, age),
        sex=sex,
        phone=demo_phone(rng, town.area_code),
        email=_email(rng, given, family),
        address_line=street_address(rng),
        city=town.city,
        postal_code=rng.choice(town.postal_codes),
        preferred_language=language,
        emergency_contact_name=contact.name,
        emergency_contact_phone=contact.phone,
        emergency_contact_relationship=contact.relationship,
    )
    return person, contact


def demo_people(
    *, today: date, count: int = PATIENT_COUNT, seed: int = DEMO_SEED
) -> list[DemoPerson]:
    """`count` patients with their coverage data, the same for the same seed and day."""
    rng = Random(seed)
    ages = [_age(rng) for _ in range(count)]
    taken: set[str] = set()
    drafts = [_person(rng, today, age, taken) for age in ages]
    channels = assign_channels(ages, rng)
    people = []
    for (person, contact), channel in zip(drafts, channels, strict=True):
        spouse = contact.relationship == "Spouse"
        coverage = coverage_for(
            channel,
            rng=rng,
            today=today,
            holder=person.full_name,
            spouse=contact.name if spouse else None,
            spouse_birth_date=contact.birth_date,
        )
        people.append(replace(person, coverage=coverage))
    return people
