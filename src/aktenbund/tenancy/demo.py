"""Demo Verbund: the eleven Kommunen of the seed, their OEs and one user per role."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from aktenbund.tenancy import services
from aktenbund.tenancy.models import Kommune, Organisationseinheit, Rolle, User, Verbund
from aktenbund.tenancy.scope import kommune_scope

DEMO_PASSWORD = "Aktenbund-Demo-2026"
VERBUND_ADMIN = "verbund.admin"

# AGS and approximate Einwohner from ../shared/standards/NOTES.md §7.
KOMMUNEN = [
    ("Bad Sooden-Allendorf", "06636001", 8300, True),
    ("Berkatal", "06636002", 1500, False),
    ("Herleshausen", "06636005", 2700, False),
    ("Meinhard", "06636007", 4560, False),
    ("Neu-Eichenberg", "06636009", 1850, False),
    ("Ringgau", "06636010", 2900, False),
    ("Sontra", "06636011", 7600, True),
    ("Waldkappel", "06636012", 4100, True),
    ("Wehretal", "06636014", 5000, False),
    ("Weißenborn", "06636015", 1000, False),
    ("Witzenhausen", "06636016", 15000, True),
]

# (Kurzzeichen, Bezeichnung, übergeordnetes Kurzzeichen)
OES = [
    ("10", "Hauptamt", None),
    ("20", "Kämmerei", None),
    ("32", "Ordnungsamt", None),
    ("32.1", "Gewerbeamt", "32"),
    ("33", "Bürgerbüro", None),
    ("60", "Bauamt", None),
]

# Role → OE the demo user works in.
ROLLEN_OE = {
    Rolle.SACHBEARBEITUNG: "10",
    Rolle.REGISTRATUR: "10",
    Rolle.AMTSLEITUNG: "10",
    Rolle.KAEMMEREI: "20",
    Rolle.GEWERBEAMT: "32.1",
    Rolle.KOMMUNE_ADMIN: "10",
    Rolle.ARCHIV: "10",
}

VORNAMEN = [
    "Anna",
    "Jonas",
    "Petra",
    "Lukas",
    "Sabine",
    "Thomas",
    "Miriam",
    "Stefan",
    "Julia",
    "Andreas",
    "Katrin",
    "Michael",
    "Laura",
    "Frank",
    "Nina",
    "Uwe",
    "Sarah",
    "Jörg",
]
NACHNAMEN = [
    "Becker",
    "Schmidt",
    "Wagner",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hartmann",
    "Lange",
    "Werner",
    "Krause",
    "Lehmann",
    "Köhler",
    "Herrmann",
    "König",
]


def slug(name: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "-"})
    return name.lower().translate(table)


def username(kommune_name: str, rolle: str) -> str:
    return f"{slug(kommune_name)}.{rolle.replace('_', '-')}"


@dataclass
class Login:
    kommune: str
    rolle: str
    username: str


@transaction.atomic
def load() -> list[Login]:
    """Create what is missing of the demo Verbund; running it again adds nothing.

    As in real life, the Verbund administration creates each Kommune and its
    first Kommune-Admin; that Kommune-Admin sets up the OEs and the other users
    (the Verbund administration may not, DESIGN §4).
    """
    verbund = Verbund.objects.first() or Verbund.objects.create(
        name="IT-Verbund der Kommunen im Werra-Meißner-Kreis", kurzname="IKZ Werra-Meißner"
    )
    admin = User.objects.filter(username=VERBUND_ADMIN).first()
    if admin is None:
        admin = services.create_verbund_admin(
            VERBUND_ADMIN, DEMO_PASSWORD, first_name="Vera", last_name="Verbund"
        )
    logins = [Login("Verbund", "Verbund-Administration", VERBUND_ADMIN)]
    rollen = list(Rolle)
    for nummer, (name, ags, einwohner, ist_stadt) in enumerate(KOMMUNEN):
        kommune = Kommune.objects.filter(ags=ags).first() or services.create_kommune(
            admin, name=name, ags=ags, einwohner=einwohner, ist_stadt=ist_stadt
        )
        assert kommune.verbund_id == verbund.pk
        # Person number n (counted across the Verbund) gets the n-th names.
        erste_person = nummer * len(rollen) + 1
        with kommune_scope(kommune):
            nummer_admin = erste_person + rollen.index(Rolle.KOMMUNE_ADMIN)
            kommune_admin = _ensure_user(admin, kommune, Rolle.KOMMUNE_ADMIN, nummer_admin)
            oes = _ensure_oes(kommune_admin, kommune)
            hauptamt = oes[ROLLEN_OE[Rolle.KOMMUNE_ADMIN]]
            if not kommune_admin.mitgliedschaften.filter(organisationseinheit=hauptamt).exists():
                services.update_user(
                    kommune_admin,
                    kommune_admin,
                    first_name=kommune_admin.first_name,
                    last_name=kommune_admin.last_name,
                    email=kommune_admin.email,
                    rollen=[Rolle.KOMMUNE_ADMIN],
                    organisationseinheit_ids=[hauptamt.pk],
                )
            for index, rolle in enumerate(rollen):
                _ensure_user(kommune_admin, kommune, rolle, erste_person + index, oes)
                logins.append(Login(name, rolle.label, username(name, rolle.value)))
    return logins


def _ensure_user(
    actor: User,
    kommune: Kommune,
    rolle: Rolle,
    person: int,
    oes: dict[str, Organisationseinheit] | None = None,
) -> User:
    """The demo user of `rolle` in `kommune` (created by `actor` when missing).

    Without `oes` it is the first Kommune-Admin, whom the Verbund administration
    appoints without an OE (the Kommune-Admin joins the Hauptamt afterwards).
    """
    login = username(kommune.name, rolle.value)
    user = User.objects.filter(username=login).first()
    if user is None:
        user, _ = services.create_user(
            actor,
            kommune,
            username=login,
            first_name=VORNAMEN[person % len(VORNAMEN)],
            last_name=NACHNAMEN[(person * 7) % len(NACHNAMEN)],
            email=f"{login}@{slug(kommune.name)}.example",
            rollen=[rolle.value],
            organisationseinheit_ids=[oes[ROLLEN_OE[rolle]].pk] if oes else [],
            password=DEMO_PASSWORD,
        )
    return user


def _ensure_oes(admin: User, kommune: Kommune) -> dict[str, Organisationseinheit]:
    existing = {oe.kurzzeichen: oe for oe in Organisationseinheit.objects.all()}
    for kurzzeichen, bezeichnung, parent in OES:
        if kurzzeichen not in existing:
            existing[kurzzeichen] = services.create_organisationseinheit(
                admin,
                kommune,
                name=bezeichnung,
                kurzzeichen=kurzzeichen,
                parent=existing.get(parent) if parent else None,
            )
    return existing
