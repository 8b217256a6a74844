"""Screening findings in words: body-region codes and technique restrictions as labels.

{% load screening_display %}{{ finding.regions|region_labels }}
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from petrissage.domain.regions import is_region, region
from petrissage.domain.screening.model import TECHNIQUE_LABELS

register = template.Library()


@register.filter
def region_labels(codes: Iterable[str] | None) -> str:
    """["calf-left", "hip-right"] -> "Calf (gastrocnemius / soleus), left; Hip, right"."""
    return "; ".join(region(c).label if is_region(c) else str(c) for c in codes or ())


@register.filter
def restriction_labels(codes: Iterable[str] | None) -> str:
    return ", ".join(TECHNIQUE_LABELS.get(str(c), str(c).replace("_", " ")) for c in codes or ())
