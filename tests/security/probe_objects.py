"""Objects of Kommune B for the tenant-isolation probe, one maker per model.

Routes name their object parameters `<model_name>_id`, where `model_name` is
the lowercase Django model class name (`organisationseinheit_id`,
`user_id` …); query parameters named like that are object references too.
For every such name the probe looks up a maker here, creates one object of
Kommune B with it and asks for that object as a user of Kommune A.

A feature that adds a model adds one entry to `MAKERS`: the probe fails,
naming the parameter, for any route whose `<x>_id` has no maker, so a new
route cannot skip the probe silently. Makers create objects as users do,
through the services, and put `MARKER` into a text field wherever there is
one, so that list pages and list endpoints can be searched for it too.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model
from django.utils import timezone

from aktenbund.tenancy import services, supportfreigaben
from aktenbund.tenancy.models import Kommune, Rolle, User
from tests.factories import PASSWORD, make_oe, make_user
from tests.records.factories import make_probe_aktenplaneinheit

# Every text a maker writes into Kommune B's objects contains this (compared
# case-insensitively, since usernames are lowercase).
MARKER = "SONTRA-GEHEIM"


@dataclass
class World:
    """Kommune A (the probing side), Kommune B (the probed side) and B's objects."""

    kommune_a: Kommune
    kommune_b: Kommune
    admin_a: User
    admin_b: User
    objects: dict[str, Model] = field(default_factory=dict)
    # Users of Kommune A the probe signs in as, by a short label.
    probe_users: dict[str, User] = field(default_factory=dict)

    def obj(self, model_name: str) -> Model:
        """Kommune B's object for `model_name` (created on first use)."""
        if model_name not in self.objects:
            self.objects[model_name] = MAKERS[model_name](self)
        return self.objects[model_name]


# --- makers: one object of Kommune B each -----------------------------------


def _kommune(world: World) -> Model:
    return world.kommune_b


def _organisationseinheit(world: World) -> Model:
    return make_oe(world.admin_b, world.kommune_b, "SG", f"{MARKER}-OE")


def _user(world: World) -> Model:
    user, _ = services.create_user(
        world.admin_b,
        world.kommune_b,
        username=f"{MARKER.lower()}.person",
        first_name=f"{MARKER}-VORNAME",
        last_name=f"{MARKER}-NACHNAME",
        email=f"{MARKER.lower()}@sontra.example.org",
        rollen=[Rolle.SACHBEARBEITUNG],
        organisationseinheit_ids=[world.obj("organisationseinheit").pk],
        password=PASSWORD,
    )
    return user


def _supportfreigabe(world: World) -> Model:
    return supportfreigaben.grant_supportfreigabe(
        world.admin_b, gueltig_bis=timezone.localdate(), grund=f"{MARKER}-SUPPORT"
    )


def _vertretung(world: World) -> Model:
    return services.create_vertretung(
        world.admin_b,
        vertretene_person=world.obj("user"),
        vertreter=world.admin_b,
        von=timezone.localdate(),
        bis=timezone.localdate() + datetime.timedelta(days=30),
        grund=f"{MARKER}-VERTRETUNG",
    )


def _apitoken(world: World) -> Model:
    token, _ = services.create_api_token(world.obj("user"), f"{MARKER}-TOKEN")
    return token


def _b_scope():
    from aktenbund.tenancy.scope import kommune_scope

    return kommune_scope


def _records_actor(world: World) -> User:
    """A clerk of Kommune B in B's OE, who files B's Akten."""
    if "_records_actor" not in world.objects:
        world.objects["_records_actor"] = make_user(
            world.kommune_b,
            "sontra.probe-akten",
            [Rolle.SACHBEARBEITUNG],
            [world.obj("organisationseinheit").pk],
        )
    return world.objects["_records_actor"]


def _akte(world: World) -> Model:
    from aktenbund.records import services as records

    actor = _records_actor(world)
    with _b_scope()(world.kommune_b):
        return records.create_akte(
            actor,
            aktenplaneinheit=world.obj("aktenplaneinheit"),
            betreff=f"{MARKER}-AKTE",
            beschreibung=f"{MARKER}-BESCHREIBUNG",
        )


def _vorgang(world: World) -> Model:
    from aktenbund.records import services as records

    with _b_scope()(world.kommune_b):
        return records.create_vorgang(
            _records_actor(world), world.obj("akte"), betreff=f"{MARKER}-VORGANG"
        )


