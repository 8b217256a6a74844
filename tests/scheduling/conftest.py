from __future__ import annotations

import pytest

from petrissage.practice.models import Role
from tests import factories
from tests.scheduling.helpers import add_location, give_hours


@pytest.fixture
def location(practice):
    return add_location(practice)


@pytest.fixture
def working_therapist(therapist, location):
    """Theo works Monday to Saturday, 08:00–18:00, at the main location."""
    give_hours(therapist, location)
    return therapist


@pytest.fixture
def second_therapist(practice, location):
    other = factories.make_staff(practice, Role.THERAPIST, "gina-therapist")
    give_hours(other, location)
    return other
