from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.InspectionListView.as_view(), name="list"),
    path("new/", views.InspectView.as_view(), name="inspect"),
    path("<int:pk>/", views.InspectionDetailView.as_view(), name="detail"),
    path("<int:pk>/reinspect/", views.ReinspectView.as_view(), name="reinspect"),
    path("<int:pk>/compare/", views.CompareView.as_view(), name="compare"),
    path("photos/<int:pk>/", views.PhotoView.as_view(), name="photo"),
    path("findings/", views.FindingListView.as_view(), name="findings"),
    path("findings/<int:pk>/", views.FindingDetailView.as_view(), name="finding"),
    path("findings/<int:pk>/close/", views.FindingCloseView.as_view(), name="finding-close"),
    path("checklists/", views.ChecklistListView.as_view(), name="checklists"),
    path("checklists/add/", views.ChecklistEditView.as_view(), name="checklist-add"),
    path("checklists/<int:pk>/", views.ChecklistDetailView.as_view(), name="checklist"),
    path("checklists/<int:pk>/edit/", views.ChecklistEditView.as_view(), name="checklist-edit"),
    path("campaigns/", views.CampaignListView.as_view(), name="campaigns"),
    path("campaigns/add/", views.CampaignEditView.as_view(), name="campaign-add"),
    path("campaigns/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign"),
    path("campaigns/<int:pk>/edit/", views.CampaignEditView.as_view(), name="campaign-edit"),
    path("notices/", views.NoticeListView.as_view(), name="notices"),
    path("notices/add/", views.NoticeEditView.as_view(), name="notice-add"),
    path("notices/<int:pk>/", views.NoticeDetailView.as_view(), name="notice"),
    path("notices/<int:pk>/edit/", views.NoticeEditView.as_view(), name="notice-edit"),
    path("notices/<int:pk>/print/", views.NoticePrintView.as_view(), name="notice-print"),
    path("deliveries/", views.DeliveryListView.as_view(), name="deliveries"),
    path("deliveries/<int:pk>/", views.DeliveryView.as_view(), name="delivery"),
    path("deliveries/<int:pk>/signature/", views.SignatureView.as_view(), name="signature"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
]
