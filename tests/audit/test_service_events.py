"""Every action of the administration leaves an event in the right chain.

The event names who did it, what it concerns and the details; each chain
counts 1, 2, 3 … without gaps, and one Kommune's actions never touch
another Kommune's chain.
"""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone

from aktenbund.audit.models import AuditChain, AuditEvent
from aktenbund.audit.services import verify_chain
from aktenbund.errors import Conflict, PermissionDenied
from aktenbund.tenancy import services
from aktenbund.tenancy.models import Kommune, Organisationseinheit, User, Vertretung
from aktenbund.tenancy.scope import kommune_scope
from tests.factories import PASSWORD, make_oe

HEUTE = timezone.localdate()


def _chain(kommune_id: int | None) -> list[AuditEvent]:
    with kommune_scope(kommune_id):
        return list(AuditEvent.objects.filter(kommune_id=kommune_id).order_by("seq"))


def _assert_contiguous(events: list[AuditEvent]) -> None:
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    for previous, event in itertools.pairwise(events):
        assert event.prev_hash == previous.hash


def test_kommune_creation_writes_to_verbund_and_kommune_chain(verbund_admin, verbund):
    kommune = services.create_kommune(
        verbund_admin, name="Wehretal", ags="06636012", einwohner=5100
    )

    verbund_event = _chain(None)[-1]
    [kommune_event] = _chain(kommune.pk)
    expected = {"name": "Wehretal", "ags": "06636012", "einwohner": 5100}
    for event in (verbund_event, kommune_event):
        assert event.action == "kommune.angelegt"
        assert event.actor == verbund_admin
        assert event.actor_name == "verbund.admin"
        assert (event.object_type, event.object_id) == ("kommune", str(kommune.pk))
        assert event.details == expected
    assert verbund_event.kommune_id is None
    assert kommune_event.seq == 1
    with kommune_scope(kommune):
        assert AuditChain.objects.get(kommune=kommune).head_seq == 1


def _oe_anlegen(ctx):
    oe = services.create_organisationseinheit(
        ctx.admin_a, ctx.kommune_a, name="Personal", kurzzeichen="10.1", parent=ctx.hauptamt
    )
    return ctx.admin_a, oe, {"name": "Personal", "kurzzeichen": "10.1", "parent": ctx.hauptamt.pk}


def _oe_aendern(ctx):
    with kommune_scope(ctx.kommune_a):
        oe = Organisationseinheit.objects.get(pk=ctx.hauptamt.pk)
    services.update_organisationseinheit(
        ctx.admin_a, oe, name="Haupt- und Personalamt", kurzzeichen="10", parent=None, aktiv=False
    )
    return (
        ctx.admin_a,
        oe,
        {
            "vorher": {"name": "Hauptamt", "kurzzeichen": "10", "parent": None, "aktiv": True},
            "nachher": {
                "name": "Haupt- und Personalamt",
                "kurzzeichen": "10",
                "parent": None,
                "aktiv": False,
            },
        },
    )


def _benutzer_anlegen(ctx):
    user, _ = services.create_user(
        ctx.admin_a,
        ctx.kommune_a,
        username="meinhard.neu",
        rollen=["registratur"],
        organisationseinheit_ids=[ctx.hauptamt.pk],
    )
    return (
        ctx.admin_a,
        user,
        {
            "username": "meinhard.neu",
            "rollen": ["registratur"],
            "organisationseinheiten": [ctx.hauptamt.pk],
        },
    )


def _benutzer_aendern(ctx):
    services.update_user(
        ctx.admin_a,
        ctx.clerk_a,
        first_name="",
        last_name="",
        email="sb@meinhard.example",
        rollen=["sachbearbeitung", "gewerbeamt"],
        organisationseinheit_ids=[],
    )
    return (
        ctx.admin_a,
        ctx.clerk_a,
        {
            "vorher": {"rollen": ["sachbearbeitung"], "email": ""},
            "nachher": {
                "rollen": ["gewerbeamt", "sachbearbeitung"],
                "email": "sb@meinhard.example",
            },
            "organisationseinheiten": [],
        },
    )


def _benutzer_deaktivieren(ctx):
    services.set_user_active(ctx.admin_a, ctx.clerk_a, active=False)
    return ctx.admin_a, ctx.clerk_a, {}


def _passwort_zuruecksetzen(ctx):
    password = services.reset_password(ctx.admin_a, ctx.clerk_a)
    assert len(password) > 10
    return ctx.admin_a, ctx.clerk_a, {"api_tokens_widerrufen": 0}


def _passwort_aendern(ctx):
    clerk = User.objects.get(pk=ctx.clerk_a.pk)
    services.change_own_password(clerk, old_password=PASSWORD, new_password="Werra-Fulda-2025!")
    return clerk, clerk, {}


def _vertretung_anlegen(ctx):
    vertretung = services.create_vertretung(
        ctx.clerk_a,
        vertretene_person=ctx.clerk_a,
        vertreter=ctx.admin_a,
        von=HEUTE,
        bis=HEUTE + datetime.timedelta(days=13),
        grund="Urlaub",
    )
    return (
        ctx.clerk_a,
        vertretung,
        {
            "vertretene_person": ctx.clerk_a.username,
            "vertreter": ctx.admin_a.username,
            "von": HEUTE.isoformat(),
            "bis": (HEUTE + datetime.timedelta(days=13)).isoformat(),
            "grund": "Urlaub",
        },
    )


