"""Cadres sent down (下沉报到): request → approval by the village → on the duty plan → hours reported back to the
department, as a page and as xlsx."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from wangge.accounts.choices import Role
from wangge.conftest import make_user
from wangge.core import clock
from wangge.core.errors import Conflict, Invalid, NotFound, NotPermitted
from wangge.volunteers import actions
from wangge.volunteers.choices import DeploymentStatus, PersonKind, Rule
from wangge.volunteers.models import Volunteer

from .helpers import DAY, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_down(roster, district):
    """A town cadre of 三星镇 from 区教育局, reported to 大石村 for 10 days from the planned day, approved."""
    cadre = make_user("edu_cadre", Role.TOWN_CADRE, district["town"])
    cadre.display_name = "王干部"
    cadre.save()
    report = actions.do_request_deployment(cadre, roster["village"], department="区教育局", start_date=DAY,
                                           end_date=DAY + datetime.timedelta(days=9))
    assert report.status == DeploymentStatus.REQUESTED
    with pytest.raises(NotPermitted):
        actions.do_decide_deployment(cadre, report, approve=True)
    actions.do_decide_deployment(roster["village_cadre"], report, approve=True)
    return cadre, report


def test_an_approved_cadre_is_on_the_village_roster(roster, sent_down):
    cadre, report = sent_down
    row = Volunteer.objects.get(user=cadre, kind=PersonKind.CADRE)
    assert row.region == roster["village"] and row.deployment == report and row.name == "王干部"
    with pytest.raises(Conflict):
        actions.do_decide_deployment(roster["village_cadre"], report, approve=False)


def test_a_cadre_is_planned_within_the_period_of_the_report_only(roster, sent_down):
    cadre, _report = sent_down
    row = Volunteer.objects.get(user=cadre)
    assert actions.do_plan_shift(roster["village_cadre"], roster["gate"], start=at(8), end=at(16),
                                 volunteers=[row]).signups
    with pytest.raises(actions.DutyRuleBroken) as exc:
        actions.do_plan_shift(roster["village_cadre"], roster["gate"], start=at(8, days=-1), end=at(16, days=-1),
                              volunteers=[row])
    assert exc.value.rule == Rule.IN_DEPLOYMENT


def test_a_request_names_a_village_and_a_sound_period(roster, district):
    cadre = make_user("other_cadre", Role.TOWN_CADRE, district["town"])
    with pytest.raises(Invalid) as exc:
        actions.do_request_deployment(cadre, district["town"], department="区卫健委", start_date=DAY, end_date=DAY)
    assert exc.value.field == "region"
    with pytest.raises(Invalid):
        actions.do_request_deployment(cadre, roster["village"], department="区卫健委", start_date=DAY,
                                      end_date=DAY - datetime.timedelta(days=1))
    with pytest.raises(NotPermitted):
        actions.do_request_deployment(roster["vol_user"], roster["village"], department="x", start_date=DAY,
                                      end_date=DAY)


def test_a_village_of_another_town_does_not_decide(roster, sent_down, district):
    cadre = make_user("late_cadre", Role.TOWN_CADRE, district["town"])
    report = actions.do_request_deployment(cadre, roster["village"], department="区教育局", start_date=DAY,
                                           end_date=DAY)
    far = make_user("far_cadre", Role.VILLAGE_CADRE, district["grid_c"].parent)
    with pytest.raises(NotFound):
        actions.do_decide_deployment(far, report, approve=True)


def test_the_department_gets_its_cadres_hours_back(roster, sent_down, client_for):
    cadre, _report = sent_down
    row = Volunteer.objects.get(user=cadre)
    signup = actions.do_plan_shift(roster["village_cadre"], roster["gate"], start=at(8), end=at(16),
                                   volunteers=[row]).signups[0]
    token = actions.post_token(roster["gate"])
    with clock.frozen(at(8)):
        actions.do_check_in(cadre, signup, token=token)
    with clock.frozen(at(15, 30)):
        actions.do_check_out(cadre, signup, token=token)
    with clock.frozen(at(17)):
        actions.do_approve_hours(roster["village_cadre"], signup)
        client = client_for(roster["village_cadre"])
        query = {"department": "区教育局", "date_from": DAY.isoformat(), "date_to": DAY.isoformat()}
        page = client.get("/volunteers/deployments/report/", query)
        assert page.status_code == 200
        [line] = page.context["report"]
        assert (line.shifts, line.done, line.hours, line.approved, line.posts) == (
            1, 1, Decimal("7.50"), Decimal("7.50"), ["大石村卡口"])
        assert "王干部" in page.content.decode()
        export = client.get("/volunteers/deployments/report/", {**query, "export": "xlsx"})
        assert export.status_code == 200
        sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
        rows = list(sheet.iter_rows(values_only=True))
        assert len(rows) == 2 and rows[1][0] == "区教育局" and rows[1][1] == "王干部" and "7.5" in str(rows[1])
        # another department's report is empty
        other = client.get("/volunteers/deployments/report/", {**query, "department": "区卫健委"})
        assert other.context["report"] == [] and "王干部" not in other.content.decode()
