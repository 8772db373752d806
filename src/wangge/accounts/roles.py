"""What each role may do: the one place that answers "may this user do X".

A capability is a Django permission name, `app_label.codename`: the model permissions Django defines
(`people.view_resident`, `followup.change_task` …) and a few of our own (`people.export_resident`,
`hotline.centre`). Views, viewsets, the menu and templates ask `user.has_perm(name)` (`perms.app.codename` in a
template); nothing compares role strings. `RoleBackend` answers from the table below, so a new role or a changed
duty is one edit here. Patterns may end in `*` (`labtests.view_*`).

Jurisdiction is separate: a permission says what kind of thing a user may see or do, `restrict(user)` says where.
Revealing personal data (`accounts.reveal_personal_data`) is never given by a role: it is granted to a person
(admin or `wangge` commands) and every reveal is logged.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.core.exceptions import PermissionDenied

from .choices import Role

# Capabilities named in code; the role table below also grants model permissions by pattern.
REVEAL = PERSONAL_GRANT = "accounts.reveal_personal_data"
VIEW_ACCESS_LOG = "core.view_accessevent"
EXPORT_RESIDENTS = "people.export_resident"
CALL_PEOPLE = "people.call_resident"  # dial a person's full number through the logged call action
HOTLINE_CENTRE = "hotline.centre"  # intake, dispatch, supervision, callbacks, KPIs, the daily report
HOTLINE_DEPARTMENT = "hotline.handle"  # sign, reply, return and ask for extensions on the department's orders
COMMAND_CENTRE = "dashboard.view_commandcentre"  # the level pages, the map, the big screen and the daily report
VIEW_MONITORING = "dashboard.view_monitoringpoint"  # the monitoring points, the video wall, their map layer
# The video platform reports each camera online/offline (POST /api/monitoring-points/{code}/heartbeat/); its
# account is a town cadre's (its town's points) or the district administrator's (every point).
MONITORING_HEARTBEAT = "dashboard.heartbeat_monitoringpoint"
# Duty at a checkpoint (卡口值守): the check page and its API at the checkpoints of the jurisdiction. The answer names
# the decision, never the registry's record; only the cadres read the checks made (`checkpoints.view_check`).
CHECKPOINT_DUTY = frozenset({"checkpoints.view_checkpoint", "checkpoints.add_check"})
# One's own duty roster (值守排班): the shifts of one's own roster rows, signing up for open shifts, check-in and out at
# the post by its QR code. A team leader plans and approves their own team (`volunteers.lead_team`; the leadership is
# checked per team in volunteers/actions.py, so the capability alone opens nobody's team).
OWN_DUTY = frozenset({"volunteers.view_own_signup", "volunteers.sign_up", "volunteers.check_in"})
# The duty roster of a jurisdiction: teams, volunteers, posts, plans, hours, no-shows, cadres sent down (下沉报到).
DUTY_ROSTER = frozenset({"volunteers.view_*", "volunteers.add_*", "volunteers.change_*", "volunteers.approve_hours",
                         "volunteers.decide_cadredeployment", *OWN_DUTY})

# --- The registers of issues 12 and 13: each app's block below is that app's to adjust. ---
# Enterprises and venues: the registry, rosters, liaison visits (挂钩联系), inspections, findings, closure notices.
ENTERPRISE_WORK = frozenset({"enterprises.view_*", "enterprises.add_*", "enterprises.change_*",
                             "inspections.view_*", "inspections.add_*", "inspections.change_*",
                             "liaison.view_*", "liaison.add_*", "liaison.change_*"})
# An enterprise's own account: its own record and its help requests (海企通), scoped to `user.enterprise`.
ENTERPRISE_SELF = frozenset({"enterprises.view_own_enterprise", "enterprises.ask_for_help",
                             "enterprises.view_helprequest"})
# Practical projects (列单-晒单-评单): the village lists and updates them; a grid worker hands out evaluation codes.
PROJECT_WORK = frozenset({"projects.view_*", "projects.add_*", "projects.change_*"})
PROJECT_CODES = frozenset({"projects.view_project", "projects.add_evaluationcode"})
# Joint punishment: the town's law-enforcement work; member departments apply and report their measures.
ENFORCEMENT_WORK = frozenset({"enforcement.view_*", "enforcement.add_*", "enforcement.change_*"})
ENFORCEMENT_DEPARTMENT = frozenset({"enforcement.view_violationcase", "enforcement.view_punishedparty",
                                    "enforcement.report_measure"})
# Fishing ban: patrols, observations, infractions, stock releases.
FISHERY_WORK = frozenset({"fishery.view_*", "fishery.add_*", "fishery.change_*"})
FISHERY_PATROL = frozenset({"fishery.view_riversection", "fishery.view_patrol", "fishery.add_patrol",
                            "fishery.change_patrol", "fishery.add_observation"})
# Community services on order and jobs: the community runs the menu and the matching; grid workers order for
# residents; volunteers take and finish orders.
SERVICE_WORK = frozenset({"services.view_*", "services.add_*", "services.change_*", "services.take_order",
                          "services.rate_order", "services.cancel_order"})
SERVICE_ORDER = frozenset({"services.view_serviceitem", "services.view_order", "services.add_order",
                           "services.rate_order", "services.cancel_order"})
SERVICE_VOLUNTEER = frozenset({"services.view_serviceitem", "services.take_order"})

# Read by everyone who logs in: the territory, the policies in force and the risk areas are public notices.
PUBLIC = frozenset({"regions.view_region", "policies.view_policyversion", "screening.view_riskarea"})

_GRID_WORK = {
    "regions.view_gridstaff", "accounts.view_user",
    # Registering a newcomer met at the door (返乡人员、外来人员信息采集登记) is grid work.
    "people.view_resident", "people.view_household", "people.add_resident", "people.change_resident",
    EXPORT_RESIDENTS, CALL_PEOPLE,
    "followup.view_*", "followup.add_followup", "followup.change_task", "followup.change_followup",
    "followup.add_visit",
    "labtests.view_campaign", "labtests.view_sample", "labtests.view_tube", "labtests.view_temporarycontrol",
    "vaccination.view_*", "vaccination.add_dose", "vaccination.change_vaccinationstatus",
    "screening.view_flag",
    *PROJECT_CODES, *SERVICE_ORDER, *FISHERY_PATROL, "enterprises.view_enterprise",
}
_CADRE_WORK = _GRID_WORK | {
    "followup.view_board", "screening.view_screeningrun", "labtests.view_*", "vaccination.add_vaccinationsite",
    "accounts.view_user", COMMAND_CENTRE, VIEW_MONITORING,
    *CHECKPOINT_DUTY, "checkpoints.view_check", "checkpoints.add_checkpoint", "checkpoints.change_checkpoint",
    *DUTY_ROSTER,
    *ENTERPRISE_WORK, *PROJECT_WORK, *ENFORCEMENT_WORK, *FISHERY_WORK, *SERVICE_WORK,
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.DISTRICT_ADMIN: frozenset({"*"}),
    Role.TOWN_CADRE: frozenset(_CADRE_WORK | {MONITORING_HEARTBEAT}),
    Role.VILLAGE_CADRE: frozenset(_CADRE_WORK),
    Role.GRID_LEADER: frozenset(_GRID_WORK | {"followup.view_board", COMMAND_CENTRE}),
    Role.GRID_WORKER: frozenset(_GRID_WORK),
    # At the sampling table: register people into tubes (the page shows who was scanned), see the campaign.
    Role.SAMPLING_STAFF: frozenset({"labtests.view_campaign", "labtests.add_sample", "labtests.view_tube"}),
    Role.HOTLINE_OPERATOR: frozenset({"hotline.*", HOTLINE_CENTRE, CALL_PEOPLE}),
    # A department calls the citizen about its order (through the logged call, never seeing the number).
    # A department's cadres also report to the grassroots (下沉报到) and stand on its duty roster.
    Role.DEPARTMENT_HANDLER: frozenset({"hotline.view_workorder", "hotline.view_category", HOTLINE_DEPARTMENT,
                                        CALL_PEOPLE, "volunteers.add_cadredeployment", *OWN_DUTY,
                                        *ENFORCEMENT_DEPARTMENT}),
    # A leading cadre linked to enterprises (挂钩联系): the enterprises, their rosters, visits and inspections.
    Role.ENTERPRISE_LIAISON: frozenset(ENTERPRISE_WORK | {"hotline.view_workorder"}),
    Role.ENTERPRISE: ENTERPRISE_SELF,
    # Their shifts and the tasks assigned to them (by person, not by area) — nothing of the registry.
    Role.VOLUNTEER: frozenset({"followup.view_assigned_task", *CHECKPOINT_DUTY, *OWN_DUTY, "volunteers.lead_team",
                                *SERVICE_VOLUNTEER, *FISHERY_PATROL}),
}


def role_permissions(role: str) -> frozenset[str]:
    return PUBLIC | ROLE_PERMISSIONS.get(role, frozenset())


def role_has_perm(role: str, perm: str) -> bool:
    return any(pattern == perm or ("*" in pattern and fnmatchcase(perm, pattern)) for pattern in role_permissions(role))


class RoleBackend(BaseBackend):
    """Grants the permissions of the user's role (active users, and the system actor for background work), and
    refuses every other one at once, so that no page spends a query on permissions.

    Only the reveal permission is granted to a person: for it this backend says nothing and Django's
    ModelBackend, listed after it, reads the grant from the database."""

    def has_perm(self, user_obj, perm, obj=None):
        if perm == PERSONAL_GRANT:
            return False
        role = getattr(user_obj, "role", None)
        if role == Role.SYSTEM:
            return True
        if getattr(user_obj, "is_active", False) and role is not None and role_has_perm(role, perm):
            return True
        raise PermissionDenied  # stops the check here: roles are the one place (Django's backend protocol)

    def get_user(self, user_id):
        # Sessions made by `force_login` (tests) name the first backend; users are read as ModelBackend reads them.
        return ModelBackend().get_user(user_id)

    def has_module_perms(self, user_obj, app_label):
        role = getattr(user_obj, "role", None)
        if not getattr(user_obj, "is_active", False) or role is None:
            return False
        return any(p == "*" or p.startswith(f"{app_label}.") for p in role_permissions(role))
