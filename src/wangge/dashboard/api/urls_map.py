"""API routes of the command centre: map (joined in dashboard/api/urls.py)."""

urlpatterns: list = []
