from django.urls import path

from . import management_views as views

app_name = "beheer"

urlpatterns = [
    path("", views.members, name="members"),
    path("nieuw/", views.member_add, name="member-add"),
    path("<int:pk>/beeindigen/", views.member_end, name="member-end"),
    path("<int:pk>/opnieuw-toegang/", views.member_reset, name="member-reset"),
    path("organisatie/", views.organisation_details, name="organisation"),
]
