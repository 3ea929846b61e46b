"""The demo Akten: filed through the services, real PDFs, a Freigabe, idempotent.

The database tests load a small subset (Meinhard and Witzenhausen, five Akten
each: the Amtshilfe Akte, the local node, the vertrauliche Personalakte, the
Haushalt); the full plan of all eleven Kommunen is checked without a database.
"""

from __future__ import annotations

import csv
import datetime
import re
import shutil
import subprocess

import pytest
from django.db import transaction
from django.test import override_settings
from django_scopes import scopes_disabled

from aktenbund.audit.models import AuditEvent
from aktenbund.errors import NotFound
from aktenbund.records import demo, demo_akten, services
from aktenbund.records.demo_szenarien import (
    ORTE,
    Ort,
    anzahl_akten,
    plane_akten,
)
from aktenbund.records.models import (
    Akte,
    Aktenstatus,
    AkteZugriff,
    Dokument,
    Freigabe,
    Recht,
    Version,
    Vorgang,
)
from aktenbund.records.services.aktenzeichen import regel_of
from aktenbund.tenancy import demo as tenancy_demo
from aktenbund.tenancy.models import Kommune, Rolle, User
from aktenbund.tenancy.scope import kommune_scope

KOMMUNEN = ["Meinhard", "Witzenhausen"]
JE_KOMMUNE = 5


@pytest.fixture(scope="module")
def blob_root(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-blobs")


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker, blob_root):
    """Demo Verbund, Aktenplan and a few Akten, once for the module (rolled back after)."""
    settings = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], BLOB_ROOT=blob_root
    )
    with django_db_blocker.unblock(), settings:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            tenancy_demo.load()
            demo.load(akten=False)
            ergebnis = demo_akten.load(kommunen=KOMMUNEN, akten_je_kommune=JE_KOMMUNE)
            yield ergebnis
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _demo_blobs(_test_settings, settings, blob_root):
    # The suite gives every test its own blob store; these tests read the module's.
    settings.BLOB_ROOT = blob_root


def _kommune(name: str) -> Kommune:
    return Kommune.objects.get(name=name)


def _user(kommune: str, rolle: str) -> User:
    return User.objects.get(username=tenancy_demo.username(kommune, rolle))


def _muster_regex(akte: Akte) -> re.Pattern:
    """The Kommune's Aktenzeichen pattern as a regular expression for this Akte."""
    regel = regel_of(akte.kommune_id)
    werte = {
        "kennzeichen": re.escape(akte.aktenplaneinheit.kennzeichen),
        "oe": re.escape(akte.federfuehrende_oe.kurzzeichen),
        "jahr": r"\d{4}",
        "ags": re.escape(akte.kommune.ags),
        "laufnr": rf"\d{{{regel.laufnr_stellen},}}",
    }
    teile = re.split(r"(\{[a-z]+\})", regel.muster)
    return re.compile("".join(werte[t[1:-1]] if t.startswith("{") else re.escape(t) for t in teile))


def pdftotext(data: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode("utf-8").split())


# --- the subset in the database ---------------------------------------------------------


@pytest.mark.django_db
def test_each_kommune_has_its_akten_with_valid_aktenzeichen(demo_db):
    assert demo_db.akten == len(KOMMUNEN) * JE_KOMMUNE
    for name in KOMMUNEN:
        with kommune_scope(_kommune(name)):
            akten = list(
                Akte.objects.select_related("aktenplaneinheit", "federfuehrende_oe", "kommune")
            )
            assert len(akten) == JE_KOMMUNE
            assert len({a.aktenzeichen for a in akten}) == JE_KOMMUNE
            for akte in akten:
                assert _muster_regex(akte).fullmatch(akte.aktenzeichen), akte.aktenzeichen
                vorgaenge = list(akte.vorgaenge.order_by("laufnr"))
                assert 1 <= len(vorgaenge) <= 4
                for nummer, vorgang in enumerate(vorgaenge, start=1):
                    assert vorgang.aktenzeichen == f"{akte.aktenzeichen}/{nummer}"
                    assert vorgang.bearbeiter_id is not None
                    assert 1 <= vorgang.dokumente.count() <= 3
    with kommune_scope(_kommune("Witzenhausen")):
        # Witzenhausen's configured pattern: {oe}-{kennzeichen}-{laufnr:3}/{jahr}.
        assert Akte.objects.filter(aktenzeichen__regex=r"^[0-9.]+-[0-9.]+-\d{3}/\d{4}$").exists()