def _dokument(world: World) -> Model:
    from aktenbund.records import services as records
    from tests.records.factories import pdf_bytes

    with _b_scope()(world.kommune_b):
        return records.add_dokument(
            _records_actor(world),
            world.obj("vorgang"),
            titel=f"{MARKER}-DOKUMENT",
            absender=f"{MARKER}-ABSENDER",
            dateiname=f"{MARKER}.pdf",
            inhalt=pdf_bytes(MARKER),
        )


def _version(world: World) -> Model:
    from aktenbund.records import services as records
    from tests.records.factories import pdf_bytes

    with _b_scope()(world.kommune_b):
        return records.add_version(
            _records_actor(world),
            world.obj("dokument"),
            dateiname=f"{MARKER}-v2.pdf",
            inhalt=pdf_bytes(f"{MARKER}-2"),
            kommentar=f"{MARKER}-KOMMENTAR",
        )


def _freigabe(world: World) -> Model:
    """Kommune B grants its Vorgang to a third Kommune (never to A, the prober)."""
    from aktenbund.records import services as records
    from tests.factories import make_kommune

    dritte = make_kommune(world.kommune_b.verbund, "Probe-Drittkommune", "06636099", 100)
    with _b_scope()(world.kommune_b):
        return records.grant_freigabe(
            _records_actor(world),
            vorgang=world.obj("vorgang"),
            empfaenger_kommune=dritte,
            gueltig_bis=datetime.date.today() + datetime.timedelta(days=30),
            grund=f"{MARKER}-FREIGABE",
        )


def _posteingangseintrag(world: World) -> Model:
    from aktenbund.capture import services as capture
    from tests.records.factories import pdf_bytes

    with _b_scope()(world.kommune_b):
        (eintrag,) = capture.upload(
            _records_actor(world),
            [capture.Eingangsdatei(f"{MARKER}.pdf", pdf_bytes(MARKER))],
            betreff=f"{MARKER}-POSTEINGANG",
            absender=f"{MARKER}-ABSENDER",
        )
    return eintrag


def _mailkonto(world: World) -> Model:
    from aktenbund.capture.services.mailkonten import create_mailkonto

    with _b_scope()(world.kommune_b):
        return create_mailkonto(
            world.admin_b,
            bezeichnung=f"{MARKER}-MAILKONTO",
            host="imap.example.org",
            port=993,
            verschluesselung="ssl",
            benutzer=f"{MARKER}-BENUTZER",
            passwort=f"{MARKER}-PASSWORT",
        )


def _posteingangsdatei(world: World) -> Model:
    eintrag = world.obj("posteingangseintrag")
    with _b_scope()(world.kommune_b):
        return eintrag.dateien.get()


def _haushalt_kaemmerei(world: World) -> User:
    if "_haushalt_kaemmerei" not in world.objects:
        world.objects["_haushalt_kaemmerei"] = make_user(
            world.kommune_b, "sontra.probe-kaemmerei", [Rolle.KAEMMEREI]
        )
    return world.objects["_haushalt_kaemmerei"]


def _haushaltsplan(world: World) -> Model:
    from tests.haushalt.factories import make_probe_plan

    return make_probe_plan(world.kommune_b, _haushalt_kaemmerei(world), MARKER)


def _planansatz(world: World) -> Model:
    from aktenbund.haushalt.models import Planansatz

    with _b_scope()(world.kommune_b):
        return Planansatz.objects.filter(haushaltsplan=world.obj("haushaltsplan")).first()


def _haushalt_teil(world: World, make) -> Model:
    from aktenbund.haushalt import services as haushalt

    world.obj("haushaltsplan")  # loads the frames
    with _b_scope()(world.kommune_b):
        return make(haushalt, _haushalt_kaemmerei(world))


def _gewerbeanzeige(world: World) -> Model:
    from tests.gewerbe.factories import anmelden, gmbh_daten, make_gewerbeamt

    amt = make_gewerbeamt(world.kommune_b, f"{MARKER.lower()}.gewerbeamt")
    daten = gmbh_daten(
        world.kommune_b,
        eingetragener_name=f"{MARKER}-GMBH",
        geschaeftsbezeichnung=f"{MARKER}-BETRIEB",
        art_handel=True,
    )
    daten.personen[0].familienname = f"{MARKER}-GESCHAEFTSFUEHRER"
    return anmelden(amt, daten)


def _uebermittlung(world: World) -> Model:
    from aktenbund.gewerbe.models import Uebermittlung
    from aktenbund.tenancy.scope import kommune_scope

    with kommune_scope(world.kommune_b):
        return Uebermittlung.objects.filter(anzeige=world.obj("gewerbeanzeige")).first()


