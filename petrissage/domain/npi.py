"""National Provider Identifier check digit.

An NPI is 10 digits; the last is a Luhn check digit computed over the
9-digit base prefixed with the ISO card-issuer prefix 80840 (CMS, "NPI check
digit" standard).
"""

from __future__ import annotations

NPI_PREFIX = "80840"


def luhn_check_digit(digits: str) -> int:
    """Return the Luhn check digit for a string of digits (check digit not included)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # rightmost payload digit is doubled
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


def npi_is_valid(npi: str) -> bool:
    """True when npi is 10 digits whose last digit is the Luhn check of 80840 + first 9."""
    if len(npi) != 10 or not npi.isascii() or not npi.isdigit():
        return False
    return luhn_check_digit(NPI_PREFIX + npi[:9]) == int(npi[9])


def npi_problem(npi: str) -> str | None:
    """A sentence saying what is wrong with npi, or None when it is valid."""
    if not npi.isascii() or not npi.isdigit():
        return "An NPI has only digits."
    if len(npi) != 10:
        return f"An NPI has 10 digits; this has {len(npi)}."
    if not npi_is_valid(npi):
        return "This NPI fails its check digit; check for a typing error."
    return None