@pytest.mark.django_db
def test_akten_are_filed_by_the_kommunes_demo_users_under_fitting_nodes(demo_db):
    meinhard = _kommune("Meinhard")
    with kommune_scope(meinhard):
        akten = {a.aktenplaneinheit.kennzeichen: a for a in Akte.objects.all()}
        assert set(akten) == {"124", "56.50.1", "032", "900.1", "900.2"}
        assert akten["124"].erstellt_von == _user("Meinhard", Rolle.GEWERBEAMT)
        assert akten["124"].federfuehrende_oe.kurzzeichen == "32.1"
        assert akten["900.1"].erstellt_von == _user("Meinhard", Rolle.KAEMMEREI)
        assert akten["56.50.1"].aktenplaneinheit.kommune == meinhard  # local node
        events = AuditEvent.objects.filter(kommune=meinhard, action="akte.angelegt")
        assert events.count() == JE_KOMMUNE


@pytest.mark.django_db
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_every_version_is_a_pdf_whose_text_is_extractable(demo_db):
    texte = []
    for name in KOMMUNEN:
        kommune = _kommune(name)
        user = _user(name, Rolle.REGISTRATUR)
        with kommune_scope(kommune):
            versionen = list(Version.objects.select_related("dokument__vorgang"))
            assert versionen
            for version in versionen:
                assert version.mime_type == "application/pdf"
                assert version.dateiname.endswith(".pdf")
                dokument = version.dokument
                with scopes_disabled():
                    if dokument.vorgang.akte.vertraulich:
                        user_fuer = dokument.vorgang.akte.erstellt_von
                    else:
                        user_fuer = user
                _, stream = services.open_version(user_fuer, version)
                with stream:
                    text = pdftotext(stream.read())
                assert dokument.titel in text
                assert dokument.vorgang.aktenzeichen in text
                texte.append(text)
    alles = " ".join(texte)
    assert re.search(r"[äöüÄÖÜß]", alles)
    for wort in ("Haushalt", "Reisegewerbekarte", "Arbeitsvertrag", "Mit freundlichen Grüßen"):
        assert wort in alles


@pytest.mark.django_db
def test_dokumente_carry_metadata_and_some_have_a_second_version(demo_db):
    with kommune_scope(_kommune("Meinhard")):
        dokumente = list(Dokument.objects.all())
        assert {d.richtung for d in dokumente} == {"eingang", "ausgang", "intern"}
        assert len({d.typ for d in dokumente}) >= 4
        for dokument in dokumente:
            assert dokument.datum <= datetime.date.today()
            if dokument.richtung == "eingang":
                assert dokument.absender and dokument.empfaenger
        zweite = Version.objects.filter(nummer=2).select_related("dokument")
        assert zweite.exists()
        for version in zweite:
            assert version.kommentar
            erste = Version.objects.get(dokument=version.dokument, nummer=1)
            assert erste.blob_id != version.blob_id


@pytest.mark.django_db
def test_zda_fristen_and_the_vertrauliche_personalakte(demo_db):
    meinhard = _kommune("Meinhard")
    with kommune_scope(meinhard):
        zda_akte = Akte.objects.get(status=Aktenstatus.ZDA)
        assert zda_akte.betreff.startswith("Haushaltssatzung")
        assert zda_akte.zda_verfuegung.startswith("zdA.")
        assert not zda_akte.vorgaenge.filter(status=Aktenstatus.OFFEN).exists()
        assert Vorgang.objects.filter(status=Aktenstatus.OFFEN, frist__isnull=False).exists()

        personalakte = Akte.objects.get(vertraulich=True)
        zugriff = dict(
            AkteZugriff.objects.filter(akte=personalakte).values_list("user__username", "recht")
        )
        assert zugriff == {
            "meinhard.sachbearbeitung": Recht.BEARBEITEN,
            "meinhard.amtsleitung": Recht.BEARBEITEN,
            "meinhard.kommune-admin": Recht.LESEN,
        }
        assert services.get_akte(_user("Meinhard", Rolle.KOMMUNE_ADMIN), personalakte.pk)
        with pytest.raises(NotFound):
            services.get_akte(_user("Meinhard", Rolle.GEWERBEAMT), personalakte.pk)


