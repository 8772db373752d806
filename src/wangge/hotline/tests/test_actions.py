"""The state machine: every action from every state, allowed or refused, and the bad inputs."""

import datetime

import pytest

from wangge.core.errors import Conflict, Invalid, NotFound, NotPermitted
from wangge.hotline import actions, states
from wangge.hotline.choices import Satisfaction, State
from wangge.hotline.deadlines import TZ
from wangge.hotline.models import Event, WorkOrder

from .conftest import at

ALL_STATES = list(State.values)


def run(action, order, operator, handler):
    """Perform `action` with valid arguments as the right actor."""
    later = at(30)
    if action == "approve_extension" and order.state == State.IN_PROGRESS:
        actions.do_request_extension(handler, order, until=datetime.date(2021, 8, 12), reason="需现场核查", now=at(2))
    if action == "redo" and order.state == State.PENDING_CALLBACK:
        actions.do_callback(operator, order, satisfaction=Satisfaction.DISSATISFIED, now=at(20))
    if action == "close" and order.state == State.PENDING_CALLBACK:  # an order is closed after its callback
        actions.do_callback(operator, order, satisfaction=Satisfaction.BASICALLY, now=at(20))
    if action == "reject_extension" and order.state == State.IN_PROGRESS:
        actions.do_request_extension(handler, order, until=datetime.date(2021, 8, 12), reason="需现场核查", now=at(2))
    calls = {
        "answer_directly": lambda: actions.do_answer_directly(operator, order, answer="答复", now=later),
        "queue": lambda: actions.do_queue(operator, order, now=later),
        "dispatch": lambda: actions.do_dispatch(operator, order, department="ZHB", now=later),
        "sign": lambda: actions.do_sign(handler, order, now=at(3)),
        "reply": lambda: actions.do_reply(handler, order, answer="已处理", now=at(3)),
        "return_order": lambda: actions.do_return(handler, order, reason="不属于本单位职责", now=at(3)),
        "request_extension": lambda: actions.do_request_extension(handler, order, until=datetime.date(2021, 8, 12),
                                                               reason="需现场核查", now=at(3)),
        "approve_extension": lambda: actions.do_approve_extension(operator, order, now=at(3)),
        "reject_extension": lambda: actions.do_reject_extension(operator, order, now=at(3)),
        "urge": lambda: actions.do_urge(operator, order, now=at(3)),
        "supervise": lambda: actions.do_supervise(operator, order, now=at(3)),
        "accept_reply": lambda: actions.do_accept_reply(operator, order, now=later),
        "callback": lambda: actions.do_callback(operator, order, satisfaction=Satisfaction.BASICALLY, now=later),
        "close": lambda: actions.do_close(operator, order, now=later),
        "redo": lambda: actions.do_redo(operator, order, reason="问题未解决", now=later),
    }
    return calls[action]()


CASES = [(action, state) for action in states.TRANSITIONS for state in ALL_STATES]


@pytest.mark.parametrize("action,state", CASES, ids=[f"{a}-from-{s}" for a, s in CASES])
def test_every_transition(action, state, make_order, operator, handler):
    order = make_order(state)
    if states.allowed(action, state):
        result = run(action, order, operator, handler)
        assert result.state == states.target(action, state)
        last = Event.objects.filter(order=order).order_by("-id").first()
        assert last.from_state == state and last.to_state == result.state
    else:
        before = Event.objects.filter(order=order).count()
        # A department action on an order no department holds is refused as "not found" (it is not theirs).
        expected = actions.Conflict
        if states.TRANSITIONS[action][2] == states.DEPARTMENT and order.department_id is None:
            expected = actions.NotFound
        with pytest.raises(expected):
            run(action, order, operator, handler)
        order.refresh_from_db()
        assert order.state == state
        assert Event.objects.filter(order=order).count() == before


def test_the_full_life_of_an_order_is_logged(make_order):
    order = make_order(State.CLOSED)
    kinds = list(order.events.values_list("kind", flat=True))
    assert kinds == ["intake", "dispatch", "sign", "reply", "accept_reply", "callback", "close"]
    assert order.number.startswith("12345-20210802-")


