from django.urls import path

from . import views

app_name = "oso"

urlpatterns = [
    path("overstap/<int:pk>/dossier.xml", views.handover_export, name="export"),
    path("inlezen/", views.import_start, name="import-start"),
    path("inlezen/<int:pk>/", views.import_detail, name="import"),
    path("inlezen/<int:pk>/bevestigen/", views.import_confirm, name="import-confirm"),
    path("inlezen/<int:pk>/annuleren/", views.import_cancel, name="import-cancel"),
]