@pytest.mark.django_db
def test_the_freigabe_lets_the_named_witzenhausen_user_read(demo_db):
    meinhard, witzenhausen = _kommune("Meinhard"), _kommune("Witzenhausen")
    leser = _user("Witzenhausen", Rolle.GEWERBEAMT)
    with kommune_scope(meinhard):
        freigabe = Freigabe.objects.select_related("akte").get(empfaenger_kommune=witzenhausen)
        assert freigabe.empfaenger_user == leser
        assert freigabe.recht == Recht.LESEN and freigabe.ist_aktiv()
        akte = freigabe.akte
        assert akte.aktenplaneinheit.kennzeichen == "124"
    with kommune_scope(witzenhausen):
        assert [e.objekt.pk for e in services.fuer_uns_freigegeben(leser)] == [akte.pk]
        gelesen = services.get_akte(leser, akte.pk)
        assert gelesen.recht == Recht.LESEN
        version = services.lesbare_dokumente(leser).first().versionen.first()
        _, stream = services.open_version(leser, version)
        with stream:
            assert stream.read(5) == b"%PDF-"
        with pytest.raises(NotFound):
            services.get_akte(_user("Witzenhausen", Rolle.SACHBEARBEITUNG), akte.pk)


@pytest.mark.django_db
def test_loading_again_creates_nothing(demo_db):
    def zaehlen():
        with scopes_disabled():
            return [
                m.objects.count()
                for m in (Akte, Vorgang, Dokument, Version, Freigabe, AkteZugriff, AuditEvent)
            ]

    vorher = zaehlen()
    ergebnis = demo_akten.load(kommunen=KOMMUNEN, akten_je_kommune=JE_KOMMUNE)
    assert zaehlen() == vorher
    assert ergebnis == demo_akten.Ergebnis(vorhanden=len(KOMMUNEN) * JE_KOMMUNE)


# --- the full plan, without a database ----------------------------------------------------


def _ort(name: str, heute: datetime.date) -> Ort:
    plz, ortsteile = ORTE[name]
    personen = {rolle: f"Vorname {rolle.label}" for rolle in Rolle}
    ist_stadt = next(k[3] for k in tenancy_demo.KOMMUNEN if k[0] == name)
    return Ort(name, ist_stadt, plz, ortsteile, heute, personen)


def _kennzeichen() -> set[str]:
    with demo.AKTENPLAN_CSV.open(encoding="utf-8") as datei:
        verbund = {row["Kennzeichen"] for row in csv.DictReader(datei, delimiter=";")}
    lokal = {e[1] for einheiten in demo.LOKALE_EINHEITEN.values() for e in einheiten}
    return verbund | lokal


@pytest.mark.parametrize("heute", [datetime.date(2026, 3, 1), datetime.date(2028, 2, 29)])
def test_the_full_plan_is_some_hundreds_of_plausible_akten(heute):
    kennzeichen = _kennzeichen()
    gesamt = dokumente = 0
    for name, ags, einwohner, _ in tenancy_demo.KOMMUNEN:
        plaene = plane_akten(_ort(name, heute), f"aktenbund-demo-{ags}", anzahl_akten(einwohner))
        assert 25 <= len(plaene) <= 50
        assert len({(p.kennzeichen, p.betreff) for p in plaene}) == len(plaene)
        assert 1 <= sum(p.vertraulich for p in plaene) <= 3
        for plan in plaene:
            assert plan.kennzeichen in kennzeichen
            assert len(plan.betreff) <= 300
            assert 1 <= len(plan.vorgaenge) <= 4
            if plan.zda_verfuegung:
                assert all(v.zda_verfuegung for v in plan.vorgaenge)
            for vorgang in plan.vorgaenge:
                assert 1 <= len(vorgang.dokumente) <= 3
                assert not (vorgang.frist and vorgang.zda_verfuegung)
                for dok in vorgang.dokumente:
                    assert dok.datum <= heute
                    assert len(dok.titel) <= 300 and dok.absaetze
                dokumente += len(vorgang.dokumente)
        gesamt += len(plaene)
    assert 300 <= gesamt <= 450
    assert dokumente >= 900


def test_the_plan_is_deterministic_and_a_smaller_plan_is_a_prefix():
    ort = _ort("Sontra", datetime.date(2026, 5, 4))
    gross = plane_akten(ort, "seed", 30)
    assert plane_akten(ort, "seed", 30) == gross
    assert plane_akten(ort, "seed", 8) == gross[:8]
    assert plane_akten(ort, "anders", 30) != gross
    assert anzahl_akten(1000) == 25 and anzahl_akten(15000) == 50 and anzahl_akten(7600) == 37
