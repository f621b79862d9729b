from django.conf import settings
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView

from overstap.core import views as core_views

urlpatterns = [
    path("", include("overstap.ui.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("matrix/", include("overstap.matrix.urls")),
    path("account/", include("overstap.accounts.urls")),
    path("leerlingen/", include("overstap.pupils.urls")),
    path("organisaties/", include("overstap.accounts.directory_urls")),
    path("beheer/api-sleutels/", include("overstap.api.urls")),
    path("beheer/", include("overstap.accounts.management_urls")),
    path("", include("overstap.dossiers.urls")),
    path("ondersteuning/", include("overstap.support.urls")),
    path("doorstroom/", include("overstap.doorstroom.urls")),
    path("", include("overstap.consent.urls")),
    path("overstappen/", include("overstap.transitions.urls")),
    path("signalen/", include("overstap.monitoring.urls")),
    path("coaching/", include("overstap.coaching.urls")),
    path("overstaptafels/", include("overstap.tables.urls")),
    path("thuiszitters/", include("overstap.thuiszitters.urls")),
    path("regio/", include("overstap.dashboard.urls")),
    path("gezin/", include("overstap.family.urls")),
    path("oso/", include("overstap.oso.urls")),
    path("api/v1/matrix/", include("overstap.matrix.api.urls")),
    path("api/v1/", include("overstap.api.api_urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
]

if settings.OVERSTAP_OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

handler400 = "overstap.core.views.bad_request"
handler403 = "overstap.core.views.permission_denied"
handler404 = "overstap.core.views.page_not_found"
handler500 = "overstap.core.views.server_error"
