"""URL patterns of the command centre: levels (joined in dashboard/urls.py)."""

urlpatterns: list = []
