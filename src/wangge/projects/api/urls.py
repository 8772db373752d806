from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("practical-projects", views.ProjectViewSet)

urlpatterns = router.urls
