from django.urls import path

from . import views

app_name = "thuiszitters"

urlpatterns = [
    path("", views.register, name="register"),
    path("export.<str:fmt>", views.export, name="export"),
    path("leerling/<int:pupil_pk>/", views.route, name="route"),
    path("leerling/<int:pupil_pk>/route/", views.route_save, name="route-save"),
    path("leerling/<int:pupil_pk>/oppakken/", views.route_take_on, name="route-take-on"),
    path("leerling/<int:pupil_pk>/afsluiten/", views.route_close, name="route-close"),
    path("leerling/<int:pupil_pk>/verzuim/", views.absence_new, name="absence-new"),
    path("verzuim/<int:pk>/beeindigen/", views.absence_end, name="absence-end"),
]