def _auskunft(world: World) -> Model:
    from aktenbund.gewerbe.services.auskunft import beantrage_auskunft
    from aktenbund.tenancy.scope import kommune_scope

    betrieb = world.obj("gewerbebetrieb")
    amt = User.objects.get(username=f"{MARKER.lower()}.gewerbeamt")
    with kommune_scope(world.kommune_b):
        return beantrage_auskunft(
            amt,
            betrieb,
            art="erweitert",
            antragsteller=f"{MARKER}-ANTRAGSTELLER",
            antragsteller_anschrift=f"{MARKER}-ANSCHRIFT",
            berechtigtes_interesse=f"{MARKER}: Forderung aus Werkvertrag, Vollstreckung geplant.",
        )


MAKERS: dict[str, Callable[[World], Model]] = {
    "kommune": _kommune,
    "organisationseinheit": _organisationseinheit,
    "user": _user,
    "vertretung": _vertretung,
    "apitoken": _apitoken,
    "supportfreigabe": _supportfreigabe,
    "aktenplaneinheit": lambda world: make_probe_aktenplaneinheit(world.kommune_b, world.admin_b),
    "akte": _akte,
    "vorgang": _vorgang,
    "dokument": _dokument,
    "version": _version,
    "freigabe": _freigabe,
    "posteingangseintrag": _posteingangseintrag,
    "posteingangsdatei": _posteingangsdatei,
    "mailkonto": _mailkonto,
    # Names the records API uses for references to objects above: the same objects.
    "federfuehrende_oe": lambda world: world.obj("organisationseinheit"),
    "bearbeiter": lambda world: world.obj("user"),
    "haushaltsplan": _haushaltsplan,
    "planansatz": _planansatz,
    "produkt": lambda world: _haushalt_teil(
        world,
        lambda h, k: h.create_produkt(
            k, produktgruppe="04.01", nummer="04.01.90", bezeichnung=f"{MARKER}-PRODUKT"
        ),
    ),
    "teilhaushalt": lambda world: _haushalt_teil(
        world,
        lambda h, k: h.save_teilhaushalt(
            k, nummer="1", bezeichnung=f"{MARKER}-TEILHAUSHALT", produktbereiche=["16"]
        ),
    ),
    "massnahme": lambda world: _haushalt_teil(
        world,
        lambda h, k: h.save_massnahme(
            k,
            world.obj("haushaltsplan"),
            nummer="I-1",
            bezeichnung=f"{MARKER}-MASSNAHME",
            produkt="02.03.01",
        ),
    ),
    "stelle": lambda world: _haushalt_teil(
        world,
        lambda h, k: h.save_stelle(
            k,
            world.obj("haushaltsplan"),
            laufbahn="beamte",
            gruppe="A 13",
            bezeichnung=f"{MARKER}-STELLE",
            anzahl=1,
            anzahl_vorjahr=1,
        ),
    ),
    "satzungsparagraph": lambda world: _haushalt_teil(
        world,
        lambda h, k: h.save_satzungsparagraph(
            k,
            world.obj("haushaltsplan"),
            nummer=7,
            ueberschrift=f"{MARKER}-PARAGRAPH",
            text=f"{MARKER}-TEXT",
        ),
    ),
    "gewerbebetrieb": lambda world: world.obj("gewerbeanzeige").gewerbebetrieb,
    "gewerbeanzeige": _gewerbeanzeige,
    "uebermittlung": _uebermittlung,
    "auskunft": _auskunft,
}

# Route parameters that are NOT object references (a year, a slug …) and the
# value the probe puts in. Anything else that is neither here nor `<x>_id`
# with a maker makes the probe fail.
PLAIN_PARAMS: dict[str, str] = {
    # A receiving body of the region (gewerbe/data/empfaenger.csv), the same for all Kommunen.
    "empfaenger": "ihk-kassel-marburg",
}


def build_world(kommune_a: Kommune, kommune_b: Kommune, admin_a: User, admin_b: User) -> World:
    """Kommune B with one object per maker; Kommune A with its probe users."""
    world = World(kommune_a=kommune_a, kommune_b=kommune_b, admin_a=admin_a, admin_b=admin_b)
    for model_name in MAKERS:
        world.obj(model_name)
    world.probe_users = {
        # Every role of Kommune A at once: the widest view a Kommune user has.
        "alle_rollen": make_user(kommune_a, "meinhard.probe", list(Rolle.values)),
        "sachbearbeitung": make_user(kommune_a, "meinhard.probe-sb", [Rolle.SACHBEARBEITUNG]),
    }
    return world
