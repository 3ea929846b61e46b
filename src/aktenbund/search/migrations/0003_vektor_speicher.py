from django.db import migrations

from aktenbund.search.migrations import _sql_0002 as pg


class Migration(migrations.Migration):
    dependencies = [("search", "0002_volltextindex")]

    operations = [migrations.RunPython(pg.vektor_speicher, pg.vektor_speicher_zurueck)]
