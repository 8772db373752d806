"""Users: a role and a jurisdiction (a Region) for everyone."""

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.querysets import RestrictedQuerySet

from .choices import Role


class UserManager(BaseUserManager.from_queryset(RestrictedQuerySet)):
    pass


class User(AbstractUser):
    """A person who logs in. What they see is their jurisdiction's subtree; revealing personal data needs
    the `accounts.reveal_personal_data` permission, and every reveal is logged."""

    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.GRID_WORKER)
    region = models.ForeignKey("regions.Region", verbose_name=_("jurisdiction"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="users")
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=11, blank=True)
    # The enterprise an enterprise account speaks for (role `enterprise`); empty for everyone else.
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="accounts")

    objects = UserManager()
    region_path = "region__code"

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [("reveal_personal_data", _("Can reveal full ID numbers and phone numbers"))]

    def __str__(self):
        return self.display_name or self.username

    @property
    def region_code(self) -> str | None:
        return self.region.code if self.region_id else None

    @property
    def can_reveal(self) -> bool:
        return self.has_perm("accounts.reveal_personal_data")

    @property
    def is_system(self) -> bool:
        """The system actor of background work (see `accounts.selectors.system_actor`)."""
        return self.role == Role.SYSTEM

    @property
    def sees_everything(self) -> bool:
        """No jurisdiction limit: a superuser or the system actor."""
        return self.is_superuser or self.is_system