def test_intake_refuses_missing_content_and_unknown_category(operator, catalogue):
    with pytest.raises(actions.Invalid) as err:
        actions.do_intake(operator, content="  ", category="EP01")
    assert err.value.field == "content"
    with pytest.raises(actions.Invalid) as err:
        actions.do_intake(operator, content="核酸", category="NOPE")
    assert err.value.field == "category"
    with pytest.raises(actions.Invalid):
        actions.do_intake(operator, content="核酸", category="EP02", caller_phone="12345")
    assert not WorkOrder.objects.exists()


def test_a_department_that_does_not_hold_the_order_cannot_reply(make_order, other_handler):
    order = make_order(State.IN_PROGRESS)
    with pytest.raises(NotFound):  # another department's order is outside their scope: not found, not leaked
        actions.do_reply(other_handler, order, answer="不是我们的", now=at(3))
    order.refresh_from_db()
    assert order.state == State.IN_PROGRESS and order.replied_at is None


def test_a_department_cannot_do_centre_actions(make_order, handler):
    order = make_order(State.PENDING_CALLBACK)
    with pytest.raises(actions.NotPermitted):
        actions.do_close(handler, order, now=at(30))


def test_return_only_within_two_working_days(make_order, handler):
    order = make_order(State.IN_PROGRESS)  # dispatched Monday 2021-08-02 09:12
    with pytest.raises(actions.Conflict):
        actions.do_return(handler, order, reason="不属于本单位", now=datetime.datetime(2021, 8, 5, 9, 0, tzinfo=TZ))
    order.refresh_from_db()
    assert order.state == State.IN_PROGRESS and order.return_count == 0
    actions.do_return(handler, order, reason="不属于本单位", now=datetime.datetime(2021, 8, 4, 20, 0, tzinfo=TZ))
    order.refresh_from_db()
    assert order.state == State.PENDING_DISPATCH and order.department is None
    assert order.events.last().department.code == "ZHB"


def test_extension_before_the_deadline_moves_the_deadline(make_order, handler, operator):
    order = make_order(State.IN_PROGRESS)  # EP04: 3 working days → 2021-08-05
    assert order.due_at.astimezone(TZ).date() == datetime.date(2021, 8, 5)
    with pytest.raises(actions.Conflict):
        actions.do_request_extension(handler, order, until=datetime.date(2021, 8, 10), reason="x",
                                  now=datetime.datetime(2021, 8, 6, 9, 0, tzinfo=TZ))
    with pytest.raises(actions.Invalid):
        actions.do_request_extension(handler, order, until=datetime.date(2021, 9, 30), reason="x", now=at(2))
    actions.do_request_extension(handler, order, until=datetime.date(2021, 8, 10), reason="需协调", now=at(2))
    order = actions.do_approve_extension(operator, order, now=at(3))
    assert order.due_at.astimezone(TZ).date() == datetime.date(2021, 8, 10)
    assert order.deadline.astimezone(TZ).date() == datetime.date(2021, 8, 5)


def test_redo_needs_a_dissatisfied_callback(make_order, operator):
    order = make_order(State.PENDING_CALLBACK)
    actions.do_callback(operator, order, satisfaction=Satisfaction.BASICALLY, now=at(20))
    with pytest.raises(actions.Conflict):
        actions.do_redo(operator, order, reason="x", now=at(21))
    actions.do_callback(operator, order, satisfaction=Satisfaction.VERY_DISSATISFIED, now=at(22))
    order = actions.do_redo(operator, order, reason="仍不能进小区", now=at(23))
    assert order.state == State.IN_PROGRESS and order.redo_count == 1 and order.finished_at is None


def test_callback_can_be_unsuccessful(make_order, operator):
    order = make_order(State.PENDING_CALLBACK)
    order = actions.do_callback(operator, order, satisfaction=Satisfaction.UNREACHED, now=at(20))
    assert order.state == State.PENDING_CALLBACK


