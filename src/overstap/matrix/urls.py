from django.urls import path

from . import views

app_name = "matrix"

urlpatterns = [
    path("", views.index, name="index"),
    path("begrippen/", views.glossary, name="glossary"),
    path("<str:code>/", views.detail, name="detail"),
]
