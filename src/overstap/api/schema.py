"""The token in the OpenAPI schema (drf-spectacular reads this extension when the app is ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "overstap.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "Een API-sleutel van één organisatie, gemaakt door de functioneel beheerder (/beheer/api-sleutels/). "
                "An API token of one organisation, made by its application manager: "
                "`Authorization: Bearer <token>` (or `Token <token>`)."
            ),
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "overstap.api.authentication.VerifiedSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "Signed in to the pages with both factors / ingelogd met beide stappen.",
        }
