"""URL patterns of the command centre: video (joined in dashboard/urls.py)."""

urlpatterns: list = []
