from django.urls import path

from . import views

app_name = "labtests"

urlpatterns = [
    path("", views.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/not-sampled/", views.not_sampled, name="not-sampled"),
    path("register/", views.register, name="register"),
    path("tubes/<str:barcode>/", views.tube_detail, name="tube"),
]
