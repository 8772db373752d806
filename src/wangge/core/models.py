"""Base models, the change log and the access log."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .context import current_actor, current_request_id
from .querysets import RestrictedManager


class ChangeLoggedModel(models.Model):
    """Timestamps, a permission-aware manager, and a change event for every create/update/delete.

    `region_path` names the lookup that yields the object's region code (for jurisdiction scoping);
    `personal_fields` are masked in change-log snapshots so the log never becomes a copy of the registry.
    """

    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = RestrictedManager()

    region_path: str | None = None
    personal_fields: tuple[str, ...] = ()
    changelog_exclude: tuple[str, ...] = ("created", "updated")

    class Meta:
        abstract = True

    def snapshot(self) -> dict:
        from .ids import mask_id, mask_phone

        data = {}
        for field in self._meta.concrete_fields:
            if field.name in self.changelog_exclude:
                continue
            value = field.value_from_object(self)
            if isinstance(field, models.FileField):
                value = value.name or ""  # the stored name (a photo's path), not the file object
            elif field.name in self.personal_fields and value:
                value = mask_phone(value) if "phone" in field.name else mask_id(value)
            data[field.attname] = value
        return data


class ChangeAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    BULK = "bulk", _("Bulk change")


class ChangeEvent(models.Model):
    """Who changed what, when, under which request id, with the state before and after."""

    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    user_name = models.CharField(_("user name"), max_length=150, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=ChangeAction.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    count = models.PositiveIntegerField(_("rows"), default=1)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("change event")
        verbose_name_plural = _("change log")
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="core_change_object_idx")]

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M} {self.user_name} {self.get_action_display()} {self.object_repr}"


class AccessKind(models.TextChoices):
    REVEAL = "reveal", _("Revealed personal data")
    EXPORT = "export", _("Exported personal data")
    CALL = "call", _("Called a person")


class AccessReason(models.TextChoices):
    """Why someone needed a full number: asked before every reveal and call, kept in the access log."""

    VERIFY = "verify", _("Verify whereabouts")
    FOLLOW_UP = "follow_up", _("Daily follow-up")
    TEST = "test", _("Testing reminder")
    VACCINATION = "vaccination", _("Vaccination mobilisation")
    CALLBACK = "callback", _("Hotline callback")
    NOTICE = "notice", _("Notify the household")
    CORRECTION = "correction", _("Correct the record")
    OTHER = "other", _("Other")


class AccessEvent(models.Model):
    """A reveal of a full ID number or phone, a call placed to a person, or an export of personal data."""

    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_name = models.CharField(_("user name"), max_length=150, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=AccessKind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    fields = models.CharField(_("fields"), max_length=200, blank=True)
    count = models.PositiveIntegerField(_("rows"), default=1)
    query = models.TextField(_("query"), blank=True)
    masked = models.BooleanField(_("masked"), default=True)
    reason = models.CharField(_("reason"), max_length=20, choices=AccessReason.choices, blank=True)
    reason_note = models.CharField(_("reason note"), max_length=200, blank=True)

    # No region: the access log is the district's (only those holding core.view_accessevent read it).
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("access event")
        verbose_name_plural = _("access log")
        ordering = ["-time", "-id"]

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M} {self.user_name} {self.get_kind_display()} {self.object_repr}"


def _actor_fields():
    user = current_actor()
    return {"user": user, "user_name": user.get_username() if user else "system", "request_id": current_request_id()}


def log_change(instance, action: str, before=None, after=None, note: str = "") -> ChangeEvent:
    return ChangeEvent.objects.create(
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk or ""),
        object_repr=str(instance)[:200],
        before=before,
        after=after,
        note=note,
        **_actor_fields(),
    )


def log_bulk(model, count: int, note: str, after: dict | None = None) -> ChangeEvent:
    """One event for a bulk path (an import batch, a bulk update) that bypasses the per-object signals."""
    return ChangeEvent.objects.create(
        action=ChangeAction.BULK,
        content_type=ContentType.objects.get_for_model(model),
        object_repr=str(model._meta.verbose_name_plural)[:200],
        count=count,
        note=note,
        after=after,
        **_actor_fields(),
    )


def log_access(kind: str, model_or_instance, *, fields: str = "", count: int = 1, query: str = "",
               masked: bool = True, reason: str = "", reason_note: str = "") -> AccessEvent:
    is_instance = isinstance(model_or_instance, models.Model)
    return AccessEvent.objects.create(
        kind=kind,
        content_type=ContentType.objects.get_for_model(model_or_instance),
        object_id=str(model_or_instance.pk) if is_instance else "",
        object_repr=str(model_or_instance if is_instance else model_or_instance._meta.verbose_name_plural)[:200],
        fields=fields,
        count=count,
        query=query[:2000],
        masked=masked,
        reason=reason,
        reason_note=reason_note[:200],
        **_actor_fields(),
    )
