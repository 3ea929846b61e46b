"""API: Kommunen, Organisationseinheiten, Benutzer, Vertretungen, Supportfreigaben,
API-Tokens.

Path parameters are named `<model>_id`; the tenant-isolation probe relies on it.
"""

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from aktenbund.api import Datum, ObjektId, Seiten
from aktenbund.errors import NotFound
from aktenbund.tenancy import services, supportfreigaben
from aktenbund.tenancy.models import (
    ApiToken,
    Kommune,
    Organisationseinheit,
    Rolle,
    User,
    Vertretung,
)
from aktenbund.tenancy.scope import kommune_scope

router = Router(tags=["Mandanten und Benutzer"])


# --- schemas --------------------------------------------------------------


class KommuneOut(Schema):
    id: int
    name: str
    ags: str
    einwohner: int
    ist_stadt: bool
    aktiv: bool


class KommuneIn(Schema):
    name: str = Field(..., max_length=200)
    ags: str = Field(..., description="Amtlicher Gemeindeschlüssel, 8 Ziffern")
    einwohner: int = Field(..., ge=0, le=100_000_000)
    ist_stadt: bool = False


class KommuneUpdate(Schema):
    name: str = Field(..., max_length=200)
    einwohner: int = Field(..., ge=0, le=100_000_000)
    ist_stadt: bool = False


class OrganisationseinheitOut(Schema):
    id: int
    name: str
    kurzzeichen: str
    parent_id: ObjektId | None
    aktiv: bool


class OrganisationseinheitIn(Schema):
    name: str = Field(..., max_length=200)
    kurzzeichen: str = Field(..., max_length=20)
    parent_id: ObjektId | None = None
    aktiv: bool = True


class BenutzerOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    is_active: bool
    kommune_id: ObjektId | None
    rollen: list[str]
    organisationseinheiten: list[int]


class PersonOut(Schema):
    """A colleague as everyone may see them: enough to choose a person (no e-mail,
    roles or OEs; those are for the administration)."""

    id: int
    username: str
    first_name: str
    last_name: str


class BenutzerIn(Schema):
    username: str = Field(..., max_length=150)
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    rollen: list[Rolle] = []
    organisationseinheiten: list[ObjektId] = []
    kommune_id: ObjektId | None = Field(
        None,
        description="nur für die Verbund-Administration: die erste Kommune-Administration "
        "(nur Rolle kommune_admin, ohne OEs) oder, mit Supportfreigabe, jede Person",
    )


class BenutzerUpdate(Schema):
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    rollen: list[Rolle] = []
    organisationseinheiten: list[ObjektId] = []


class BenutzerCreated(Schema):
    benutzer: BenutzerOut
    initiales_passwort: str


class PasswortOut(Schema):
    initiales_passwort: str


class IchOut(Schema):
    id: int
    username: str
    name: str
    kommune: KommuneOut | None
    rollen: list[str]
    is_verbund_admin: bool


class VertretungOut(Schema):
    id: int
    vertretene_person_id: ObjektId
    vertreter_id: ObjektId
    von: datetime.date
    bis: datetime.date
    beendet_am: datetime.datetime | None
    grund: str


class SupportfreigabeOut(Schema):
    id: int
    kommune_id: ObjektId
    gueltig_bis: datetime.date
    grund: str
    erteilt_von_id: ObjektId
    erteilt_am: datetime.datetime
    widerrufen_am: datetime.datetime | None
    aktiv: bool

    @staticmethod
    def resolve_aktiv(obj) -> bool:
        return obj.ist_aktiv()


class SupportfreigabeIn(Schema):
    gueltig_bis: Datum = Field(
        ..., description="letzter Tag; höchstens AKTENBUND_SUPPORTFREIGABE_MAX_TAGE ab heute"
    )
    grund: str = Field("", max_length=300)


class VertretungIn(Schema):
    vertretene_person_id: ObjektId
    vertreter_id: ObjektId
    von: Datum = Field(..., description="heute oder später")
    bis: Datum = Field(..., description="Ende; höchstens AKTENBUND_VERTRETUNG_MAX_TAGE")
    grund: str = Field("", max_length=200)


class VertretungEnde(Schema):
    bis: Datum


class ApiTokenOut(Schema):
    id: int
    name: str
    prefix: str
    erstellt_am: datetime.datetime
    zuletzt_benutzt: datetime.datetime | None
    widerrufen_am: datetime.datetime | None


class ApiTokenIn(Schema):
    name: str = Field("API-Token", max_length=100)


class ApiTokenCreated(Schema):
    token: ApiTokenOut
    klartext: str = Field(..., description="Wird nur jetzt angezeigt.")


