"""Vaccination test fixtures."""

import pytest

from wangge.vaccination.models import VaccineProduct


@pytest.fixture
def inactivated(db):
    return VaccineProduct.objects.get(code="sinovac")


@pytest.fixture
def grid_a_people(district):
    return district["residents"][district["grid_a"].code]
