"""An order's life through the actions: order, take, done, rate; steps out of order and bad ratings refused."""

import pytest

from wangge.core.errors import Conflict, Invalid, NotFound, NotPermitted
from wangge.services import actions
from wangge.services.choices import OrderStatus
from wangge.services.models import Order

pytestmark = pytest.mark.django_db


def test_an_order_lives_from_ordered_to_rated(world):
    order = actions.do_order(world["worker"], world["resident"], world["meals"], note="午餐送到家")
    assert order.status == OrderStatus.ORDERED and order.team == world["team"]
    order = actions.do_take(world["vol_user"], order)
    assert order.status == OrderStatus.TAKEN and order.volunteer == world["vol"] and order.taken_by == world["vol_user"]
    order = actions.do_done(world["vol_user"], order, note="已送达")
    assert order.status == OrderStatus.DONE and order.done_at is not None
    order = actions.do_rate(world["worker"], order, rating=5, comment="很满意")
    order.refresh_from_db()
    assert (order.status, order.rating, order.rating_comment, order.rated_by) == (
        OrderStatus.RATED, 5, "很满意", world["worker"])


def test_a_step_out_of_order_is_refused_with_the_state_named(world):
    order = actions.do_order(world["worker"], world["resident"], world["meals"])
    with pytest.raises(Conflict, match="Ordered|待接单"):
        actions.do_done(world["vol_user"], order)
    with pytest.raises(Conflict):
        actions.do_rate(world["worker"], order, rating=4)
    actions.do_take(world["vol_user"], order)
    with pytest.raises(Conflict, match="Taken|已接单"):
        actions.do_take(world["vol_user"], order)
    actions.do_done(world["vol_user"], order)
    with pytest.raises(Conflict):
        actions.do_cancel(world["worker"], order, reason="不需要了")
    assert Order.objects.get(pk=order.pk).status == OrderStatus.DONE


def test_a_rating_out_of_range_is_refused_and_nothing_is_written(world):
    order = actions.do_order(world["worker"], world["resident"], world["meals"])
    actions.do_take(world["vol_user"], order)
    actions.do_done(world["vol_user"], order)
    for bad in (0, 6, "five", None):
        with pytest.raises(Invalid) as exc:
            actions.do_rate(world["worker"], order, rating=bad)
        assert exc.value.field == "rating"
    order.refresh_from_db()
    assert order.status == OrderStatus.DONE and order.rating is None


def test_a_cancelled_order_cannot_be_taken_and_a_reason_is_required(world):
    order = actions.do_order(world["worker"], world["resident"], world["meals"])
    with pytest.raises(Invalid) as exc:
        actions.do_cancel(world["worker"], order, reason=" ")
    assert exc.value.field == "reason"
    actions.do_cancel(world["worker"], order, reason="住院了")
    with pytest.raises(Conflict):
        actions.do_take(world["vol_user"], order)


def test_a_resident_orders_only_from_their_own_communitys_menu(world):
    with pytest.raises(Invalid) as exc:
        actions.do_order(world["worker"], world["resident"], world["far_item"])
    assert exc.value.field == "item"


def test_the_grid_worker_of_another_grid_cannot_order_for_the_resident(world):
    with pytest.raises(NotFound):
        actions.do_order(world["outsider"], world["resident"], world["meals"])


def test_a_grid_worker_may_not_take_orders_and_another_team_may_not_finish_them(world, district):
    order = actions.do_order(world["worker"], world["resident"], world["meals"])
    with pytest.raises(NotPermitted):
        actions.do_take(world["worker"], order)
    with pytest.raises(Invalid):  # a cadre handing it to a team of another community
        actions.do_take(world["vcadre"], order, team=world["other_team"])
    actions.do_take(world["vcadre"], order, team=world["team"])
    from wangge.accounts.choices import Role
    from wangge.conftest import make_user
    from wangge.volunteers.models import Volunteer

    stranger = make_user("stranger", Role.VOLUNTEER, district["grid_c"])
    Volunteer.objects.create(name="别村志愿者", region=world["other_team"].region, team=world["other_team"],
                             user=stranger)
    with pytest.raises(NotFound):
        actions.do_done(stranger, order)
    actions.do_done(world["vcadre"], order)


def test_a_volunteer_sees_the_open_orders_of_their_community_and_their_own(world):
    from wangge.services import selectors

    waiting = actions.do_order(world["worker"], world["resident"], world["meals"])
    taken = actions.do_order(world["worker"], world["resident"], world["classes"])
    assert set(selectors.open_orders_for(world["vol_user"])) == {waiting, taken}
    actions.do_take(world["vol_user"], taken)
    assert list(selectors.my_orders(world["vol_user"])) == [taken]
    assert set(Order.objects.restrict(world["vol_user"])) == {waiting, taken}
    assert not Order.objects.restrict(world["outsider"]).exists()


def test_a_volunteer_without_a_team_sees_no_order_even_over_the_whole_district(world, district):
    from wangge.accounts.choices import Role
    from wangge.conftest import make_user

    actions.do_order(world["worker"], world["resident"], world["meals"])
    loner = make_user("loner", Role.VOLUNTEER, district["district"])
    assert not Order.objects.restrict(loner).exists()
    assert Order.objects.restrict(world["vcadre"]).count() == 1
