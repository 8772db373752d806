from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("", views.my_tasks, name="my-tasks"),
    path("tasks/<int:pk>/<str:action>/", views.task_action, name="task-action"),
    path("people/", views.followup_list, name="list"),
    path("people/new/", views.followup_new, name="new"),
    path("people/<int:pk>/", views.followup_detail, name="detail"),
    path("people/<int:pk>/notice/", views.notice, name="notice"),
    path("people/<int:pk>/<str:action>/", views.followup_action, name="followup-action"),
    path("measures/", views.measure_list, name="measures"),
    path("board/", views.board, name="board"),
]
