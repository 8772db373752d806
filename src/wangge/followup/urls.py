from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("", views.MyTasksView.as_view(), name="my-tasks"),
    path("tasks/", views.TaskListView.as_view(), name="tasks"),
    path("tasks/<int:pk>/<str:action>/", views.TaskActionView.as_view(), name="task-action"),
    path("people/", views.FollowUpListView.as_view(), name="list"),
    path("people/new/", views.FollowUpCreateView.as_view(), name="new"),
    path("people/<int:pk>/", views.FollowUpDetailView.as_view(), name="detail"),
    path("people/<int:pk>/notice/", views.NoticeView.as_view(), name="notice"),
    path("people/<int:pk>/call/", views.FollowUpCallView.as_view(), name="call"),
    path("people/<int:pk>/<str:action>/", views.FollowUpActionView.as_view(), name="followup-action"),
    path("measures/", views.MeasureListView.as_view(), name="measures"),
    path("board/", views.BoardView.as_view(), name="board"),
]
