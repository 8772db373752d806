import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangge.core import clock

MAX_UPLOAD_MB = 200


class UploadForm(forms.Form):
    """A pushed list (CSV / xlsx / Parquet) and the screening time."""

    file = forms.FileField(label=_("Pushed list"), help_text=_("CSV (UTF-8 or GBK), .xlsx or .parquet, "
                                                                "columns as in travel_records.csv"))
    as_of = forms.DateTimeField(label=_("Screening time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
                                               "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("as_of", timezone.localtime(clock.now()).strftime("%Y-%m-%dT%H:%M"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB; use `wangge screen` for it.")
                                        % {"mb": MAX_UPLOAD_MB})
        suffix = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in ("csv", "txt", "xlsx", "parquet"):
            raise forms.ValidationError(_("Unknown file type: use .csv, .xlsx or .parquet."))
        return upload


class MomentForm(forms.Form):
    at = forms.DateTimeField(label=_("In force at"), required=False,
                             widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                             input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"])

    def moment(self) -> datetime.datetime:
        if self.is_valid() and self.cleaned_data.get("at"):
            return self.cleaned_data["at"]
        return clock.now()
