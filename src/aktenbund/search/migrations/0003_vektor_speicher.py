from django.db import migrations

from aktenbund.search import pg


class Migration(migrations.Migration):
    dependencies = [("search", "0002_volltextindex")]

    operations = [migrations.RunPython(pg.vektor_speicher, pg.vektor_speicher_zurueck)]
