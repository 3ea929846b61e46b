from django.db import migrations

from aktenbund.search import pg


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(pg.install, pg.uninstall)]
