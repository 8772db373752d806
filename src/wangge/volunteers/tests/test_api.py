"""The API: the cadre's scoped reads, and the volunteer's own shifts and check-in by the post's code."""

import pytest

from wangge.core import clock
from wangge.volunteers import actions

from .helpers import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_duty(roster):
    return actions.do_plan_shift(roster["leader"], roster["gate"], start=at(8), end=at(16),
                                 volunteers=[roster["vol"], roster["elder"]]).signups


def test_the_cadre_reads_the_plan_with_places_filled_and_masked_people(roster, on_duty, api_for):
    api = api_for(roster["village_cadre"])
    [shift] = api.get("/api/volunteers/shifts/").json()["results"]
    assert (shift["needed"], shift["filled"], shift["post_name"]) == (3, 2, "大石村卡口")
    people = api.get("/api/volunteers/people/").json()["results"]
    assert roster["vol"].id_number not in str(people) and roster["vol"].phone not in str(people)
    assert roster["stranger"].name not in str(people)  # another town's


def test_check_in_through_the_api_refuses_another_posts_code_naming_the_field(roster, on_duty, api_for):
    api = api_for(roster["vol_user"])
    mine = on_duty[0]
    with clock.frozen(at(8)):
        url = "/api/volunteers/my/checkin/"
        wrong = api.post(url, {"signup": mine.pk, "token": actions.post_token(roster["exit"])}, format="json")
        assert wrong.status_code == 400 and "token" in wrong.json()
        right = api.post(url, {"signup": mine.pk, "token": actions.post_token(roster["gate"])}, format="json")
        assert right.status_code == 200 and right.json()["checked_in_at"]
        # someone else's place is not found
        other = api.post(url, {"signup": on_duty[1].pk, "token": actions.post_token(roster["gate"])}, format="json")
        assert other.status_code == 404
