from rest_framework.routers import SimpleRouter

from .views import StageViewSet, TransitionViewSet

router = SimpleRouter()
router.register("transitions", TransitionViewSet, basename="matrix-transition")
router.register("stages", StageViewSet, basename="matrix-stage")

urlpatterns = router.urls
