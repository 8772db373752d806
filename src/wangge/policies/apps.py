from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "wangge.policies"
    verbose_name = _("Policies")
    # Everyone logged in may read the policies; the pages themselves refuse changes to non-administrators.
    nav_items = [("epidemic", _("Policies"), "policies:list", "policies.view_policyversion")]
