"""X12 element text: the character set, separators, lengths, dates and money.

Every text element goes through `clean` so that names with accents, apostrophes or 120
characters cannot break a file: accents are stripped (unicodedata NFKD), letters are
uppercased, anything outside the X12 basic character set or equal to one of our
separators is removed, runs of spaces collapse, and the value is cut to the element's
maximum length (005010X222A1 TR3 [B23]).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

# X12 basic character set (TR3 appendix; same class as pyx12's basic-charset check).
BASIC_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !\"&'()*+,-./:;?=")

# Letters NFKD does not decompose to ASCII.
_TRANSLITERATE = {
    "ß": "SS", "Æ": "AE", "æ": "AE", "Ø": "O", "ø": "O", "Œ": "OE", "œ": "OE",
    "Ł": "L", "ł": "L", "Đ": "D", "đ": "D", "Þ": "TH", "þ": "TH", "ı": "I",
    "’": "'", "‘": "'", "–": "-", "—": "-",
}  # fmt: skip


@dataclass(frozen=True)
class Separators:
    """Delimiters of an interchange: * element, : component, ^ repetition, ~ segment."""

    element: str = "*"
    component: str = ":"
    repetition: str = "^"
    segment: str = "~"

    @property
    def all(self) -> frozenset[str]:
        return frozenset({self.element, self.component, self.repetition, self.segment})


SEPARATORS = Separators()


def _ascii_upper(value: str) -> str:
    transliterated = "".join(_TRANSLITERATE.get(ch, ch) for ch in value)
    decomposed = unicodedata.normalize("NFKD", transliterated)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).upper()


def clean(value: str, max_length: int, separators: Separators = SEPARATORS) -> str:
    """Text fit for an X12 AN element: basic charset, no separators, at most max_length."""
    allowed = BASIC_CHARACTERS - separators.all
    kept = "".join(ch if ch in allowed else " " for ch in _ascii_upper(value))
    collapsed = " ".join(kept.split())
    return collapsed[:max_length].rstrip()


def clean_required(
    value: str, max_length: int, field: str, separators: Separators = SEPARATORS
) -> str:
    """`clean`, but a value that ends up empty is an error naming the field."""
    cleaned = clean(value, max_length, separators)
    if not cleaned:
        raise ValueError(f"{field} has no characters an X12 file can carry: {value!r}")
    return cleaned


def clean_id(value: str, max_length: int, field: str) -> str:
    """An identifier: uppercase letters and digits only (spaces, dashes, dots removed)."""
    cleaned = "".join(ch for ch in _ascii_upper(value) if ch.isascii() and ch.isalnum())
    if not cleaned:
        raise ValueError(f"{field} is empty after removing punctuation: {value!r}")
    if len(cleaned) > max_length:
        raise ValueError(f"{field} is longer than {max_length} characters: {value!r}")
    return cleaned


def digits(value: str, length: int, field: str) -> str:
    """Exactly `length` digits once spaces and dashes are removed (EIN, ZIP, phone)."""
    cleaned = re.sub(r"[\s\-().+]", "", value)
    if len(cleaned) != length or not cleaned.isascii() or not cleaned.isdigit():
        raise ValueError(f"{field} must have {length} digits: {value!r}")
    return cleaned


def postal_code(value: str) -> str:
    """US ZIP as 5 or 9 digits (N403)."""
    cleaned = re.sub(r"[\s\-]", "", value)
    if len(cleaned) not in (5, 9) or not cleaned.isascii() or not cleaned.isdigit():
        raise ValueError(f"postal code must be 5 or 9 digits: {value!r}")
    return cleaned


def amount(value: Decimal) -> str:
    """Money for an R element: two decimals, no sign allowed (CLM02, SV102)."""
    if not isinstance(value, Decimal):
        raise TypeError(f"money must be Decimal, got {type(value).__name__}")
    if value < 0 or not value.is_finite():
        raise ValueError(f"charge must be a non-negative amount: {value}")
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def d8(value: date) -> str:
    """CCYYMMDD."""
    return value.strftime("%Y%m%d")


def aware(value: datetime) -> datetime:
    """Reject naive datetimes (DESIGN.md: no naive datetimes)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("created_at must be timezone-aware")
    return value


def fixed(value: str, width: int) -> str:
    """ISA fixed-width field: cleaned, left-justified, padded with spaces."""
    return clean(value, width).ljust(width)
