from django.urls import path

from . import views

app_name = "family"

urlpatterns = [
    path("<int:pk>/downloaden/", views.download, name="download"),
    path("<int:pk>/downloaden/dossier.json", views.download_json, name="download-json"),
    path("<int:pk>/downloaden/dossier.pdf", views.download_pdf, name="download-pdf"),
]
