from django.urls import path

from . import views

app_name = "support"

# Included under /ondersteuning/: the addresses are the same as when the route lived in the dossiers app.
urlpatterns = [
    path("", views.request_list, name="list"),
    path("aanvragen/<int:pupil_pk>/", views.request_new, name="new"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/advies/", views.request_advice, name="advice"),
    path("<int:pk>/besluit/", views.request_decide, name="decide"),
    path("<int:pk>/intrekken/", views.request_withdraw, name="withdraw"),
    path("<int:pk>/besluit.pdf", views.decision_letter_pdf, name="letter"),
]
