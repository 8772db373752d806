from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    TOWN_CADRE = "town_cadre", _("Town cadre")
    VILLAGE_CADRE = "village_cadre", _("Village cadre")
    GRID_LEADER = "grid_leader", _("Grid leader")
    GRID_WORKER = "grid_worker", _("Grid worker")
    HOTLINE_OPERATOR = "hotline_operator", _("Hotline operator")
    DEPARTMENT_HANDLER = "department_handler", _("Department handler")
    SAMPLING_STAFF = "sampling_staff", _("Sampling-site staff")
    ENTERPRISE_LIAISON = "enterprise_liaison", _("Enterprise liaison")
    VOLUNTEER = "volunteer", _("Volunteer")
    # An enterprise's own account (海企通): its help requests and its own record, nothing else.
    ENTERPRISE = "enterprise", _("Enterprise account")
    # Background work (the worker, the demo, CLI commands without --as): sees everything, cannot log in.
    SYSTEM = "system", _("System")


# The roles a person can hold (the system role is the background worker's alone).
PERSON_ROLES = tuple(role for role in Role if role != Role.SYSTEM)
