"""Hotline fixtures: the standard catalogue, an operator, two department handlers and an order factory."""

import datetime

import pytest

from wangge.accounts.choices import Role
from wangge.conftest import make_user
from wangge.hotline import actions, dispatch_model
from wangge.hotline.catalogue import ensure_catalogue
from wangge.hotline.choices import Satisfaction, State
from wangge.hotline.deadlines import TZ
from wangge.hotline.models import Department, DepartmentMember

T0 = datetime.datetime(2021, 8, 2, 9, 0, tzinfo=TZ)  # a Monday


@pytest.fixture(autouse=True)
def fast_passwords(settings, tmp_path):
    """The personas are created with passwords; hashing them with PBKDF2 dominated the test time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Catalogue rows cached by intake belong to the previous test's rolled-back transaction.
    actions._categories.data.clear()
    actions._regions.data.clear()
    # No smart-dispatch model unless a test trains one (never the one in ./var).
    settings.VAR_DIR = tmp_path
    dispatch_model._cache.clear()


@pytest.fixture
def catalogue(district):
    ensure_catalogue([district["town"], district["other_town"]])
    return district


@pytest.fixture
def operator(catalogue):
    return make_user("operator", Role.HOTLINE_OPERATOR, catalogue["district"])


def _handler(username, dept_code, district):
    user = make_user(username, Role.DEPARTMENT_HANDLER, district["district"])
    DepartmentMember.objects.create(user=user, department=Department.objects.get(code=dept_code))
    from wangge.accounts.models import User

    return User.objects.get(pk=user.pk)


@pytest.fixture
def handler(catalogue):
    """A handler of the district epidemic command office (ZHB)."""
    return _handler("handler", "ZHB", catalogue)


@pytest.fixture
def other_handler(catalogue):
    """A handler of the CDC, which does not hold the orders dispatched to ZHB."""
    return _handler("cdc", "CDC", catalogue)


def at(hours: float) -> datetime.datetime:
    return T0 + datetime.timedelta(hours=hours)


def drive(state, operator, handler, district, **intake_extra):
    """A fresh order brought into `state` through the actions (starting at T0)."""
    fields = dict(content="请问从南京回来需要隔离吗，小区不让进", category="EP04", region=district["grid_a"],
                  caller_name="测试", caller_phone="13800138000", received_at=T0)
    fields.update(intake_extra)
    if state == State.ANSWERED:
        return actions.do_intake(operator, answer="按规定报备即可", **fields)
    order = actions.do_intake(operator, **fields)
    if state == State.RECEIVED:
        return order
    if state == State.PENDING_DISPATCH:
        return actions.do_queue(operator, order, now=at(0.1))
    order = actions.do_dispatch(operator, order, department="ZHB", now=at(0.2))
    if state == State.DISPATCHED:
        return order
    order = actions.do_sign(handler, order, now=at(1))
    if state == State.IN_PROGRESS:
        return order
    order = actions.do_reply(handler, order, answer="已联系社区，按规定报备后可进入", now=at(5))
    if state == State.REPLIED:
        return order
    order = actions.do_accept_reply(operator, order, now=at(6))
    if state == State.PENDING_CALLBACK:
        return order
    actions.do_callback(operator, order, satisfaction=Satisfaction.VERY_SATISFIED, now=at(24))
    return actions.do_close(operator, order, now=at(25))


@pytest.fixture
def make_order(catalogue, operator, handler):
    def make(state=State.RECEIVED, **extra):
        return drive(state, operator, handler, catalogue, **extra)

    return make
