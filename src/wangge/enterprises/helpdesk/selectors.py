"""Who sees which help requests (海企通): the enterprise account its own; the cadres linked to an enterprise
(挂钩联系) that enterprise's; cadres of the enterprises' work (`enterprises.view_helprequest`) those of the
enterprises of their jurisdiction; the hotline sees them as work orders on its own pages."""

from __future__ import annotations

from django.db.models import Q

from wangge.core.querysets import user_scope_code, within_code
from wangge.hotline.choices import Channel
from wangge.hotline.models import WorkOrder

VIEW = "enterprises.view_helprequest"


def help_requests_for(user):
    orders = WorkOrder.objects.filter(channel=Channel.ENTERPRISE, enterprise__isnull=False)
    scope = user_scope_code(user)
    if user is None or not getattr(user, "is_authenticated", False):
        return orders.none()
    if getattr(user, "sees_everything", False):
        return orders
    if getattr(user, "enterprise_id", None):
        return orders.filter(enterprise_id=user.enterprise_id) if user.has_perm(VIEW) else orders.none()
    from wangge.liaison.selectors import my_enterprise_ids

    condition = Q(enterprise_id__in=my_enterprise_ids(user))
    if scope is not None and user.has_perm(VIEW):
        if scope == "":
            return orders
        condition |= Q(pk__in=within_code(orders, scope, "enterprise__region_code").values("pk"))
    return orders.filter(condition)
