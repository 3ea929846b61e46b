"""Every row's tokens again, with the analysis of issue 14, point 3.

The decompounder now checks every part against the Hunspell lexicon
(Debian's hunspell-de-de), so fragments are no longer indexed as words
("Zus|tel|lung" made "Lunge" find every Zustellung); names of the Verbund
and family names after "Herr"/"Frau" stay whole; a date is indexed also as
one token of its own, so "01.03.2026" and "2026-03-01" find each other.
Like 0009, this writes the tokens of every row again from the fields and
text the row already holds (no file is read).
"""

from django.db import migrations

from aktenbund.search.migrations._tokens_neu import schreibe_alle_tokens


class Migration(migrations.Migration):
    dependencies = [("search", "0009_ein_tokenstrom")]

    operations = [migrations.RunPython(schreibe_alle_tokens, migrations.RunPython.noop)]
