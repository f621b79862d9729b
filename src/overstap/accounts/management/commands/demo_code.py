"""Prints the current six-digit log-in code of a demo account, so the demo can be tried without a phone."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from overstap.accounts.demo import demo_totp_key


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo account (only for accounts with the demo key)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("Only available with DEBUG on (the demo).")
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        if device is None or device.key != demo_totp_key(username):
            raise CommandError(f"{username} is not a demo account.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():06d}")
