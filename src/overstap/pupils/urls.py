from django.urls import path

from . import guardian_views, import_views, pupil_views, views

app_name = "pupils"

urlpatterns = [
    path("", views.pupil_list, name="list"),
    path("nieuw/", pupil_views.pupil_new, name="new"),
    path("inlezen/", import_views.import_start, name="import-start"),
    path("inlezen/<int:pk>/", import_views.import_detail, name="import"),
    path("inlezen/<int:pk>/inlezen/", import_views.import_run, name="import-run"),
    path("inlezen/<int:pk>/annuleren/", import_views.import_cancel, name="import-cancel"),
    path("<int:pk>/", views.pupil_detail, name="detail"),
    path("<int:pk>/wie-keek-er/", views.pupil_audit, name="audit"),
    path("<int:pk>/ouders/nieuw/", guardian_views.guardian_new, name="guardian-new"),
]
