from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="index"),
    path("export/<slug:table>.<slug:fmt>", views.export, name="export"),
    path("leerlingen/<slug:metric>/", views.pupils, name="pupils"),
]
