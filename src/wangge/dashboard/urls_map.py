"""URL patterns of the command centre: map (joined in dashboard/urls.py)."""

urlpatterns: list = []