# --- me -------------------------------------------------------------------


@router.get("/ich", response=IchOut, summary="Die angemeldete Person")
def ich(request: HttpRequest):
    user = request.user
    return IchOut(
        id=user.pk,
        username=user.username,
        name=str(user),
        kommune=user.kommune,
        rollen=sorted(user.rollen()),
        is_verbund_admin=user.is_verbund_admin,
    )


# --- Kommunen -------------------------------------------------------------


def _kommune_for(user: User, kommune_id: ObjektId) -> Kommune:
    kommune = Kommune.objects.filter(pk=kommune_id).first()
    if kommune is None or not (user.is_verbund_admin or user.kommune_id == kommune.pk):
        raise NotFound("Diese Kommune gibt es nicht.")
    return kommune


@router.get("/kommunen", response=list[KommuneOut], summary="Kommunen des Verbunds")
@paginate(Seiten)
def list_kommunen(request: HttpRequest):
    """Verbund administration sees all Kommunen, everyone else only their own."""
    user = request.user
    if user.is_verbund_admin:
        return Kommune.objects.all()
    return Kommune.objects.filter(pk=user.kommune_id)


@router.post("/kommunen", response={201: KommuneOut}, summary="Kommune anlegen (Verbund)")
def create_kommune(request: HttpRequest, payload: KommuneIn):
    kommune = services.create_kommune(request.user, **payload.dict())
    return 201, kommune


@router.get("/kommunen/{kommune_id}", response=KommuneOut, summary="Eine Kommune")
def get_kommune(request: HttpRequest, kommune_id: ObjektId):
    return _kommune_for(request.user, kommune_id)


@router.put("/kommunen/{kommune_id}", response=KommuneOut, summary="Kommune ändern (Verbund)")
def update_kommune(request: HttpRequest, kommune_id: ObjektId, payload: KommuneUpdate):
    kommune = _kommune_for(request.user, kommune_id)
    return services.update_kommune(request.user, kommune, **payload.dict())


# --- Organisationseinheiten -----------------------------------------------


def _oe(oe_id: ObjektId | None, field: str | None = None) -> Organisationseinheit | None:
    """The OE of the current Kommune; `field` names the input it came from, if any."""
    if oe_id is None:
        return None
    oe = Organisationseinheit.objects.filter(pk=oe_id).first()
    if oe is None:
        errors = {field: "Diese Organisationseinheit gibt es nicht."} if field else None
        raise NotFound("Diese Organisationseinheit gibt es nicht.", errors)
    return oe


@router.get(
    "/organisationseinheiten",
    response=list[OrganisationseinheitOut],
    summary="Organisationseinheiten der eigenen Kommune",
)
@paginate(Seiten)
def list_organisationseinheiten(request: HttpRequest, aktiv: bool | None = None):
    qs = Organisationseinheit.objects.all()
    if aktiv is not None:
        qs = qs.filter(aktiv=aktiv)
    return qs


@router.post(
    "/organisationseinheiten",
    response={201: OrganisationseinheitOut},
    summary="Organisationseinheit anlegen",
)
def create_organisationseinheit(request: HttpRequest, payload: OrganisationseinheitIn):
    user = request.user
    if user.kommune is None:
        raise NotFound("Nicht gefunden.")
    oe = services.create_organisationseinheit(
        user,
        user.kommune,
        name=payload.name,
        kurzzeichen=payload.kurzzeichen,
        parent=_oe(payload.parent_id, "parent_id"),
    )
    return 201, oe


@router.get(
    "/organisationseinheiten/{organisationseinheit_id}",
    response=OrganisationseinheitOut,
    summary="Eine Organisationseinheit",
)
def get_organisationseinheit(request: HttpRequest, organisationseinheit_id: ObjektId):
    return _oe(organisationseinheit_id)


@router.put(
    "/organisationseinheiten/{organisationseinheit_id}",
    response=OrganisationseinheitOut,
    summary="Organisationseinheit ändern",
)
def update_organisationseinheit(
    request: HttpRequest, organisationseinheit_id: ObjektId, payload: OrganisationseinheitIn
):
    oe = _oe(organisationseinheit_id)
    return services.update_organisationseinheit(
        request.user,
        oe,
        name=payload.name,
        kurzzeichen=payload.kurzzeichen,
        parent=_oe(payload.parent_id, "parent_id"),
        aktiv=payload.aktiv,
    )


# --- Benutzer -------------------------------------------------------------


def _scoped_user(actor: User, user_id: ObjektId) -> User:
    return services.get_user(actor, user_id)


