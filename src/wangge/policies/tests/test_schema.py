"""Bad policy documents are refused with the line and the field named."""

import pytest

from wangge.policies.schema import PolicyError, parse_policy

from .conftest import read_shipped

A = read_shipped("A")


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing `needle`."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return hits[occurrence - 1]


def refused(text: str) -> PolicyError:
    with pytest.raises(PolicyError) as exc:
        parse_policy(text)
    return exc.value


def test_every_shipped_file_is_valid():
    for code in "ABEF":
        assert parse_policy(read_shipped(code))["code"] == code


def test_a_missing_field_is_named_with_the_line_of_its_mapping():
    text = A.replace("retro_days: 14\n", "")
    error = refused(text)
    assert error.field == "retro_days"
    assert error.line == line_of(text, "code: A")
    assert f"第 {error.line} 行" in str(error) and "retro_days" in str(error)


def test_a_missing_field_inside_a_phase_is_named_with_its_path():
    text = A.replace("        days: 14\n        nat_days: [1, 7, 14]\n", "        nat_days: [1, 7, 14]\n")
    error = refused(text)
    assert error.field == "categories.medium.phases[0].days"
    assert error.line == line_of(text, "- kind: home_isolation")


def test_an_unknown_measure_kind_is_refused_on_its_line():
    text = A.replace("kind: home_isolation", "kind: home_quarantine")
    error = refused(text)
    assert error.field == "categories.medium.phases[0].kind"
    assert error.line == line_of(text, "home_quarantine")
    assert "home_quarantine" in str(error)


def test_a_nat_day_outside_its_phase_is_refused():
    text = A.replace("nat_days: [2, 7]", "nat_days: [2, 8]")
    error = refused(text)
    assert error.field == "categories.high.phases[1].nat_days[1]"
    assert error.line == line_of(text, "nat_days: [2, 8]")


def test_nat_days_must_increase():
    error = refused(A.replace("nat_days: [1, 7, 14]", "nat_days: [1, 7, 7]"))
    assert error.field == "categories.medium.phases[0].nat_days[2]"


def test_an_unknown_category_is_refused():
    text = A.replace("  medium:\n", "  middle:\n")
    error = refused(text)
    assert error.field == "categories.middle" and error.line == line_of(text, "  middle:")
    assert "middle" in str(error)


def test_an_unknown_field_is_refused():
    text = A.replace("lookback_days: 14", "lookback_days: 14\nlookback_hours: 3")
    error = refused(text)
    assert error.field == "lookback_hours" and error.line == line_of(text, "lookback_hours")


def test_a_duplicate_key_is_refused():
    text = A.replace("lookback_days: 14", "lookback_days: 14\nlookback_days: 7")
    error = refused(text)
    assert error.field == "lookback_days" and error.line == line_of(text, "lookback_days", 2)


def test_a_pool_size_outside_1_5_10_20_is_refused_and_20_is_allowed():
    assert parse_policy(A.replace("low: 10", "low: 20"))["pool_sizes"]["low"] == 20
    text = A.replace("medium: 5", "medium: 8")
    error = refused(text)
    assert error.field == "pool_sizes.medium" and error.line == line_of(text, "medium: 8")


def test_the_same_city_rule_and_category_go_together():
    text = A.replace("same_city:\n  prefix_digits: 4", "same_city: null\nold_rule:\n  prefix_digits: 4")
    with pytest.raises(PolicyError):
        parse_policy(text)
    error = refused(A.replace("same_city:\n  prefix_digits: 4\n  note:", "same_city: null\nsource2:"))
    assert error.field in ("same_city", "source2")


def test_a_checkpoint_table_with_holes_is_refused():
    start = A.index("    - when: {code: green}\n")
    text = A[:start] + A[A.index("\ntasks:"):]  # drop the last rule: green without a star has no decision
    error = refused(text)
    assert error.field == "checkpoint.rules"


def test_an_unknown_checkpoint_action_is_refused():
    error = refused(A.replace("action: persuade_back", "action: send_home"))
    assert error.field == "checkpoint.rules[2].action"


def test_the_escalation_chain_goes_upwards_from_the_grid():
    error = refused(A.replace("  - level: village\n", "  - level: district\n"))
    assert error.field == "escalation[2].level"
    error = refused(A.replace("  - level: grid\n    hours: 12\n", ""))
    assert error.field == "escalation[0].level"


def test_effective_to_must_follow_effective_from():
    error = refused(A.replace("effective_from: 2021-08-01", "effective_from: 2021-08-01\neffective_to: 2021-07-01"))
    assert error.field == "effective_to" and error.line == 6


def test_a_bad_date_is_refused():
    error = refused(A.replace("effective_from: 2021-08-01", "effective_from: 2021-08-41"))
    assert error.field == "effective_from" and error.line == 5


def test_broken_yaml_is_refused_with_its_line():
    text = A.replace("nat_days: [1, 7, 14]", "nat_days: [1, 7, 14")
    error = refused(text)
    assert error.line is not None and error.line >= line_of(text, "nat_days: [1, 7, 14") - 1


@pytest.mark.parametrize("text", ["", "   \n", "- a\n- b\n", "just text"])
def test_an_empty_or_non_mapping_document_is_refused(text):
    refused(text)


def test_unquoted_times_are_read_as_times():
    assert parse_policy(A.replace('"22:00"', "22:00"))["tasks"]["clearance_cutoff"] == "22:00"
