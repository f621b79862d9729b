"""Django's makemessages without fuzzy matching: a guessed translation of a similar string is worse than none,
and the catalogue check would reject it anyway."""

from django.core.management.commands.makemessages import Command as MakeMessagesCommand


class Command(MakeMessagesCommand):
    msgmerge_options = [*MakeMessagesCommand.msgmerge_options, "--no-fuzzy-matching"]
