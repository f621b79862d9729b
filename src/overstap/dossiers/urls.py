from django.urls import path

from . import views

app_name = "dossiers"

urlpatterns = [
    path("leerlingen/<int:pk>/dossier/", views.dossier, name="dossier"),
    path("leerlingen/<int:pk>/dossier/nieuw/", views.entry_new, name="entry-new"),
    path("dossier/<int:pk>/bewerken/", views.entry_edit, name="entry-edit"),
    path("dossier/<int:pk>/afsluiten/", views.entry_close, name="entry-close"),
    path("dossier/<int:pk>/geschiedenis/", views.entry_history, name="entry-history"),
]
