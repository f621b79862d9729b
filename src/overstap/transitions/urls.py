from django.urls import path

from .views import (
    carry_on,
    cases,
    checklist,
    consent_asks,
    feedback,
    handover,
    meetings,
    mentor,
    notifications,
    protocol,
    report,
)

app_name = "transitions"

urlpatterns = [
    path("", cases.case_list, name="list"),
    path("nieuw/<int:pupil_pk>/", cases.case_new, name="new"),
    path("<int:pk>/", cases.case_detail, name="detail"),
    path("<int:pk>/status/", cases.case_status, name="status"),
    path("afvinken/<int:pk>/", checklist.checklist_done, name="checklist-done"),
    path("terzijde/<int:pk>/", checklist.checklist_set_aside, name="checklist-set-aside"),
    path("<int:pk>/school/", cases.case_receiver, name="receiver"),
    path("<int:pk>/categorieen/", handover.handover_categories, name="categories"),
    path("<int:pk>/overdracht/", handover.handover_read, name="handover"),
    path("<int:pk>/overdracht/opp/<int:index>/voortzetten/", carry_on.carry_opp, name="carry-opp"),
    path("<int:pk>/overdracht/plan-van-aanpak/<int:index>/voortzetten/", carry_on.carry_plan, name="carry-plan"),
    path("<int:pk>/toestemming-vragen/", consent_asks.consent_ask_new, name="consent-ask"),
    path("toestemming/<int:pk>/", consent_asks.consent_ask_answer, name="consent-question"),
    path("<int:pk>/inzage/", handover.handover_inzage, name="inzage"),
    path("<int:pk>/geen-zienswijze/", handover.handover_no_view, name="no-view"),
    path("<int:pk>/overleg/nieuw/", meetings.meeting_new, name="meeting-new"),
    path("overleg/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("afspraak/<int:pk>/gedaan/", meetings.agreement_mark_done, name="agreement-done"),
    path("<int:pk>/mentor/", mentor.mentor_page, name="mentor"),
    path("melding/<int:pk>/gelezen/", notifications.notification_read, name="notification-read"),
    path("<int:pk>/overdracht.pdf", report.report_pdf, name="handover-pdf"),
    path("<int:pk>/terugkoppeling/<str:moment>/", feedback.feedback_new, name="feedback-new"),
    path("terugkoppeling/", feedback.feedback_overview, name="feedback-overview"),
    path("protocol/", protocol.protocol, name="protocol"),
    path("protocol/<int:pk>/stoppen/", protocol.protocol_retire, name="protocol-retire"),
    path("protocol/<int:pk>/datum/", protocol.protocol_date, name="protocol-date"),
]