def _vertretung_beenden(ctx):
    vertretung = services.create_vertretung(
        ctx.clerk_a,
        vertretene_person=ctx.clerk_a,
        vertreter=ctx.admin_a,
        von=HEUTE,
        bis=HEUTE + datetime.timedelta(days=13),
    )
    with kommune_scope(ctx.kommune_a):
        vertretung = Vertretung.objects.get(pk=vertretung.pk)
    ende = HEUTE + datetime.timedelta(days=2)
    services.end_vertretung(ctx.admin_a, vertretung, bis=ende)
    return ctx.admin_a, vertretung, {"bis": ende.isoformat()}


def _token_erstellen(ctx):
    token, _ = services.create_api_token(ctx.clerk_a, "Skript")
    return ctx.clerk_a, token, {"name": "Skript", "prefix": token.prefix}


def _token_widerrufen(ctx):
    token, _ = services.create_api_token(ctx.clerk_a, "Skript")
    services.revoke_api_token(ctx.clerk_a, token)
    return ctx.clerk_a, token, {"prefix": token.prefix}


def _kommune_aendern(ctx):
    kommune = Kommune.objects.get(pk=ctx.kommune_a.pk)
    services.update_kommune(
        ctx.verbund_admin, kommune, name="Meinhard", einwohner=4600, ist_stadt=False
    )
    return (
        ctx.verbund_admin,
        kommune,
        {
            "vorher": {"name": "Meinhard", "einwohner": 4560, "ist_stadt": False},
            "nachher": {"name": "Meinhard", "einwohner": 4600, "ist_stadt": False},
        },
    )


ACTIONS = [
    ("oe.angelegt", _oe_anlegen),
    ("oe.geaendert", _oe_aendern),
    ("benutzer.angelegt", _benutzer_anlegen),
    ("benutzer.geaendert", _benutzer_aendern),
    ("benutzer.deaktiviert", _benutzer_deaktivieren),
    ("benutzer.passwort_zurueckgesetzt", _passwort_zuruecksetzen),
    ("benutzer.passwort_geaendert", _passwort_aendern),
    ("vertretung.angelegt", _vertretung_anlegen),
    ("vertretung.beendet", _vertretung_beenden),
    ("api_token.erstellt", _token_erstellen),
    ("api_token.widerrufen", _token_widerrufen),
    ("kommune.geaendert", _kommune_aendern),
]


class _Context:
    def __init__(self, **objects):
        self.__dict__.update(objects)


@pytest.mark.parametrize(("action", "perform"), ACTIONS, ids=[a for a, _ in ACTIONS])
def test_service_action_writes_event_into_own_kommune_chain(
    action, perform, verbund_admin, kommune_a, kommune_b, admin_a, clerk_a, admin_b
):
    hauptamt = make_oe(admin_a, kommune_a, "10", "Hauptamt")
    ctx = _Context(
        verbund_admin=verbund_admin,
        kommune_a=kommune_a,
        admin_a=admin_a,
        clerk_a=clerk_a,
        hauptamt=hauptamt,
    )
    before_a = len(_chain(kommune_a.pk))
    before_b = _chain(kommune_b.pk)
    before_verbund = _chain(None)

    actor, obj, details = perform(ctx)

    chain = _chain(kommune_a.pk)
    event = chain[-1]
    assert len(chain) > before_a
    assert event.action == action
    assert event.actor_id == actor.pk
    assert event.actor_name == actor.username
    assert (event.object_type, event.object_id) == (obj._meta.model_name, str(obj.pk))
    assert event.details == details
    _assert_contiguous(chain)
    with kommune_scope(kommune_a):
        assert verify_chain(kommune_a.pk) is None
    assert _chain(kommune_b.pk) == before_b
    assert _chain(None) == before_verbund


def test_each_kommune_counts_its_own_chain_from_one(admin_a, admin_b, kommune_a, kommune_b):
    for number in range(3):
        make_oe(admin_a, kommune_a, f"A{number}", f"Amt {number}")
    make_oe(admin_b, kommune_b, "B0", "Amt")

    chain_a, chain_b = _chain(kommune_a.pk), _chain(kommune_b.pk)

    _assert_contiguous(chain_a)
    _assert_contiguous(chain_b)
    assert {e.kommune_id for e in chain_a} == {kommune_a.pk}
    assert {e.kommune_id for e in chain_b} == {kommune_b.pk}
    assert [e.action for e in chain_a[-3:]] == ["oe.angelegt"] * 3
    assert chain_b[-1].action == "oe.angelegt"
    # kommune.angelegt, the admin's benutzer.angelegt, then the OEs.
    assert [e.action for e in chain_b] == ["kommune.angelegt", "benutzer.angelegt", "oe.angelegt"]


def test_refused_action_leaves_no_event(admin_a, clerk_a, kommune_a):
    make_oe(admin_a, kommune_a, "10", "Hauptamt")
    before = _chain(kommune_a.pk)

    with pytest.raises(Conflict):
        make_oe(admin_a, kommune_a, "10", "Noch ein Hauptamt")
    with pytest.raises(PermissionDenied):
        make_oe(clerk_a, kommune_a, "11", "Schattenamt")

    assert _chain(kommune_a.pk) == before
