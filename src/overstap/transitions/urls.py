from django.urls import path

from . import feedback_views, protocol_views, report_views, views

app_name = "transitions"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("nieuw/<int:pupil_pk>/", views.case_new, name="new"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/status/", views.case_status, name="status"),
    path("afvinken/<int:pk>/", views.checklist_done, name="checklist-done"),
    path("<int:pk>/school/", views.case_receiver, name="receiver"),
    path("<int:pk>/categorieen/", views.handover_categories, name="categories"),
    path("<int:pk>/overdracht/", views.handover_read, name="handover"),
    path("<int:pk>/inzage/", views.handover_inzage, name="inzage"),
    path("<int:pk>/geen-zienswijze/", views.handover_no_view, name="no-view"),
    path("<int:pk>/overleg/nieuw/", views.meeting_new, name="meeting-new"),
    path("overleg/<int:pk>/", views.meeting_detail, name="meeting"),
    path("afspraak/<int:pk>/gedaan/", views.agreement_mark_done, name="agreement-done"),
    path("<int:pk>/mentor/", views.mentor_page, name="mentor"),
    path("melding/<int:pk>/gelezen/", views.notification_read, name="notification-read"),
    path("signaal/<int:pk>/afgehandeld/", views.signal_handled, name="signal-handled"),
    path("<int:pk>/overdracht.pdf", report_views.report_pdf, name="handover-pdf"),
    path("<int:pk>/terugkoppeling/<str:moment>/", feedback_views.feedback_new, name="feedback-new"),
    path("terugkoppeling/", feedback_views.feedback_overview, name="feedback-overview"),
    path("protocol/", protocol_views.protocol, name="protocol"),
    path("protocol/<int:pk>/stoppen/", protocol_views.protocol_retire, name="protocol-retire"),
]