def _out(user: User) -> BenutzerOut:
    """A user with roles and OEs, read in the user's own Kommune."""
    with kommune_scope(user.kommune_id):
        oe_ids = user.mitgliedschaften.values_list("organisationseinheit_id", flat=True)
        return BenutzerOut(
            id=user.pk,
            username=user.username,
            first_name=user.first_name,
            last_name=user.last_name,
            email=user.email,
            is_active=user.is_active,
            kommune_id=user.kommune_id,
            rollen=sorted(user.rollen()),
            organisationseinheiten=sorted(oe_ids),
        )


def _person(user: User) -> PersonOut:
    return PersonOut(
        id=user.pk, username=user.username, first_name=user.first_name, last_name=user.last_name
    )


@router.get("/benutzer", response=list[BenutzerOut | PersonOut], summary="Personen einer Kommune")
@paginate(Seiten)
def list_benutzer(request: HttpRequest, kommune_id: ObjektId | None = None):
    """Die Administration der Kommune (und die Verbund-Administration mit
    Supportfreigabe, `kommune_id` angeben) bekommt alle Personen mit E-Mail, Rollen
    und Organisationseinheiten (`BenutzerOut`). Alle anderen bekommen nur die
    aktiven Personen der eigenen Kommune mit Namen, um jemanden auszuwählen
    (`PersonOut`)."""
    actor = request.user
    target = kommune_id if actor.is_verbund_admin else actor.kommune_id
    if target is None:
        return []
    if kommune_id not in (None, target):
        raise NotFound("Diese Kommune gibt es nicht.")
    if actor.is_verbund_admin or services.can_administer(actor, target):
        return [_out(u) for u in services.users_of(actor, target)]
    return [_person(u) for u in User.objects.filter(kommune_id=target, is_active=True)]


@router.post("/benutzer", response={201: BenutzerCreated}, summary="Person anlegen")
def create_benutzer(request: HttpRequest, payload: BenutzerIn):
    actor = request.user
    if not actor.is_verbund_admin and payload.kommune_id not in (None, actor.kommune_id):
        raise NotFound("Diese Kommune gibt es nicht.", {"kommune_id": "unbekannt"})
    kommune_id = payload.kommune_id if actor.is_verbund_admin else actor.kommune_id
    if kommune_id is None:
        raise NotFound("Diese Kommune gibt es nicht.", {"kommune_id": "fehlt oder unbekannt"})
    kommune = _kommune_for(actor, kommune_id)
    user, password = services.create_user(
        actor,
        kommune,
        username=payload.username,
        first_name=payload.first_name,
        last_name=payload.last_name,
        email=payload.email,
        rollen=[str(r) for r in payload.rollen],
        organisationseinheit_ids=payload.organisationseinheiten,
    )
    return 201, BenutzerCreated(benutzer=_out(user), initiales_passwort=password)


@router.get("/benutzer/{user_id}", response=BenutzerOut, summary="Eine Person")
def get_benutzer(request: HttpRequest, user_id: ObjektId):
    return _out(_scoped_user(request.user, user_id))


@router.put("/benutzer/{user_id}", response=BenutzerOut, summary="Person ändern")
def update_benutzer(request: HttpRequest, user_id: ObjektId, payload: BenutzerUpdate):
    user = services.update_user(
        request.user,
        _scoped_user(request.user, user_id),
        first_name=payload.first_name,
        last_name=payload.last_name,
        email=payload.email,
        rollen=[str(r) for r in payload.rollen],
        organisationseinheit_ids=payload.organisationseinheiten,
    )
    return _out(user)


@router.post(
    "/benutzer/{user_id}/deaktivieren", response=BenutzerOut, summary="Person deaktivieren"
)
def deactivate_benutzer(request: HttpRequest, user_id: ObjektId):
    user = _scoped_user(request.user, user_id)
    return _out(services.set_user_active(request.user, user, active=False))


@router.post("/benutzer/{user_id}/aktivieren", response=BenutzerOut, summary="Person aktivieren")
def activate_benutzer(request: HttpRequest, user_id: ObjektId):
    user = _scoped_user(request.user, user_id)
    return _out(services.set_user_active(request.user, user, active=True))


@router.post(
    "/benutzer/{user_id}/passwort-zuruecksetzen",
    response=PasswortOut,
    summary="Einmalpasswort vergeben",
)
def reset_benutzer_passwort(request: HttpRequest, user_id: ObjektId):
    user = _scoped_user(request.user, user_id)
    return PasswortOut(initiales_passwort=services.reset_password(request.user, user))


# --- Vertretungen ---------------------------------------------------------


