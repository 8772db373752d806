from django.urls import path

from . import views

app_name = "volunteers"

urlpatterns = [
    path("", views.my_duty_view, name="my"),
    path("checkin/", views.checkin_view, name="checkin"),
    path("shifts/", views.ShiftListView.as_view(), name="shifts"),
    path("shifts/plan/", views.plan_view, name="plan"),
    path("shifts/<int:pk>/", views.ShiftView.as_view(), name="shift"),
    path("shifts/<int:pk>/sign-up/", views.sign_up_view, name="sign-up"),
    path("sign-ups/<int:pk>/cancel/", views.cancel_view, name="cancel"),
    path("sign-ups/<int:pk>/approve/", views.approve_view, name="approve"),
    path("teams/", views.TeamListView.as_view(), name="teams"),
    path("teams/add/", views.TeamEditView.as_view(), name="team-add"),
    path("teams/<int:pk>/", views.team_view, name="team"),
    path("teams/<int:pk>/edit/", views.TeamEditView.as_view(), name="team-edit"),
    path("people/", views.VolunteerListView.as_view(), name="volunteers"),
    path("people/<int:pk>/", views.VolunteerView.as_view(), name="volunteer"),
    path("people/<int:pk>/account/", views.link_account_view, name="link-account"),
    path("hours/", views.VolunteerHoursListView.as_view(), name="hours"),
    path("attendance/", views.AttendanceListView.as_view(), name="attendance"),
    path("no-shows/", views.NoShowListView.as_view(), name="no-shows"),
    path("posts/", views.PostListView.as_view(), name="posts"),
    path("posts/add/", views.PostEditView.as_view(), name="post-add"),
    path("posts/<int:pk>/", views.PostView.as_view(), name="post"),
    path("posts/<int:pk>/edit/", views.PostEditView.as_view(), name="post-edit"),
    path("posts/<int:pk>/qr/", views.PostQrView.as_view(), name="post-qr"),
    path("posts/<int:pk>/qr/renew/", views.renew_qr_view, name="post-qr-renew"),
    path("figures/", views.figures_view, name="figures"),
    path("deployments/", views.DeploymentListView.as_view(), name="deployments"),
    path("deployments/request/", views.deployment_request_view, name="deployment-request"),
    path("deployments/<int:pk>/decide/", views.decide_deployment_view, name="deployment-decide"),
    path("deployments/report/", views.DepartmentReportView.as_view(), name="department-report"),
]
