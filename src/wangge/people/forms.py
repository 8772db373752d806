from django.utils.translation import gettext_lazy as _


def customize_resident_filters(form, user):
    """The resident search box's hint (the generic list view already gives the region picker and yes/no/any)."""
    form.fields["q"].widget.attrs.update(placeholder=_("Name, last 4 ID digits or phone"))
