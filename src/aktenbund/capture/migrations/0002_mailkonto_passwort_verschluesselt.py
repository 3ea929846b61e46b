"""The Mailkonto's IMAP password is stored encrypted (Fernet) instead of in plain text."""

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


def verschluesseln(apps, schema_editor):
    from aktenbund.capture.services.geheimnis import verschluesseln

    Mailkonto = apps.get_model("capture", "Mailkonto")
    for kommune_id in _kommunen(apps, schema_editor):
        for konto in Mailkonto._base_manager.filter(kommune_id=kommune_id):
            konto.passwort_verschluesselt = verschluesseln(konto.passwort)
            konto.save(update_fields=["passwort_verschluesselt"])


def entschluesseln(apps, schema_editor):
    from aktenbund.capture.services.geheimnis import GeheimnisUnlesbar, entschluesseln

    Mailkonto = apps.get_model("capture", "Mailkonto")
    for kommune_id in _kommunen(apps, schema_editor):
        for konto in Mailkonto._base_manager.filter(kommune_id=kommune_id):
            try:
                konto.passwort = entschluesseln(konto.passwort_verschluesselt)[:200]
            except GeheimnisUnlesbar:
                konto.passwort = ""
            konto.save(update_fields=["passwort"])


class Migration(migrations.Migration):
    dependencies = [
        ("capture", "0001_initial"),
        ("tenancy", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="mailkonto",
            name="passwort_verschluesselt",
            field=models.TextField(blank=True, editable=False, default=""),
            preserve_default=False,
        ),
        migrations.RunPython(verschluesseln, entschluesseln),
        migrations.RemoveField(model_name="mailkonto", name="passwort"),
    ]
