from pathlib import Path

import pytest
from django.core.management import call_command

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "jiangsu-2021-07-08.csv"


@pytest.fixture
def areas(db):
    """The sample designations of July–August 2021 (Jiangsu), stored."""
    call_command("import_risk_areas", str(SAMPLE), stdout=open("/dev/null", "w"))
