# The SWV route (support request, expert advice, decision) moved to its own app, overstap.support.
#
# This migration only forgets the three models in the dossiers app's state; their tables and rows stay exactly
# as they are. support.0001_initial then takes the same tables into the support app's state, and
# support.0002_tables_named_after_support_app renames them. See docs/adr/0007-swv-route-own-app.md.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0004_youthcare_caretransition'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                # The two models that point at SupportRequest first, then SupportRequest itself.
                migrations.DeleteModel(name='ExpertAdvice'),
                migrations.DeleteModel(name='SwvDecision'),
                migrations.DeleteModel(name='SupportRequest'),
            ],
            database_operations=[],
        ),
    ]
