from django.conf import settings

from overstap import __version__


def product(request):
    return {
        "product_name": "Overstap",
        "product_version": __version__,
        "debug": settings.DEBUG,
    }
