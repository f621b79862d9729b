from django.urls import path

from . import care_views, plan_views, support_views, views

app_name = "dossiers"

urlpatterns = [
    path("leerlingen/<int:pk>/dossier/", views.dossier, name="dossier"),
    path("leerlingen/<int:pk>/dossier/nieuw/", views.entry_new, name="entry-new"),
    path("dossier/<int:pk>/bewerken/", views.entry_edit, name="entry-edit"),
    path("dossier/<int:pk>/afsluiten/", views.entry_close, name="entry-close"),
    path("dossier/<int:pk>/geschiedenis/", views.entry_history, name="entry-history"),
    path("leerlingen/<int:pk>/plannen/", plan_views.plans, name="plans"),
    path("leerlingen/<int:pk>/opp/nieuw/", plan_views.opp_new, name="opp-new"),
    path("leerlingen/<int:pk>/plan-van-aanpak/nieuw/", plan_views.integral_plan_new, name="integral-plan-new"),
    path("opp/evaluatie/<int:pk>/", plan_views.opp_evaluation, name="opp-evaluation"),
    path("leerlingen/<int:pk>/jeugdhulp/", care_views.youth_care, name="youth-care"),
    path("jeugdhulp/<int:pk>/besluit/", care_views.youth_care_decision, name="youth-care-decision"),
    path("ondersteuning/", support_views.request_list, name="support-list"),
    path("ondersteuning/aanvragen/<int:pupil_pk>/", support_views.request_new, name="support-new"),
    path("ondersteuning/<int:pk>/", support_views.request_detail, name="support-detail"),
    path("ondersteuning/<int:pk>/advies/", support_views.request_advice, name="support-advice"),
    path("ondersteuning/<int:pk>/besluit/", support_views.request_decide, name="support-decide"),
    path("ondersteuning/<int:pk>/intrekken/", support_views.request_withdraw, name="support-withdraw"),
    path("ondersteuning/<int:pk>/besluit.pdf", support_views.decision_letter_pdf, name="support-letter"),
]
