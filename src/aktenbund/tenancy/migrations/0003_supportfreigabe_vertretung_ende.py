"""Supportfreigabe; a Vertretung always has an end (`bis`) and may be ended early.

Vertretungen recorded without an end get the longest allowed one counted from
their start (AKTENBUND_VERTRETUNG_MAX_TAGE): an open-ended one that started
long ago has ended.
"""

import datetime

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _kommunen(apps, schema_editor):
    """Each Kommune id, with PostgreSQL's row-level security setting opened for it."""
    Kommune = apps.get_model("tenancy", "Kommune")
    connection = schema_editor.connection
    for kommune_id in Kommune.objects.values_list("pk", flat=True):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('aktenbund.kommune', %s, true)", [str(kommune_id)])
        yield kommune_id
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('aktenbund.kommune', '', true)")


def set_open_ends(apps, schema_editor):
    Vertretung = apps.get_model("tenancy", "Vertretung")
    laenge = datetime.timedelta(days=settings.AKTENBUND_VERTRETUNG_MAX_TAGE - 1)
    for kommune_id in _kommunen(apps, schema_editor):
        offen = Vertretung._base_manager.filter(kommune_id=kommune_id, bis__isnull=True)
        for vertretung in offen:
            vertretung.bis = vertretung.von + laenge
            vertretung.save(update_fields=["bis"])


class Migration(migrations.Migration):

    dependencies = [
        ('tenancy', '0002_verbund_registratur'),
    ]

    operations = [
        migrations.CreateModel(
            name='Supportfreigabe',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('gueltig_bis', models.DateField(verbose_name='gültig bis')),
                ('grund', models.CharField(blank=True, max_length=300, verbose_name='Anlass')),
                ('erteilt_am', models.DateTimeField(default=django.utils.timezone.now, verbose_name='erteilt am')),
                ('widerrufen_am', models.DateTimeField(blank=True, null=True, verbose_name='widerrufen am')),
            ],
            options={
                'verbose_name': 'Supportfreigabe',
                'verbose_name_plural': 'Supportfreigaben',
                'ordering': ['-erteilt_am'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='vertretung',
            name='vertretung_bis_after_von',
        ),
        migrations.AddField(
            model_name='vertretung',
            name='beendet_am',
            field=models.DateTimeField(blank=True, null=True, verbose_name='beendet am'),
        ),
        migrations.RunPython(set_open_ends, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='vertretung',
            name='bis',
            field=models.DateField(verbose_name='bis'),
        ),
        migrations.AddConstraint(
            model_name='vertretung',
            constraint=models.CheckConstraint(condition=models.Q(('bis__gte', models.F('von'))), name='vertretung_bis_after_von'),
        ),
        migrations.AddField(
            model_name='supportfreigabe',
            name='erteilt_von',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='supportfreigabe',
            name='kommune',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.kommune'),
        ),
        migrations.AddField(
            model_name='supportfreigabe',
            name='widerrufen_von',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
    ]
