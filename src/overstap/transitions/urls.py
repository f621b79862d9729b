from django.urls import path

from . import views

app_name = "transitions"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("nieuw/<int:pupil_pk>/", views.case_new, name="new"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/status/", views.case_status, name="status"),
    path("afvinken/<int:pk>/", views.checklist_done, name="checklist-done"),
]