def test_events_are_append_only(make_order):
    event = make_order(State.RECEIVED).events.first()
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_direct_answer_is_finished_at_once(make_order):
    order = make_order(State.ANSWERED)
    assert order.finished_at == order.received_at and order.department is None


def test_duplicates_are_suggested(make_order, catalogue, operator):
    from wangge.hotline.selectors import orders_for
    from wangge.hotline.suggest import suggest_duplicates

    mine = orders_for(operator)
    first = make_order(State.DISPATCHED)
    hits = suggest_duplicates("从南京回来小区不让进怎么办", "13900000000", catalogue["grid_a"].code, now=at(48),
                              queryset=mine)
    assert hits and hits[0][0] == first and hits[0][2] == "similar_text"
    hits = suggest_duplicates("别的事情", "13800138000", "", now=at(48), queryset=mine)
    assert hits[0][2] == "same_caller"
    assert not suggest_duplicates("别的事情", "13800138000", "", now=at(24 * 30), queryset=mine)
    assert not suggest_duplicates("别的事情", "13800138000", "", now=at(48))  # no user's orders: nothing


def test_an_operator_who_forgets_to_dispatch_to_a_department_is_told_to_choose_one(make_order, operator):
    order = make_order(State.RECEIVED)
    with pytest.raises(Invalid) as err:
        actions.do_dispatch(operator, order, department="", now=at(1))
    assert err.value.field == "department"
    with pytest.raises(Invalid) as err:
        actions.do_dispatch(operator, order, department="NOPE", now=at(1))
    assert err.value.field == "department"
    order.refresh_from_db()
    assert order.state == State.RECEIVED and order.events.count() == 1


def test_a_transition_called_without_an_actor_is_refused(make_order):
    order = make_order(State.DISPATCHED)
    with pytest.raises(NotPermitted):
        actions.do_sign(None, order, now=at(1))
    with pytest.raises(NotPermitted):
        actions.do_intake(None, content="核酸", category="EP02")
    order.refresh_from_db()
    assert order.state == State.DISPATCHED


def test_the_system_actor_sees_every_order_a_handler_only_their_departments_and_nobody_none(
        make_order, handler, other_handler):
    from wangge.accounts.selectors import system_actor

    mine, unassigned = make_order(State.DISPATCHED), make_order(State.RECEIVED)
    assert set(WorkOrder.objects.restrict(system_actor())) == {mine, unassigned}
    assert list(WorkOrder.objects.restrict(handler)) == [mine]
    assert not WorkOrder.objects.restrict(other_handler).exists()
    assert not WorkOrder.objects.restrict(None).exists()


def test_the_operator_cannot_close_an_order_before_its_callback(make_order, operator):
    order = make_order(State.PENDING_CALLBACK)
    with pytest.raises(Conflict) as err:
        actions.do_close(operator, order, now=at(30))
    assert "回访" in err.value.message or "callback" in err.value.message
    order.refresh_from_db()
    assert order.state == State.PENDING_CALLBACK and order.closed_at is None


def test_after_a_recorded_failed_callback_the_operator_may_close_the_order(make_order, operator):
    order = make_order(State.PENDING_CALLBACK)
    actions.do_callback(operator, order, satisfaction=Satisfaction.UNREACHED, now=at(20))
    order = actions.do_close(operator, order, now=at(30))
    assert order.state == State.CLOSED


def test_a_callback_without_a_chosen_satisfaction_is_refused(make_order, operator):
    order = make_order(State.PENDING_CALLBACK)
    with pytest.raises(Invalid) as err:
        actions.do_callback(operator, order, satisfaction="", now=at(20))
    assert err.value.field == "satisfaction"


def test_the_timeline_names_the_operator_by_display_name(make_order, operator):
    operator.display_name = "王接线员"
    operator.save()
    order = make_order(State.RECEIVED)
    assert order.events.get().actor_name == "王接线员"
