import pytest
from hypothesis import given
from hypothesis import strategies as st

from wangge.core.ids import InvalidID, mask_id, mask_phone, normalize_id, normalize_phone

OFFICIAL = ["11010519491231002X", "440524188001010014"]


@pytest.mark.parametrize("number", OFFICIAL)
def test_it_accepts_the_official_examples(number):
    assert normalize_id(number) == number


def test_it_accepts_lower_case_x_and_stores_upper_case():
    assert normalize_id("11010519491231002x") == "11010519491231002X"


def test_it_upgrades_a_15_digit_number():
    assert normalize_id("110105491231002") == "11010519491231002X"


@pytest.mark.parametrize("number", OFFICIAL)
def test_it_rejects_every_single_character_corruption(number):
    accepted = []
    for i in range(18):
        for c in "0123456789X":
            if c != number[i]:
                corrupted = number[:i] + c + number[i + 1:]
                try:
                    normalize_id(corrupted)
                    accepted.append(corrupted)
                except InvalidID:
                    pass
    assert accepted == []


@pytest.mark.parametrize("bad, reason", [
    ("", "为空"), ("1101051949123100", "18位"), ("11010519491231002Y", "非法字符"),
    ("110105194912310021", "校验位"), ("110105194913310021", "出生日期"),
])
def test_it_names_the_reason(bad, reason):
    with pytest.raises(InvalidID, match=reason):
        normalize_id(bad)


def test_masks():
    assert mask_id("320684199001011234") == "320684********1234"
    assert mask_phone("13812345678") == "138****5678"


@given(st.from_regex(r"1[3-9]\d{9}", fullmatch=True))
def test_any_valid_mobile_round_trips(phone):
    assert normalize_phone(phone) == phone


@pytest.mark.parametrize("bad", ["12812345678", "1381234567", "138123456789", "abc"])
def test_it_rejects_bad_phones(bad):
    with pytest.raises(ValueError, match="11位"):
        normalize_phone(bad)


def test_check_digit_matches_the_weights():
    from wangge.core.ids import CHECK_CHARS, WEIGHTS, check_digit

    for body in ("11010519491231002", "44052418800101001", "32068419900101123", "00000000000000000"):
        assert check_digit(body) == CHECK_CHARS[sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 11]


@given(st.sampled_from(OFFICIAL), st.integers(0, 17), st.sampled_from("0123456789Xx -"),
       st.sampled_from(["", " ", "\t"]))
def test_the_fast_path_agrees_with_the_full_check(number, position, char, padding):
    """normalize_id answers a clean number without python-stdnum; it must agree with the full check."""
    from wangge.core.ids import _normalize_checked

    value = padding + number[:position] + char + number[position + 1:] + padding
    raw = value.strip().replace(" ", "").upper()
    try:
        expected = _normalize_checked(raw)
    except InvalidID as exc:
        with pytest.raises(InvalidID, match=str(exc)):
            normalize_id(value)
    else:
        assert normalize_id(value) == expected
