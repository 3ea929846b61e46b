"""A Kommune-Admin keeps the Kommune's Organisationseinheiten as a tree.

OEs are created under a parent, renamed, moved and deactivated, never deleted;
the tree never gets a cycle and a Kurzzeichen is unique within the Kommune.
"""

from __future__ import annotations

from aktenbund.tenancy.models import Organisationseinheit
from aktenbund.tenancy.scope import kommune_scope
from tests.factories import make_oe


def _oe(kommune, pk) -> Organisationseinheit:
    with kommune_scope(kommune):
        return Organisationseinheit.objects.select_related("parent").get(pk=pk)


def test_kommune_admin_creates_oe_under_parent_in_ui(client, admin_a, kommune_a):
    hauptamt = make_oe(admin_a, kommune_a, "10", "Hauptamt")
    client.force_login(admin_a)

    response = client.post(
        "/verwaltung/organisationseinheiten/",
        {"name": "Personal", "kurzzeichen": "10.1", "parent": hauptamt.pk, "aktiv": "on"},
    )

    assert response.status_code == 302
    with kommune_scope(kommune_a):
        personal = Organisationseinheit.objects.get(kurzzeichen="10.1")
    assert personal.parent_id == hauptamt.pk
    page = client.get("/verwaltung/organisationseinheiten/")
    tree = [(oe.kurzzeichen, depth) for oe, depth in page.context["baum"]]
    assert tree == [("10", 0), ("10.1", 1)]


def test_kommune_admin_creates_oe_under_parent_through_api(client, admin_a, kommune_a):
    hauptamt = make_oe(admin_a, kommune_a, "10", "Hauptamt")
    client.force_login(admin_a)

    response = client.post(
        "/api/v1/organisationseinheiten",
        {"name": "Personal", "kurzzeichen": "10.1", "parent_id": hauptamt.pk},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json()["parent_id"] == hauptamt.pk
    assert _oe(kommune_a, response.json()["id"]).kommune_id == kommune_a.pk


def test_kommune_admin_renames_and_moves_oe(client, admin_a, kommune_a):
    hauptamt = make_oe(admin_a, kommune_a, "10", "Hauptamt")
    ordnungsamt = make_oe(admin_a, kommune_a, "32", "Ordnungsamt")
    personal = make_oe(admin_a, kommune_a, "10.1", "Personal", parent=hauptamt)
    client.force_login(admin_a)

    response = client.post(
        f"/verwaltung/organisationseinheiten/{personal.pk}/",
        {
            "name": "Personal und Organisation",
            "kurzzeichen": "10.2",
            "parent": ordnungsamt.pk,
            "aktiv": "on",
        },
    )

    assert response.status_code == 302
    personal = _oe(kommune_a, personal.pk)
    assert (personal.name, personal.kurzzeichen) == ("Personal und Organisation", "10.2")
    assert personal.parent_id == ordnungsamt.pk
    assert personal.aktiv


def test_oe_cannot_be_moved_under_its_own_descendant(client, admin_a, kommune_a):
    hauptamt = make_oe(admin_a, kommune_a, "10", "Hauptamt")
    personal = make_oe(admin_a, kommune_a, "10.1", "Personal", parent=hauptamt)
    lohn = make_oe(admin_a, kommune_a, "10.1.1", "Lohn", parent=personal)
    client.force_login(admin_a)

    ui = client.post(
        f"/verwaltung/organisationseinheiten/{hauptamt.pk}/",
        {"name": "Hauptamt", "kurzzeichen": "10", "parent": lohn.pk, "aktiv": "on"},
    )
    api = client.put(
        f"/api/v1/organisationseinheiten/{hauptamt.pk}",
        {"name": "Hauptamt", "kurzzeichen": "10", "parent_id": personal.pk},
        content_type="application/json",
    )
    itself = client.put(
        f"/api/v1/organisationseinheiten/{hauptamt.pk}",
        {"name": "Hauptamt", "kurzzeichen": "10", "parent_id": hauptamt.pk},
        content_type="application/json",
    )

    assert ui.status_code == 200
    assert "nicht unter sich selbst" in " ".join(ui.context["form"].errors["parent"])
    assert api.status_code == 422
    assert [e["field"] for e in api.json()["errors"]] == ["parent"]
    assert itself.status_code == 422
    assert _oe(kommune_a, hauptamt.pk).parent_id is None


def test_oe_is_deactivated_not_deleted(client, admin_a, kommune_a):
    hauptamt = make_oe(admin_a, kommune_a, "10", "Hauptamt")
    client.force_login(admin_a)

    response = client.post(
        f"/verwaltung/organisationseinheiten/{hauptamt.pk}/",
        {"name": "Hauptamt", "kurzzeichen": "10"},  # the "aktiv" box left unticked
    )

    assert response.status_code == 302
    assert _oe(kommune_a, hauptamt.pk).aktiv is False
    page = client.get("/verwaltung/organisationseinheiten/")
    assert "(aufgelöst)" in page.content.decode()
    assert client.delete(f"/api/v1/organisationseinheiten/{hauptamt.pk}").status_code == 405
    listed = client.get("/api/v1/organisationseinheiten?aktiv=false").json()
    assert [oe["kurzzeichen"] for oe in listed["items"]] == ["10"]


def test_duplicate_kurzzeichen_is_a_conflict(client, admin_a, kommune_a):
    make_oe(admin_a, kommune_a, "10", "Hauptamt")
    ordnungsamt = make_oe(admin_a, kommune_a, "32", "Ordnungsamt")
    client.force_login(admin_a)

    api_create = client.post(
        "/api/v1/organisationseinheiten",
        {"name": "Noch ein Hauptamt", "kurzzeichen": "10"},
        content_type="application/json",
    )
    api_rename = client.put(
        f"/api/v1/organisationseinheiten/{ordnungsamt.pk}",
        {"name": "Ordnungsamt", "kurzzeichen": "10"},
        content_type="application/json",
    )
    ui_create = client.post(
        "/verwaltung/organisationseinheiten/",
        {"name": "Noch ein Hauptamt", "kurzzeichen": "10", "aktiv": "on"},
    )

    assert api_create.status_code == 409
    assert [e["field"] for e in api_create.json()["errors"]] == ["kurzzeichen"]
    assert api_rename.status_code == 409
    assert ui_create.status_code == 200
    assert "schon vergeben" in " ".join(ui_create.context["form"].errors["kurzzeichen"])
    with kommune_scope(kommune_a):
        assert Organisationseinheit.objects.filter(kurzzeichen="10").count() == 1


def test_same_kurzzeichen_is_fine_in_another_kommune(admin_a, admin_b, kommune_a, kommune_b):
    make_oe(admin_a, kommune_a, "10", "Hauptamt")

    make_oe(admin_b, kommune_b, "10", "Hauptamt")

    with kommune_scope(kommune_b):
        assert Organisationseinheit.objects.filter(kurzzeichen="10").count() == 1
