from django.urls import path

from . import views

app_name = "tables"

urlpatterns = [
    path("", views.tafel_list, name="list"),
    path("nieuw/", views.tafel_new, name="new"),
    path("<int:pk>/", views.tafel_detail, name="detail"),
    path("<int:pk>/gegevens/", views.tafel_details, name="details"),
    path("<int:pk>/status/", views.tafel_status, name="status"),
    path("<int:pk>/deelnemers/", views.participant_add, name="participant-add"),
    path("deelnemer/<int:pk>/verwijderen/", views.participant_remove, name="participant-remove"),
    path("<int:pk>/voorstel/", views.tafel_propose, name="propose"),
    path("<int:pk>/leerling-zoeken/", views.pupil_search, name="pupil-search"),
    path("leerling/<int:pk>/", views.row_detail, name="row"),
    path("leerling/<int:pk>/van-de-lijst/", views.row_remove, name="row-remove"),
    path("leerling/<int:pk>/afspraak/", views.agreement_add, name="agreement-add"),
    path("afspraak/<int:pk>/gedaan/", views.agreement_done, name="agreement-done"),
    path("<int:pk>/verslag.pdf", views.tafel_minutes, name="minutes"),
    path("<int:pk>/leerlingen.csv", views.tafel_export, {"fmt": "csv"}, name="export-csv"),
    path("<int:pk>/leerlingen.xlsx", views.tafel_export, {"fmt": "xlsx"}, name="export-xlsx"),
]