def _kommune_user(actor: User, user_id: ObjektId, field: str) -> User:
    user = User.objects.filter(pk=user_id, kommune_id=actor.kommune_id).first()
    if user is None or actor.kommune_id is None:
        raise NotFound("Diese Person gibt es nicht.", {field: "unbekannt"})
    return user


@router.get("/vertretungen", response=list[VertretungOut], summary="Vertretungen der Kommune")
@paginate(Seiten)
def list_vertretungen(request: HttpRequest, aktuell: bool = False):
    qs = Vertretung.objects.all()
    return qs.aktiv() if aktuell else qs


@router.post("/vertretungen", response={201: VertretungOut}, summary="Vertretung eintragen")
def create_vertretung(request: HttpRequest, payload: VertretungIn):
    actor = request.user
    vertretung = services.create_vertretung(
        actor,
        vertretene_person=_kommune_user(
            actor, payload.vertretene_person_id, "vertretene_person_id"
        ),
        vertreter=_kommune_user(actor, payload.vertreter_id, "vertreter_id"),
        von=payload.von,
        bis=payload.bis,
        grund=payload.grund,
    )
    return 201, vertretung


@router.post(
    "/vertretungen/{vertretung_id}/beenden", response=VertretungOut, summary="Vertretung beenden"
)
def end_vertretung(request: HttpRequest, vertretung_id: ObjektId, payload: VertretungEnde):
    vertretung = Vertretung.objects.filter(pk=vertretung_id).first()
    if vertretung is None:
        raise NotFound("Diese Vertretung gibt es nicht.")
    return services.end_vertretung(request.user, vertretung, bis=payload.bis)


# --- Supportfreigaben -----------------------------------------------------


@router.get(
    "/supportfreigaben",
    response=list[SupportfreigabeOut],
    summary="Supportfreigaben einer Kommune für die Verbund-Administration",
)
@paginate(Seiten)
def list_supportfreigaben(request: HttpRequest, kommune_id: ObjektId | None = None):
    """Die Kommune-Administration sieht die eigenen, die Verbund-Administration die
    der Kommune `kommune_id` (neueste zuerst)."""
    actor = request.user
    target = kommune_id if actor.is_verbund_admin else actor.kommune_id
    if target is None or kommune_id not in (None, target):
        raise NotFound("Diese Kommune gibt es nicht.", {"kommune_id": "unbekannt"})
    kommune = _kommune_for(actor, target)
    with kommune_scope(kommune):
        return list(supportfreigaben.supportfreigaben_of(actor, kommune.pk))


@router.post(
    "/supportfreigaben",
    response={201: SupportfreigabeOut},
    summary="Supportfreigabe erteilen (Kommune-Admin)",
)
def create_supportfreigabe(request: HttpRequest, payload: SupportfreigabeIn):
    """Die Verbund-Administration darf ab sofort bis einschließlich `gueltig_bis` in der
    eigenen Kommune Personen, Rollen, OEs usw. verwalten."""
    freigabe = supportfreigaben.grant_supportfreigabe(
        request.user, gueltig_bis=payload.gueltig_bis, grund=payload.grund
    )
    return 201, freigabe


@router.post(
    "/supportfreigaben/{supportfreigabe_id}/widerrufen",
    response=SupportfreigabeOut,
    summary="Supportfreigabe widerrufen (Kommune-Admin)",
)
def revoke_supportfreigabe(request: HttpRequest, supportfreigabe_id: ObjektId):
    freigabe = supportfreigaben.get_supportfreigabe(request.user, supportfreigabe_id)
    return supportfreigaben.revoke_supportfreigabe(request.user, freigabe)


# --- API tokens -----------------------------------------------------------


@router.get("/api-tokens", response=list[ApiTokenOut], summary="Eigene API-Tokens")
@paginate(Seiten)
def list_api_tokens(request: HttpRequest):
    return ApiToken.objects.filter(user=request.user)


@router.post("/api-tokens", response={201: ApiTokenCreated}, summary="API-Token erzeugen")
def create_api_token(request: HttpRequest, payload: ApiTokenIn):
    token, plaintext = services.create_api_token(request.user, payload.name)
    return 201, ApiTokenCreated(token=token, klartext=plaintext)


@router.delete("/api-tokens/{apitoken_id}", response=ApiTokenOut, summary="API-Token widerrufen")
def revoke_api_token(request: HttpRequest, apitoken_id: ObjektId):
    token = ApiToken.objects.filter(pk=apitoken_id, user=request.user).first()
    if token is None:
        raise NotFound("Dieses Token gibt es nicht.")
    return services.revoke_api_token(request.user, token)
