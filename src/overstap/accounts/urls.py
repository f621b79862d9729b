from django.urls import path

from . import management_views, views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/code/", views.login_code_view, name="login-code"),
    path("inloggen/app-koppelen/", views.totp_setup_view, name="totp-setup"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("rol/", views.switch_membership_view, name="switch-membership"),
    path("activeren/<str:uidb64>/<str:token>/", management_views.activate, name="activate"),
]
