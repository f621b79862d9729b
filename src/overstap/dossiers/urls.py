from django.urls import path

from . import care_views, correction_views, plan_views, views

app_name = "dossiers"

urlpatterns = [
    path("leerlingen/<int:pk>/dossier/", views.dossier, name="dossier"),
    path("leerlingen/<int:pk>/dossier/nieuw/", views.entry_new, name="entry-new"),
    path("dossier/<int:pk>/bewerken/", views.entry_edit, name="entry-edit"),
    path("dossier/<int:pk>/afsluiten/", views.entry_close, name="entry-close"),
    path("dossier/<int:pk>/geschiedenis/", views.entry_history, name="entry-history"),
    path("dossier/<int:pk>/verbeteren/", correction_views.correction_ask, name="correction-ask"),
    path("leerlingen/<int:pk>/dossier/verzoeken/", correction_views.corrections, name="corrections"),
    path("dossier/verzoek/<int:pk>/", correction_views.correction_detail, name="correction"),
    path("dossier/verzoek/<int:pk>/beantwoorden/", correction_views.correction_answer, name="correction-answer"),
    path("leerlingen/<int:pk>/plannen/", plan_views.plans, name="plans"),
    path("leerlingen/<int:pk>/opp/nieuw/", plan_views.opp_new, name="opp-new"),
    path("leerlingen/<int:pk>/plan-van-aanpak/nieuw/", plan_views.integral_plan_new, name="integral-plan-new"),
    path("opp/<int:pk>/bewerken/", plan_views.opp_edit, name="opp-edit"),
    path("opp/<int:pk>/geschiedenis/", plan_views.opp_history, name="opp-history"),
    path("plan-van-aanpak/<int:pk>/bewerken/", plan_views.integral_plan_edit, name="integral-plan-edit"),
    path("plan-van-aanpak/<int:pk>/geschiedenis/", plan_views.integral_plan_history, name="integral-plan-history"),
    path("opp/evaluatie/<int:pk>/", plan_views.opp_evaluation, name="opp-evaluation"),
    path("leerlingen/<int:pk>/jeugdhulp/", care_views.youth_care, name="youth-care"),
    path("jeugdhulp/<int:pk>/besluit/", care_views.youth_care_decision, name="youth-care-decision"),
]
