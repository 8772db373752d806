"""URL patterns of the command centre: report (joined in dashboard/urls.py)."""

urlpatterns: list = []
