from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.regions.forms import RegionSelect, region_choices


def customize_resident_filters(form, user):
    """Phone-friendly widgets for the ResidentFilterSet form: a region select limited to the jurisdiction,
    a yes/any select for 'no smartphone', a search box with a hint."""
    form.fields["region"].widget = RegionSelect(choices=region_choices(user))
    form.fields["region"].label = _("Region")
    form.fields["q"].widget.input_type = "search"
    form.fields["q"].widget.attrs.update(placeholder=_("Name, last 4 ID digits or phone"))
    form.fields["no_smartphone"].widget = forms.Select(choices=[("", _("Any")), ("true", _("Yes")),
                                                                ("false", _("No"))])
