"""Who sees a Posteingang Eintrag: the Posteingang's own rule, then the rights of its Vorgang."""

from __future__ import annotations

import pytest

from aktenbund.capture import services
from aktenbund.capture.models import Quelle
from aktenbund.records import services as records
from aktenbund.tenancy.scope import kommune_scope
from tests.factories import make_user
from tests.records.factories import make_akte, make_vorgang

pytestmark = pytest.mark.django_db


def test_list_shows_an_addressed_eintrag_exactly_when_its_vorgang_is_readable(
    kommune_a, oe_a, sb_a, poststelle_a, plan
):
    """The list's query and the per-object rule of records agree, for every kind of Akte."""
    mitglied = make_user(kommune_a, "meinhard.personal", ["registratur"])
    offen = make_vorgang(sb_a, make_akte(sb_a, plan["121"], "Gewerbe Meier"))
    geheim = make_vorgang(sb_a, make_akte(sb_a, plan["121"], "Personalsache", vertraulich=True))
    gelistet = make_vorgang(sb_a, make_akte(sb_a, plan["121"], "Beihilfe", vertraulich=True))
    with kommune_scope(kommune_a):
        records.set_akte_zugriff(sb_a, gelistet.akte, [(sb_a, "bearbeiten"), (mitglied, "lesen")])
        eintraege = {
            ziel: services.receive(
                kommune_id=kommune_a.pk,
                oe=oe_a,
                quelle=Quelle.UPLOAD,
                dateien=[services.Eingangsdatei("brief.txt", b"Brief")],
                actor=sb_a,
                ziel_vorgang=ziel,
                einreihen=False,
            )
            for ziel in (None, offen, geheim, gelistet)
        }
        for user in (sb_a, poststelle_a, mitglied):
            sichtbar = set(services.sichtbare_eintraege(user).values_list("pk", flat=True))
            for ziel, eintrag in eintraege.items():
                lesbar = ziel is None or records.recht_an_vorgang(user, ziel) is not None
                assert (eintrag.pk in sichtbar) == lesbar, (user.username, ziel)
        # The Registratur off the Personalsache's list: everything else, that not.
        sichtbar = set(services.sichtbare_eintraege(mitglied).values_list("pk", flat=True))
    assert sichtbar == {eintraege[None].pk, eintraege[offen].pk, eintraege[gelistet].pk}
