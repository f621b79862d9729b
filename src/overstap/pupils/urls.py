from django.urls import path

from . import guardian_views, pupil_views, views

app_name = "pupils"

urlpatterns = [
    path("", views.pupil_list, name="list"),
    path("nieuw/", pupil_views.pupil_new, name="new"),
    path("<int:pk>/", views.pupil_detail, name="detail"),
    path("<int:pk>/wie-keek-er/", views.pupil_audit, name="audit"),
    path("<int:pk>/ouders/nieuw/", guardian_views.guardian_new, name="guardian-new"),
]
