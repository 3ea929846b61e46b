from django.db import migrations

from aktenbund.search.migrations import _sql_0002 as pg


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(pg.install, pg.uninstall)]
