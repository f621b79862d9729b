from django.urls import path

from . import views

app_name = "oso"

urlpatterns = [
    path("overstap/<int:pk>/dossier.xml", views.handover_export, name="export"),
]
