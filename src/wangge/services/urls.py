"""Community services on order (点单式) and job matching (村企共建): menus, orders, postings, trainings, placements."""

from django.urls import path

from . import views

app_name = "services"

urlpatterns = [
    path("", views.OrderListView.as_view(), name="orders"),
    path("orders/<int:pk>/", views.OrderView.as_view(), name="order"),
    path("orders/<int:pk>/<str:step>/", views.order_step_view, name="order-step"),
    path("my/", views.my_orders_view, name="my"),
    path("menu/", views.ItemListView.as_view(), name="items"),
    path("menu/add/", views.ItemEditView.as_view(), name="item-add"),
    path("menu/<int:pk>/", views.ItemView.as_view(), name="item"),
    path("menu/<int:pk>/edit/", views.ItemEditView.as_view(), name="item-edit"),
    path("residents/", views.residents_view, name="residents"),
    path("residents/<int:pk>/", views.resident_view, name="resident"),
    path("residents/<int:resident>/seeker/", views.SeekerEditView.as_view(), name="seeker-add"),
    path("jobs/", views.PostingListView.as_view(), name="postings"),
    path("jobs/add/", views.PostingEditView.as_view(), name="posting-add"),
    path("jobs/<int:pk>/", views.PostingView.as_view(), name="posting"),
    path("jobs/<int:pk>/edit/", views.PostingEditView.as_view(), name="posting-edit"),
    path("seekers/", views.SeekerListView.as_view(), name="seekers"),
    path("seekers/<int:pk>/", views.SeekerView.as_view(), name="seeker"),
    path("seekers/<int:pk>/edit/", views.SeekerEditView.as_view(), name="seeker-edit"),
    path("seekers/<int:pk>/place/", views.place_view, name="place"),
    path("trainings/", views.TrainingListView.as_view(), name="trainings"),
    path("trainings/add/", views.TrainingEditView.as_view(), name="training-add"),
    path("trainings/<int:pk>/", views.TrainingView.as_view(), name="training"),
    path("trainings/<int:pk>/edit/", views.TrainingEditView.as_view(), name="training-edit"),
    path("trainings/<int:pk>/attendance/", views.attendance_view, name="attendance"),
    path("placements/", views.PlacementListView.as_view(), name="placements"),
    path("figures/", views.figures_view, name="figures"),
]
