"""API routes of the command centre: report (joined in dashboard/api/urls.py)."""

urlpatterns: list = []
