# The SWV route's models, taken over from the dossiers app without touching the database: the models are created
# in this app's state only, on the tables the dossiers app made (dossiers.0002), which keep every row. The content
# types follow, so that their ids (and any permission that points at them) stay the same.
# See docs/adr/0007-swv-route-own-app.md.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ('supportrequest', 'expertadvice', 'swvdecision')


def _move_content_types(apps, schema_editor, source, target):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        if content_types.filter(app_label=target, model=model).exists():
            # Already made for the target by an earlier run (for example after migrating back and forth); the
            # source row is then stale, and Django's remove_stale_contenttypes command can remove it.
            continue
        content_types.filter(app_label=source, model=model).update(app_label=target)


def forwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, 'dossiers', 'support')


def backwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, 'support', 'dossiers')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('dossiers', '0005_swv_route_to_support_app'),
        ('organisations', '0002_organisation_version'),
        ('pupils', '0002_guardian'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SupportRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('tlv_sbo', 'Admission statement (TLV) for SBO'), ('tlv_so', 'Admission statement (TLV) for SO'), ('tlv_vso', 'Admission statement (TLV) for VSO'), ('tlv_pro', 'Admission statement (TLV) for PrO'), ('lwoo', 'Learning support in VO (LWOO)'), ('arrangement', 'Arrangement (extra support)')], max_length=16, verbose_name='requested')),
                        ('question', models.TextField(verbose_name='question of the school')),
                        ('requested_by_name', models.CharField(max_length=200, verbose_name='requested by')),
                        ('requested_at', models.DateTimeField(auto_now_add=True, verbose_name='requested on')),
                        ('status', models.CharField(choices=[('ingediend', 'Submitted'), ('in_behandeling', 'Being assessed'), ('toegekend', 'Granted'), ('afgewezen', 'Refused'), ('ingetrokken', 'Withdrawn')], default='ingediend', max_length=16, verbose_name='status')),
                        ('pupil', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='support_requests', to='pupils.pupil')),
                        ('school', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.organisation')),
                        ('swv', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='support_requests', to='organisations.organisation')),
                    ],
                    options={
                        'verbose_name': 'support request',
                        'verbose_name_plural': 'support requests',
                        'ordering': ['-requested_at'],
                        'db_table': 'dossiers_supportrequest',
                    },
                ),
                migrations.CreateModel(
                    name='SwvDecision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('granted', models.BooleanField(verbose_name='granted')),
                        ('number', models.CharField(max_length=20, unique=True, verbose_name='number')),
                        ('start_date', models.DateField(blank=True, null=True, verbose_name='from')),
                        ('end_date', models.DateField(blank=True, null=True, verbose_name='until')),
                        ('funding_category', models.CharField(blank=True, choices=[('laag', 'low'), ('midden', 'middle'), ('hoog', 'high')], max_length=8, verbose_name='funding category')),
                        ('motivation', models.TextField(verbose_name='motivation')),
                        ('decided_by_name', models.CharField(max_length=200, verbose_name='decided by')),
                        ('decided_at', models.DateTimeField(auto_now_add=True, verbose_name='decided on')),
                        ('request', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='decision', to='support.supportrequest')),
                    ],
                    options={
                        'verbose_name': 'decision of the samenwerkingsverband',
                        'db_table': 'dossiers_swvdecision',
                    },
                ),
                migrations.CreateModel(
                    name='ExpertAdvice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('expert_name', models.CharField(max_length=200, verbose_name='expert')),
                        ('expert_role', models.CharField(max_length=32, verbose_name='expertise')),
                        ('advice', models.TextField(verbose_name='advice')),
                        ('recommends', models.BooleanField(verbose_name='recommends the request')),
                        ('given_at', models.DateTimeField(auto_now_add=True, verbose_name='given on')),
                        ('expert', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='advices', to='support.supportrequest')),
                    ],
                    options={
                        'ordering': ['given_at'],
                        'constraints': [models.UniqueConstraint(fields=('request', 'expert'), name='one_advice_per_expert')],
                        'db_table': 'dossiers_expertadvice',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
