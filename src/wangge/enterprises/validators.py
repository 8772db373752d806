"""Identifiers of the enterprise registry: the USCC (GB 32100) and a contact phone (mobile or fixed line).

Decision: a USCC given in lower case is accepted and stored upper case (the check character is computed on the upper
case form, like the `x` of an ID number); a wrong check character or length is refused with the reason."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

from wangge.core.ids import normalize_phone

# A fixed line: an area code 0xx / 0xxx and 7-8 digits, optionally an extension (0513-82123456, 051382123456).
FIXED_LINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def normalize_uscc(value: str) -> str:
    """The 18-character USCC upper case, or ValueError with the reason in Chinese."""
    raw = re.sub(r"[\s-]", "", value or "").upper()
    if not raw:
        raise ValueError(_("统一社会信用代码为空"))
    try:
        return stdnum_uscc.validate(raw)
    except InvalidLength:
        raise ValueError(_("统一社会信用代码应为18位：%(value)s") % {"value": value}) from None
    except InvalidChecksum:
        raise ValueError(_("统一社会信用代码校验位错误：%(value)s") % {"value": value}) from None
    except (InvalidFormat, InvalidComponent, ValidationError):
        raise ValueError(_("统一社会信用代码格式错误：%(value)s") % {"value": value}) from None


def normalize_contact_phone(value: str) -> str:
    """A mobile (11 digits, 1[3-9]) or a fixed line with its area code; ValueError otherwise."""
    raw = re.sub(r"[\s()（）]", "", value or "")
    if not raw:
        return ""
    try:
        return normalize_phone(raw)
    except ValueError:
        pass
    if FIXED_LINE_RE.match(raw):
        return raw
    raise ValueError(_("联系电话应为11位手机号或带区号的固定电话：%(value)s") % {"value": value})
