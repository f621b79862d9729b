# The tables get the support app's names (support_supportrequest and so on), so that table and app agree for
# anyone who reads the database. A rename is a change of the catalogue only, on PostgreSQL and on SQLite: rows,
# ids, sequences, indexes and the foreign keys between these tables and to pupils, organisations and users stay
# as they are. See docs/adr/0007-swv-route-own-app.md.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('support', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelTable(name='supportrequest', table=None),
        migrations.AlterModelTable(name='expertadvice', table=None),
        migrations.AlterModelTable(name='swvdecision', table=None),
    ]
