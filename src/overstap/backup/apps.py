from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "overstap.backup"
    label = "backup"
    verbose_name = "Backup and restore"
