from django.urls import path

from . import views

app_name = "doorstroom"

urlpatterns = [
    path("leerling/<int:pk>/", views.pupil_page, name="pupil"),
    path("leerling/<int:pk>/starten/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/deel-a/", views.part_a, name="part-a"),
    path("<int:pk>/deel-b/", views.part_b, name="part-b"),
    path("<int:pk>/ondertekenen/", views.sign, name="sign"),
    path("<int:pk>/akkoord/", views.agree, name="agree"),
]
