

app_name = "regions"

urlpatterns: list = []
