"""/api/v1/: the resources for connected systems (the matrix has its own, public, under /api/v1/matrix/)."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("pupils", views.PupilViewSet, basename="api-pupil")
router.register("enrolments", views.EnrolmentViewSet, basename="api-enrolment")
router.register("dossier-entries", views.EntryViewSet, basename="api-entry")
router.register("opps", views.OppViewSet, basename="api-opp")
router.register("integral-plans", views.IntegralPlanViewSet, basename="api-integral-plan")
router.register("swv-decisions", views.DecisionViewSet, basename="api-decision")
router.register("transition-cases", views.TransitionCaseViewSet, basename="api-case")
router.register("handovers", views.HandoverViewSet, basename="api-handover")
router.register("meetings", views.MeetingViewSet, basename="api-meeting")
router.register("signals", views.SignalViewSet, basename="api-signal")
router.register("feedback", views.FeedbackViewSet, basename="api-feedback")

urlpatterns = router.urls
