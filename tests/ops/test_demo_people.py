from __future__ import annotations

from collections import Counter
from datetime import date

from petrissage.practice.demo.coverage import assign_channels
from petrissage.practice.demo.names import all_family_names, all_given_names
from petrissage.practice.demo.people import ascii_slug, birth_date_for_age, demo_people

TODAY = date(2026, 3, 1)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def test_the_same_seed_and_day_give_the_same_people():
    assert demo_people(today=TODAY) == demo_people(today=TODAY)


def test_another_seed_gives_other_people():
    first = [p.full_name for p in demo_people(today=TODAY)]
    other = [p.full_name for p in demo_people(today=TODAY, seed=7)]
    assert first != other


def test_there_are_a_few_hundred_names_with_accents_and_hyphens():
    given, family = all_given_names(), all_family_names()
    assert len(given) + len(family) >= 300
    assert {"Zoë", "José", "Nguyễn"} <= given | family
    assert any("-" in name for name in given)


def test_some_patients_have_double_barrelled_or_accented_names():
    people = demo_people(today=TODAY)
    assert any("-" in p.family_name for p in people)
    assert any(not p.full_name.isascii() for p in people)


def test_ages_run_from_18_to_the_nineties_mostly_working_age():
    ages = [age_on(p.birth_date, TODAY) for p in demo_people(today=TODAY)]
    assert min(ages) >= 18
    assert max(ages) <= 94
    assert sum(30 <= a <= 64 for a in ages) / len(ages) > 0.5
    assert any(a >= 65 for a in ages)


def test_birth_date_gives_exactly_the_age_asked():
    from random import Random

    rng = Random(1)
    for age in (18, 40, 85):
        for day in (TODAY, date(2028, 2, 29)):
            assert age_on(birth_date_for_age(rng, day, age), day) == age


def test_languages_are_mostly_english_with_the_local_communities():
    languages = Counter(p.preferred_language for p in demo_people(today=TODAY, count=600))
    assert languages["English"] / 600 > 0.75
    assert {"Spanish", "Vietnamese", "Russian", "Somali", "Chinese"} <= set(languages)


def test_channel_shares_follow_the_mix_and_medicare_advantage_goes_to_seniors():
    from random import Random

    ages = [20 + (i * 7) % 70 for i in range(200)]
    channels = assign_channels(ages, Random(3))
    shares = Counter(channels)
    assert shares["commercial"] == 90
    assert shares["auto"] == 30
    assert shares["workers_comp"] == 24
    assert shares["medicare_advantage"] == 10
    assert shares["self_pay"] == 46
    assert all(
        age >= 65 for age, ch in zip(ages, channels, strict=True) if ch == "medicare_advantage"
    )


def test_coverage_data_satisfies_what_billing_needs():
    for person in demo_people(today=TODAY):
        coverage = person.coverage
        if coverage["channel"] != "self_pay":
            assert coverage["payer_name"]
            assert coverage["member_id"]
        if coverage["channel"] in ("auto", "workers_comp"):
            assert coverage["injury_date"] < TODAY


def test_email_addresses_are_plain_ascii():
    assert ascii_slug("Nguyễn Đức") == "nguyenduc"
    assert ascii_slug("O'Brien-Peña") == "obrienpena"
    assert all(p.email.isascii() for p in demo_people(today=TODAY))
