from django.urls import path

from . import views

app_name = "coaching"

urlpatterns = [
    path("", views.caseload_page, name="caseload"),
    path("<int:pk>/", views.coaching_detail, name="detail"),
    path("<int:pk>/contact/", views.contact_new, name="contact-new"),
    path("<int:pk>/doel/", views.goal_new, name="goal-new"),
    path("doel/<int:pk>/bereikt/", views.goal_reached, name="goal-reached"),
    path("<int:pk>/overdragen/", views.hand_over, name="hand-over"),
    path("<int:pk>/afronden/", views.close, name="close"),
    path("<int:pk>/stoppen/", views.stop, name="stop"),
    path("overstap/<int:case_pk>/coach/", views.assign, name="assign"),
]
