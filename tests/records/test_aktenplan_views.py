"""The Aktenplan pages: what each user sees and may do, 404 across Kommunen."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from aktenbund.records import services
from aktenbund.tenancy.scope import kommune_scope
from tests.records.factories import alle_einheiten, make_einheit
from tests.records.test_aktenplan_import import csv_bytes

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def lokal_a(plan, registratur_a):
    return make_einheit(registratur_a, "121.50", "Gewerbe Ortsteil Schwebda", parent=plan["121"])


def test_tree_shows_verbund_and_own_local_nodes(plan, lokal_a, registratur_a, registratur_b):
    page = signed_in(registratur_a).get("/aktenplan/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Gewerbeanzeigen (§ 14 GewO)" in html and "Gewerbe Ortsteil Schwebda" in html
    assert 'class="etikett etikett-lokal">lokal<' in html
    other = signed_in(registratur_b).get("/aktenplan/").content.decode()
    assert "Gewerbeanzeigen (§ 14 GewO)" in other and "Schwebda" not in other


def test_tree_filter_by_kennzeichen_opens_the_path(plan, registratur_a):
    html = signed_in(registratur_a).get("/aktenplan/", {"kennzeichen": "121"}).content.decode()
    assert "Gewerbeanzeigen" in html and "Finanzen" not in html
    assert '<details class="knoten-kinder" open>' in html


def test_navigation_has_the_aktenplan_for_kommune_users_and_verbund_staff(
    plan, clerk_a, verbund_registratur, verbund_admin
):
    for user in (clerk_a, verbund_registratur, verbund_admin):
        html = signed_in(user).get("/").content.decode()
        assert 'href="/aktenplan/">Aktenplan</a>' in html
    start = signed_in(verbund_registratur).get("/").content.decode()
    assert "Registratur des Verbunds" in start


def test_other_kommunes_local_node_is_404_on_every_page(lokal_a, registratur_b):
    client = signed_in(registratur_b)
    for path in ("", "unterknoten/", "schliessen/"):
        assert client.get(f"/aktenplan/{lokal_a.pk}/{path}").status_code == 404
        assert client.post(f"/aktenplan/{lokal_a.pk}/{path}").status_code == 404


def test_registratur_adds_local_sub_node(plan, registratur_a, kommune_a):
    client = signed_in(registratur_a)
    form = client.get(f"/aktenplan/{plan['021'].pk}/unterknoten/")
    assert form.status_code == 200 and "lokale Einheit von Meinhard" in form.content.decode()
    response = client.post(
        f"/aktenplan/{plan['021'].pk}/unterknoten/",
        {
            "kennzeichen": "021.50",
            "titel": "Registratur der Gemeinde Meinhard",
            "beschreibung": "Postbuch\r\nund Ablage",
            "aufbewahrungsfrist": "",
            "dauernd": "on",
            "aussonderungsart": "A",
            "gueltig_ab": "2025-01-01",
        },
    )
    with kommune_scope(kommune_a):
        neu = services.aktenplan_for(kommune_a.pk).get(kennzeichen="021.50")
    assert response.status_code == 302 and response["Location"] == f"/aktenplan/{neu.pk}/"
    assert (
        neu.kommune_id == kommune_a.pk
        and neu.ist_dauernd
        and neu.beschreibung == "Postbuch\nund Ablage"
    )


def test_form_errors_are_shown_at_their_fields(plan, registratur_a):
    response = signed_in(registratur_a).post(
        f"/aktenplan/{plan['021'].pk}/unterknoten/",
        {
            "kennzeichen": "031",
            "titel": "x",
            "aufbewahrungsfrist": "",
            "aussonderungsart": "B",
            "gueltig_ab": "2025-01-01",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_aufbewahrungsfrist_error"' in html
    assert 'aria-describedby="id_aufbewahrungsfrist_helptext id_aufbewahrungsfrist_error"' in html


def test_kommune_sees_verbund_node_read_only(plan, registratur_a):
    client = signed_in(registratur_a)
    html = client.get(f"/aktenplan/{plan['121'].pk}/").content.decode()
    assert "nur die Registratur des Verbunds" in html and "Einheit ändern" not in html
    assert "Unterknoten anlegen" in html
    assert client.post(f"/aktenplan/{plan['121'].pk}/", {"titel": "x"}).status_code == 403
    assert client.get(f"/aktenplan/{plan['121'].pk}/schliessen/").status_code == 403


def test_clerk_may_not_add_or_import(plan, clerk_a):
    client = signed_in(clerk_a)
    assert "Unterknoten anlegen" not in client.get(f"/aktenplan/{plan['121'].pk}/").content.decode()
    assert client.get(f"/aktenplan/{plan['121'].pk}/unterknoten/").status_code == 403
    # Pages that are not for this user are not there (as in the administration).
    assert client.get("/aktenplan/import/").status_code == 404
    assert client.get("/aktenplan/neu/").status_code == 404


def test_verbund_registratur_edits_and_closes_with_confirmation(plan, verbund_registratur):
    client = signed_in(verbund_registratur)
    node = plan["12"]
    response = client.post(
        f"/aktenplan/{node.pk}/",
        {
            "titel": "Gewerbewesen",
            "beschreibung": "",
            "aufbewahrungsfrist": "10",
            "aussonderungsart": "B",
            "gueltig_ab": str(node.gueltig_ab),
        },
    )
    assert response.status_code == 302
    confirm = client.get(f"/aktenplan/{node.pk}/schliessen/").content.decode()
    assert "Gewerbeanzeigen (§ 14 GewO)" in confirm  # the subtree that closes too
    response = client.post(
        f"/aktenplan/{node.pk}/schliessen/", {"gueltig_bis": str(node.gueltig_ab)}
    )
    assert response.status_code == 302
    with kommune_scope(None):
        node.refresh_from_db()
    assert node.titel == "Gewerbewesen" and node.gueltig_bis == node.gueltig_ab
    html = client.get(response["Location"]).content.decode()
    assert "2 Einheiten samt Unterbaum" in html and "Einheit ändern" not in html


def test_verbund_registratur_adds_a_hauptgruppe(plan, verbund_registratur):
    response = signed_in(verbund_registratur).post(
        "/aktenplan/neu/",
        {
            "kennzeichen": "5",
            "titel": "Gesundheit, Sport, Erholung",
            "aufbewahrungsfrist": "10",
            "aussonderungsart": "B",
            "gueltig_ab": "2024-01-01",
        },
    )
    assert response.status_code == 302
    with kommune_scope(None):
        assert services.aktenplan_for(None).get(kennzeichen="5").ebene == 1


def _upload(client, content: bytes, format="csv"):
    datei = io.BytesIO(content)
    datei.name = f"aktenplan.{format}"
    return client.post("/aktenplan/import/", {"datei": datei, "format": format})


def test_import_page_lists_every_bad_row_in_a_table(plan, verbund_registratur):
    response = _upload(
        signed_in(verbund_registratur), csv_bytes("122;12;;;5;B;;", "123;12;Gut;;viele;B;;")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<td>2</td><td>Titel</td>" in html and "<td>3</td><td>Aufbewahrungsfrist</td>" in html
    assert not alle_einheiten().filter(kennzeichen="123").exists()


def test_import_page_explains_file_errors(plan, verbund_registratur):
    html = _upload(signed_in(verbund_registratur), b"Kennzeichen;Titel\r\n1;x\r\n").content.decode()
    assert "Die Spalten in Zeile 1 passen nicht." in html and "„Übergeordnet“" in html


def test_import_page_imports_and_reports(plan, verbund_registratur):
    client = signed_in(verbund_registratur)
    response = _upload(client, csv_bytes("122;12;Gewerberegister;;10;B;01.01.2024;"))
    assert response.status_code == 302
    assert "1 angelegt" in client.get(response["Location"]).content.decode()


def test_export_links_download_files(plan, lokal_a, registratur_a):
    client = signed_in(registratur_a)
    response = client.get("/aktenplan/export/", {"format": "csv"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert "121.50;121;Gewerbe Ortsteil Schwebda" in response.content.decode("utf-8-sig")
    assert client.get("/aktenplan/export/", {"format": "xlsx"}).status_code == 200
    assert client.get("/aktenplan/export/", {"format": "pdf"}).status_code == 404
