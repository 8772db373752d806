from django.urls import path

from . import views

app_name = "vaccination"

urlpatterns = [
    path("", views.coverage_view, name="coverage"),
    path("unvaccinated/", views.UnvaccinatedListView.as_view(), name="unvaccinated"),
    path("unvaccinated/<int:resident_id>/reason/", views.record_exemption_view, name="record-exemption"),
    path("sites/", views.site_list_view, name="sites"),
    path("sites/add/", views.site_create_view, name="site-add"),
    path("doses/add/", views.dose_entry_view, name="dose-add"),
]
