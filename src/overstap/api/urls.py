from django.urls import path

from . import management_views as views

app_name = "api_tokens"

urlpatterns = [
    path("", views.token_list, name="list"),
    path("nieuw/", views.token_new, name="new"),
    path("<int:pk>/intrekken/", views.token_revoke, name="revoke"),
]
