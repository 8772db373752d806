"""API routes of the command centre: levels (joined in dashboard/api/urls.py)."""

urlpatterns: list = []
