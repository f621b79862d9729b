from django.db import models


class AuthorisedQuerySet(models.QuerySet):
    def for_user(self, user, action: str):
        """Only the rows this user may see for this action (list, view, export, ...). Unmapped: none."""
        from .policy import filter_queryset

        return filter_queryset(self, user, action)


class AuthorisedManager(models.Manager.from_queryset(AuthorisedQuerySet)):
    pass
