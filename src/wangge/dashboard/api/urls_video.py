"""API routes of the command centre: video (joined in dashboard/api/urls.py)."""

urlpatterns: list = []
