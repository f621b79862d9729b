from django.urls import path

from . import views

app_name = "consent"

urlpatterns = [
    path("leerlingen/<int:pk>/toestemming/", views.consents, name="consents"),
    path("toestemming/<int:pk>/intrekken/", views.withdraw, name="withdraw"),
    path("leerlingen/<int:pk>/geheimhouding-doorbreken/", views.break_glass_view, name="break-glass"),
    path("privacy/doorbrekingen/", views.review_list, name="review"),
    path("privacy/doorbrekingen/<int:pk>/beoordeeld/", views.review_done, name="review-done"),
]
