"""Every row of the checkpoint table of domain.md §3, and the fever rule, on each shipped policy version: the
decision the API gives, with the policy version in force at the time of the check named in the answer."""

import datetime
import itertools

import pytest

from wangge.core import clock

from .conftest import negative_result, visitor_id

VERSIONS = ("A", "B", "E", "F")
_seq = itertools.count(1)

# domain.md §3 (health code, itinerary) → decision; "negative" = a negative result of our lab 47 hours before.
TABLE = [
    ("red, no star", {"health_code": "red", "itinerary_star": False}, False, "isolate"),
    ("red, star", {"health_code": "red", "itinerary_star": True}, False, "isolate"),
    ("red, star, negative", {"health_code": "red", "itinerary_star": True}, True, "isolate"),
    ("yellow, no star", {"health_code": "yellow", "itinerary_star": False}, False, "persuade_back"),
    ("yellow, star, negative", {"health_code": "yellow", "itinerary_star": True}, True, "persuade_back"),
    ("green, star, negative within 48 h", {"health_code": "green", "itinerary_star": True}, True, "pass"),
    ("green, star, no negative", {"health_code": "green", "itinerary_star": True}, False, "nat_required"),
    ("green, no star", {"health_code": "green", "itinerary_star": False}, False, "pass"),
]
# The fever rule (domain.md §9, the policy's fever_celsius): offset from the threshold in °C → decision.
FEVER = [
    ("green at the threshold", "green", False, 0.0, "fever"),
    ("green just below", "green", False, -0.1, "pass"),
    ("green, star, no negative, fever", "green", True, 0.0, "fever"),
    ("yellow with a fever", "yellow", False, 0.5, "fever"),
    ("red with a fever", "red", False, 0.5, "isolate"),
]


def in_force_day(version) -> datetime.datetime:
    return clock.at(version.effective_from + datetime.timedelta(days=2), 12)


@pytest.mark.parametrize("code", VERSIONS)
@pytest.mark.parametrize(("row", "facts", "negative", "expected"), TABLE, ids=[r[0] for r in TABLE])
def test_the_checkpoint_table_on_each_version(district, shipped, exit_cp, post_check, code, row, facts, negative,
                                              expected):
    version = shipped[code]
    with clock.frozen(in_force_day(version)) as now:
        person = visitor_id(next(_seq))
        if negative:
            negative_result(district, person, now - datetime.timedelta(hours=47))
        response = post_check({"event_id": f"t-{code}-{next(_seq)}", "id_number": person, **facts})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["policy"] == code
    assert body["decision"] == expected, (row, body)
    assert body["reasons"], body
    if negative:
        assert body["hours_since_negative"] == pytest.approx(47, abs=0.01)


@pytest.mark.parametrize("code", VERSIONS)
@pytest.mark.parametrize(("row", "colour", "star", "offset", "expected"), FEVER, ids=[r[0] for r in FEVER])
def test_the_fever_rule_on_each_version(district, shipped, exit_cp, post_check, code, row, colour, star, offset,
                                        expected):
    version = shipped[code]
    threshold = version.document["checkpoint"]["fever_celsius"]
    with clock.frozen(in_force_day(version)):
        response = post_check({"event_id": f"f-{code}-{next(_seq)}", "id_number": visitor_id(next(_seq)),
                               "health_code": colour, "itinerary_star": star,
                               "temperature": round(threshold + offset, 1)})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["decision"] == expected, (row, body)
    assert body["fever"] is (offset >= 0)
    if expected == "isolate":  # red goes to isolation; the fever is still said
        assert len(body["reasons"]) >= 2
