from .models import ApiToken


def tokens_for(user, organisation):
    """The organisation's tokens the user manages, newest first (no personal data: names, dates, counts)."""
    return ApiToken.objects.for_user(user, "list").filter(organisation=organisation)
