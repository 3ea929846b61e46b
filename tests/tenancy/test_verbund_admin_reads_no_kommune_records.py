"""The Verbund administration operates the system but reads no Kommune's records."""

from __future__ import annotations

import datetime

from django.utils import timezone

from aktenbund.tenancy.services import create_vertretung
from tests.factories import make_oe


def test_verbund_admin_sees_no_oes_or_vertretungen_of_any_kommune(
    client, verbund_admin, admin_a, clerk_a, admin_b, clerk_b, kommune_a, kommune_b
):
    oe_a = make_oe(admin_a, kommune_a, "10", "Hauptamt")
    make_oe(admin_b, kommune_b, "10", "Hauptamt")
    von, bis = timezone.localdate(), timezone.localdate() + datetime.timedelta(days=7)
    vertretung = create_vertretung(
        admin_a, vertretene_person=clerk_a, vertreter=admin_a, von=von, bis=bis
    )
    create_vertretung(admin_b, vertretene_person=clerk_b, vertreter=admin_b, von=von, bis=bis)
    client.force_login(verbund_admin)

    oes = client.get("/api/v1/organisationseinheiten").json()
    vertretungen = client.get("/api/v1/vertretungen").json()

    assert oes == {"items": [], "count": 0}
    assert vertretungen == {"items": [], "count": 0}
    assert client.get(f"/api/v1/organisationseinheiten/{oe_a.pk}").status_code == 404
    ende = client.post(
        f"/api/v1/vertretungen/{vertretung.pk}/beenden",
        {"bis": von.isoformat()},
        content_type="application/json",
    )
    assert ende.status_code == 404
    assert client.get("/verwaltung/organisationseinheiten/").status_code == 404
    assert client.get("/verwaltung/protokoll/").status_code == 404


def test_kommune_admin_sees_only_own_kommune_oes(client, admin_a, admin_b, kommune_a, kommune_b):
    make_oe(admin_a, kommune_a, "10", "Hauptamt")
    oe_b = make_oe(admin_b, kommune_b, "32", "Ordnungsamt")
    client.force_login(admin_a)

    oes = client.get("/api/v1/organisationseinheiten").json()

    assert [oe["kurzzeichen"] for oe in oes["items"]] == ["10"]
    assert client.get(f"/api/v1/organisationseinheiten/{oe_b.pk}").status_code == 404
