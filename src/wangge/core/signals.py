"""Writes a ChangeEvent for every save/delete of a ChangeLoggedModel (bulk paths write their own)."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .context import changelog_suspended
from .models import ChangeAction, ChangeLoggedModel, log_change


def _jsonable(data: dict) -> dict:
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


@receiver(pre_save)
def remember_before(sender, instance, raw=False, **kwargs):
    if raw or changelog_suspended() or not isinstance(instance, ChangeLoggedModel) or not instance.pk:
        return
    previous = sender._base_manager.filter(pk=instance.pk).first()
    instance._changelog_before = _jsonable(previous.snapshot()) if previous else None


@receiver(post_save)
def record_save(sender, instance, created, raw=False, **kwargs):
    if raw or changelog_suspended() or not isinstance(instance, ChangeLoggedModel):
        return
    after = _jsonable(instance.snapshot())
    before = None if created else getattr(instance, "_changelog_before", None)
    if before is not None and before == after:
        return
    log_change(instance, ChangeAction.CREATE if created else ChangeAction.UPDATE, before=before, after=after)


@receiver(post_delete)
def record_delete(sender, instance, **kwargs):
    if changelog_suspended() or not isinstance(instance, ChangeLoggedModel):
        return
    log_change(instance, ChangeAction.DELETE, before=_jsonable(instance.snapshot()))
