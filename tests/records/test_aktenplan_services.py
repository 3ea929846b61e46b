"""Keeping the Aktenplan: Verbund nodes, local nodes, who may change what, closing."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from aktenbund.audit.models import AuditEvent
from aktenbund.errors import Conflict, NotFound, PermissionDenied, ValidationError
from aktenbund.records import services
from aktenbund.tenancy.scope import kommune_scope
from tests.records.factories import alle_einheiten, make_einheit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _events(kommune_id, action):
    with kommune_scope(kommune_id):
        return list(AuditEvent.objects.filter(kommune_id=kommune_id, action=action))


def test_verbund_registratur_creates_node_in_the_verbund_chain(verbund_registratur, plan):
    node = plan["121"]
    assert node.kommune_id is None and node.parent == plan["12"] and node.ebene == 3
    events = {e.object_id: e for e in _events(None, "aktenplaneinheit.angelegt")}
    assert events[str(node.pk)].details["kennzeichen"] == "121"
    assert events[str(node.pk)].actor_id == verbund_registratur.pk


def test_frist_none_means_dauernd(plan):
    assert plan["900"].ist_dauernd and plan["900"].frist_text == "dauernd"
    assert plan["121"].frist_text == "5 Jahre"


def test_kommune_registratur_adds_local_node_below_verbund_node(plan, registratur_a, kommune_a):
    lokal = make_einheit(registratur_a, "121.50", "Gewerbeanzeigen Ortsteil", parent=plan["121"])
    assert lokal.kommune_id == kommune_a.pk and lokal.ist_lokal and lokal.ebene == 4
    [event] = _events(kommune_a.pk, "aktenplaneinheit.angelegt")
    assert event.object_id == str(lokal.pk)
    unter_lokal = make_einheit(registratur_a, "121.50.1", "Sammelakte", parent=lokal)
    assert unter_lokal.parent == lokal


def test_kommune_admin_may_add_local_nodes_too(plan, admin_a):
    assert make_einheit(admin_a, "021.50", "Lokale Registratur", parent=plan["021"]).ist_lokal


def test_sachbearbeitung_may_not_add_nodes(plan, clerk_a):
    with pytest.raises(PermissionDenied):
        make_einheit(clerk_a, "021.50", "Nicht erlaubt", parent=plan["021"])


def test_kommune_cannot_add_a_hauptgruppe(plan, registratur_a):
    with pytest.raises(PermissionDenied) as exc:
        make_einheit(registratur_a, "7", "Eigene Hauptgruppe")
    assert "parent_id" in exc.value.errors


def test_kommune_cannot_change_or_close_verbund_nodes(plan, registratur_a, admin_a):
    for actor in (registratur_a, admin_a):
        with pytest.raises(PermissionDenied):
            services.update_aktenplaneinheit(
                actor,
                plan["121"],
                titel="Umbenannt",
                beschreibung="",
                aufbewahrungsfrist=5,
                aussonderungsart="B",
                gueltig_ab=plan["121"].gueltig_ab,
            )
        with pytest.raises(PermissionDenied):
            services.close_aktenplaneinheit(actor, plan["121"])
    plan["121"].refresh_from_db()
    assert plan["121"].titel == "Gewerbeanzeigen (§ 14 GewO)" and plan["121"].gueltig_bis is None


def test_local_nodes_are_invisible_to_other_kommunen(plan, registratur_a, registratur_b, kommune_b):
    lokal = make_einheit(registratur_a, "121.50", "Nur Meinhard", parent=plan["121"])
    with pytest.raises(NotFound):
        services.get_aktenplaneinheit(registratur_b, lokal.pk)
    with kommune_scope(kommune_b):
        sichtbar = set(services.aktenplan_for(kommune_b.pk).values_list("kennzeichen", flat=True))
    assert "121.50" not in sichtbar and "121" in sichtbar
    with pytest.raises(NotFound):
        make_einheit(registratur_b, "121.50.1", "Darunter", parent=lokal)
    with pytest.raises(NotFound):
        services.close_aktenplaneinheit(registratur_b, lokal)


def test_verbund_sees_no_local_nodes(plan, registratur_a, verbund_registratur):
    lokal = make_einheit(registratur_a, "121.50", "Nur Meinhard", parent=plan["121"])
    with pytest.raises(NotFound):
        services.get_aktenplaneinheit(verbund_registratur, lokal.pk)
    with kommune_scope(None):
        assert not services.aktenplan_for(None).filter(pk=lokal.pk).exists()


def test_two_kommunen_may_use_the_same_local_kennzeichen(plan, registratur_a, registratur_b):
    a = make_einheit(registratur_a, "121.50", "Meinhard", parent=plan["121"])
    b = make_einheit(registratur_b, "121.50", "Sontra", parent=plan["121"])
    assert a.kennzeichen == b.kennzeichen and a.kommune_id != b.kommune_id


def test_local_kennzeichen_must_not_collide_with_verbund_kennzeichen(plan, registratur_a):
    with pytest.raises(Conflict) as exc:
        make_einheit(registratur_a, "121", "Doppelt", parent=plan["12"])
    assert "kennzeichen" in exc.value.errors


def test_verbund_kennzeichen_must_not_collide_with_a_local_one(
    plan, registratur_a, verbund_registratur
):
    make_einheit(registratur_a, "121.50", "Lokal", parent=plan["121"])
    with pytest.raises(Conflict) as exc:
        make_einheit(verbund_registratur, "121.50", "Verbund", parent=plan["121"])
    assert "lokale Einheit" in exc.value.errors["kennzeichen"]


def test_kennzeichen_must_extend_the_parent_kennzeichen(plan, verbund_registratur):
    with pytest.raises(ValidationError) as exc:
        make_einheit(verbund_registratur, "131", "Falsch eingehängt", parent=plan["12"])
    assert "„12“" in exc.value.errors["kennzeichen"]
    with pytest.raises(ValidationError):
        make_einheit(verbund_registratur, "12", "Gleich", parent=plan["12"])
    with pytest.raises(ValidationError) as exc:
        make_einheit(verbund_registratur, "12/3", "Schrägstrich", parent=plan["12"])
    assert "Punkt oder Bindestrich" in exc.value.errors["kennzeichen"]


def test_fields_are_validated_with_field_names(plan, verbund_registratur):
    with pytest.raises(ValidationError) as exc:
        services.create_aktenplaneinheit(
            verbund_registratur,
            parent=plan["12"],
            kennzeichen="122",
            titel='=HYPERLINK("http://x")',
            beschreibung="",
            aufbewahrungsfrist=0,
            aussonderungsart="X",
        )
    assert set(exc.value.errors) == {"titel", "aufbewahrungsfrist", "aussonderungsart"}


def test_update_changes_content_and_records_before_and_after(plan, verbund_registratur):
    node = plan["121"]
    services.update_aktenplaneinheit(
        verbund_registratur,
        node,
        titel="Gewerbeanzeigen",
        beschreibung="nach GewO",
        aufbewahrungsfrist=6,
        aussonderungsart="A",
        gueltig_ab=datetime.date(2024, 1, 1),
    )
    node.refresh_from_db()
    assert (node.titel, node.aufbewahrungsfrist, node.aussonderungsart) == (
        "Gewerbeanzeigen",
        6,
        "A",
    )
    event = _events(None, "aktenplaneinheit.geaendert")[-1]
    assert event.details["vorher"]["titel"] == "Gewerbeanzeigen (§ 14 GewO)"
    assert event.details["nachher"]["aufbewahrungsfrist"] == 6


def test_update_without_change_records_nothing(plan, verbund_registratur):
    node = plan["121"]
    services.update_aktenplaneinheit(
        verbund_registratur,
        node,
        titel=node.titel,
        beschreibung=node.beschreibung,
        aufbewahrungsfrist=node.aufbewahrungsfrist,
        aussonderungsart=node.aussonderungsart,
        gueltig_ab=node.gueltig_ab,
    )
    assert _events(None, "aktenplaneinheit.geaendert") == []


def test_closing_closes_the_subtree_and_deletes_nothing(plan, verbund_registratur):
    count = alle_einheiten().count()
    closed = services.close_aktenplaneinheit(verbund_registratur, plan["1"])
    assert closed == 3
    for kz in ("1", "12", "121"):
        plan[kz].refresh_from_db()
        assert plan[kz].gueltig_bis == TODAY()
    plan["9"].refresh_from_db()
    assert plan["9"].gueltig_bis is None
    assert alle_einheiten().count() == count
    events = _events(None, "aktenplaneinheit.geschlossen")
    assert {e.details["kennzeichen"]: e.details["mit"] for e in events} == {
        "1": None,
        "12": "1",
        "121": "1",
    }


def test_closing_a_verbund_node_closes_local_nodes_below_in_their_kommune_chain(
    plan, verbund_registratur, registratur_a, registratur_b, kommune_a, kommune_b
):
    a = make_einheit(registratur_a, "121.50", "Meinhard", parent=plan["121"])
    a2 = make_einheit(registratur_a, "121.50.1", "Meinhard darunter", parent=a)
    b = make_einheit(registratur_b, "9.50", "Sontra, woanders", parent=plan["9"])
    ende = TODAY() + datetime.timedelta(days=30)
    closed = services.close_aktenplaneinheit(verbund_registratur, plan["12"], gueltig_bis=ende)
    assert closed == 4
    with kommune_scope(kommune_a):
        a.refresh_from_db()
        a2.refresh_from_db()
    with kommune_scope(kommune_b):
        b.refresh_from_db()
    assert a.gueltig_bis == a2.gueltig_bis == ende and b.gueltig_bis is None
    events = _events(kommune_a.pk, "aktenplaneinheit.geschlossen")
    assert {e.details["kennzeichen"] for e in events} == {"121.50", "121.50.1"}
    assert all(e.actor_id == verbund_registratur.pk for e in events)
    assert _events(kommune_b.pk, "aktenplaneinheit.geschlossen") == []


def test_kommune_closes_own_local_node(plan, registratur_a, kommune_a):
    lokal = make_einheit(registratur_a, "121.50", "Meinhard", parent=plan["121"])
    assert services.close_aktenplaneinheit(registratur_a, lokal) == 1
    assert _events(kommune_a.pk, "aktenplaneinheit.geschlossen")[0].object_id == str(lokal.pk)


def test_closed_node_refuses_changes_children_and_second_closing(plan, verbund_registratur):
    node = plan["121"]
    services.close_aktenplaneinheit(verbund_registratur, node)
    with pytest.raises(Conflict):
        services.close_aktenplaneinheit(verbund_registratur, node)
    with pytest.raises(Conflict):
        services.update_aktenplaneinheit(
            verbund_registratur,
            node,
            titel="Neu",
            beschreibung="",
            aufbewahrungsfrist=5,
            aussonderungsart="B",
            gueltig_ab=node.gueltig_ab,
        )
    with pytest.raises(Conflict):
        make_einheit(verbund_registratur, "121.1", "Darunter", parent=node)


def test_closing_before_the_start_is_refused(plan, verbund_registratur):
    with pytest.raises(ValidationError) as exc:
        services.close_aktenplaneinheit(
            verbund_registratur,
            plan["121"],
            gueltig_bis=plan["121"].gueltig_ab - datetime.timedelta(days=1),
        )
    assert "gueltig_bis" in exc.value.errors


def test_closed_nodes_drop_out_of_the_tree_unless_asked_for(plan, verbund_registratur):
    alt = services.create_aktenplaneinheit(
        verbund_registratur,
        parent=plan["12"],
        kennzeichen="129",
        titel="Alte Aufgabe",
        aufbewahrungsfrist=5,
        aussonderungsart="V",
        gueltig_ab=datetime.date(2020, 1, 1),
    )
    services.close_aktenplaneinheit(
        verbund_registratur, alt, gueltig_bis=TODAY() - datetime.timedelta(days=1)
    )
    alt.refresh_from_db()
    assert alt.ist_geschlossen and not alt.ist_gueltig()
    with kommune_scope(None):
        offen = services.aktenplan_tree(None)
        alle = services.aktenplan_tree(None, mit_geschlossenen=True)

    def kennzeichen(tree):
        return {k.einheit.kennzeichen for k in tree} | {
            kz for k in tree for kz in kennzeichen(k.kinder)
        }

    assert "129" not in kennzeichen(offen) and "129" in kennzeichen(alle)


def test_tree_is_in_natural_order_and_filters_by_kennzeichen(plan, verbund_registratur):
    make_einheit(verbund_registratur, "12.10", "Zehn", parent=plan["12"])
    make_einheit(verbund_registratur, "12.2", "Zwei", parent=plan["12"])
    with kommune_scope(None):
        tree = services.aktenplan_tree(None)
        assert [k.einheit.kennzeichen for k in tree] == ["0", "1", "9"]
        gewerbe = tree[1].kinder[0]
        assert [k.einheit.kennzeichen for k in gewerbe.kinder] == ["12.2", "12.10", "121"]
        gefiltert = services.aktenplan_tree(None, kennzeichen="121")
    assert [k.einheit.kennzeichen for k in gefiltert] == ["1"]
    assert not gefiltert[0].treffer
    assert gefiltert[0].kinder[0].kinder[0].einheit.kennzeichen == "121"
    assert gefiltert[0].kinder[0].kinder[0].treffer


def test_a_race_for_the_same_kennzeichen_ends_in_a_conflict(plan, verbund_registratur, monkeypatch):
    # Both passed the check; the database's unique constraint decides.
    from aktenbund.records.services import aktenplan

    monkeypatch.setattr(aktenplan, "kennzeichen_taken", lambda actor, kennzeichen: False)
    with pytest.raises(Conflict) as exc:
        make_einheit(verbund_registratur, "121", "Zweimal", parent=plan["12"])
    assert "kennzeichen" in exc.value.errors
