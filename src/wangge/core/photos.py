"""Photos attached to records (an inspection's item, a project's milestone, a violation case …): one field, one
check, one way to serve them.

A photo is a JPEG, PNG or WebP file no larger than settings.WANGGE_PHOTO_MAX_BYTES, recognised by its first bytes
(a phone's camera, whatever the file is called); anything else is refused with a message naming the file. Files are
stored under MEDIA_ROOT/photos/<app>/<yyyy>/<mm>/ with a random name and are never served as public files: the app
that owns the record serves them with `serve_photo` from a view that has already checked the user may see the
record (its jurisdiction), so a photo is exactly as visible as the record it belongs to.

    photo = PhotoField(_("photo"), blank=True)         # on a model
    form field: forms.FileField(validators=[validate_photo])  (PhotoField's formfield does this)
    view:    return serve_photo(obj.photo)
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def photo_kind(head: bytes) -> str | None:
    """'jpg', 'png' or 'webp' from a file's first 12 bytes; None for anything else."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def validate_photo(upload) -> None:
    """Refuses a file that is not a JPEG, PNG or WebP image, or is larger than the limit."""
    name = getattr(upload, "name", "") or ""
    limit = settings.WANGGE_PHOTO_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(_("%(name)s is %(size)s: a photo may be at most %(limit)s."),
                              code="photo_too_large",
                              params={"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)})
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(12)
    upload.seek(position)
    if photo_kind(head) is None:
        raise ValidationError(_("%(name)s is not a photo: send a JPEG, PNG or WebP image."), code="not_a_photo",
                              params={"name": name})


def photo_upload_to(instance, filename: str) -> str:
    """photos/<app>/<yyyy>/<mm>/<random>.<jpg|png|webp>: the name says nothing of the record or the person."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    extension = {"jpeg": "jpg"}.get(extension, extension)
    if extension not in CONTENT_TYPES:
        extension = "jpg"
    now = timezone.now()
    return f"photos/{instance._meta.app_label}/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"


class PhotoField(models.FileField):
    """A FileField that accepts only photos (validate_photo) and stores them under photos/<app>/."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("upload_to", photo_upload_to)
        kwargs.setdefault("max_length", 200)
        validators = list(kwargs.pop("validators", []))
        if validate_photo not in validators:
            validators.append(validate_photo)
        kwargs["validators"] = validators
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        if kwargs.get("upload_to") is photo_upload_to:
            kwargs.pop("upload_to")
        if kwargs.get("max_length") == 200:
            kwargs.pop("max_length")
        return name, "wangge.core.photos.PhotoField", args, kwargs


def serve_photo(fieldfile) -> FileResponse:
    """The photo itself, for a view that has checked the user may see its record. 404 when there is none."""
    if not fieldfile:
        raise Http404
    extension = fieldfile.name.rsplit(".", 1)[-1].lower()
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=CONTENT_TYPES.get(extension, "application/octet-stream"))
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
