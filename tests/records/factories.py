"""Aktenplan objects for tests, made through the services as users make them."""

from __future__ import annotations

from django.db.models import QuerySet
from django_scopes import scopes_disabled

from aktenbund.records import services
from aktenbund.records.models import Aktenplaneinheit
from aktenbund.tenancy.models import Kommune, User
from aktenbund.tenancy.scope import kommune_scope
from tests.factories import PASSWORD

# A small Verbund Aktenplan: (Kennzeichen, parent, Titel, Frist, Aussonderungsart).
KLEINER_AKTENPLAN = [
    ("0", None, "Allgemeine Verwaltung", 10, "B"),
    ("02", "0", "Organisation", 10, "B"),
    ("021", "02", "Schriftgutverwaltung, Registratur", 30, "A"),
    ("1", None, "Sicherheit und Ordnung", 10, "B"),
    ("12", "1", "Gewerbe", 10, "B"),
    ("121", "12", "Gewerbeanzeigen (§ 14 GewO)", 5, "B"),
    ("9", None, "Finanzen", 10, "B"),
    ("900", "9", "Haushaltssatzung und Haushaltsplan", None, "A"),
]


def alle_einheiten() -> QuerySet[Aktenplaneinheit]:
    """Every node the database shows here: all on SQLite; on PostgreSQL the
    row-level policy of the current transaction still applies."""
    with scopes_disabled():
        return Aktenplaneinheit.objects.all()


def _verbund_admin() -> User:
    return User.objects.get(username="verbund.admin")


def make_verbund_registratur(username: str = "verbund.registratur") -> User:
    user, _ = services.create_verbund_registratur(
        _verbund_admin(), username=username, last_name="Registratur", password=PASSWORD
    )
    return user


def make_einheit(
    actor: User,
    kennzeichen: str,
    titel: str,
    *,
    parent: Aktenplaneinheit | None = None,
    aufbewahrungsfrist: int | None = 10,
    aussonderungsart: str = "B",
    beschreibung: str = "",
) -> Aktenplaneinheit:
    return services.create_aktenplaneinheit(
        actor,
        parent=parent,
        kennzeichen=kennzeichen,
        titel=titel,
        beschreibung=beschreibung,
        aufbewahrungsfrist=aufbewahrungsfrist,
        aussonderungsart=aussonderungsart,
    )


def make_kleiner_aktenplan(registratur: User) -> dict[str, Aktenplaneinheit]:
    """The Verbund nodes of KLEINER_AKTENPLAN, by Kennzeichen."""
    nodes: dict[str, Aktenplaneinheit] = {}
    for kennzeichen, parent, titel, frist, art in KLEINER_AKTENPLAN:
        nodes[kennzeichen] = make_einheit(
            registratur,
            kennzeichen,
            titel,
            parent=nodes.get(parent) if parent else None,
            aufbewahrungsfrist=frist,
            aussonderungsart=art,
        )
    return nodes


def make_probe_aktenplaneinheit(
    kommune: Kommune, actor: User, *, marker: str | None = None
) -> Aktenplaneinheit:
    """A local Aktenplaneinheit of `kommune` for the tenant-isolation probe.

    `actor` is a Kommune-Admin or Registratur of `kommune`. The local node hangs
    below a Verbund node (created by the Verbund administration when there is
    none yet, without the marker: every Kommune may see it). Titel and
    Beschreibung carry the probe's marker.
    """
    if marker is None:
        from tests.security.probe_objects import MARKER

        marker = MARKER
    with kommune_scope(None):
        parent = services.aktenplan_for(None).order_by("kennzeichen").first()
    if parent is None:
        parent = make_einheit(_verbund_admin(), "8", "Probe-Hauptgruppe des Verbunds")
    with kommune_scope(kommune):
        taken = set(services.aktenplan_for(kommune.pk).values_list("kennzeichen", flat=True))
    kennzeichen = next(
        k for k in (f"{parent.kennzeichen}.{n}" for n in range(50, 100)) if k not in taken
    )
    return make_einheit(
        actor,
        kennzeichen,
        f"{marker}-AKTENPLANEINHEIT",
        parent=parent,
        beschreibung=f"{marker}-BESCHREIBUNG",
    )


def pdf_bytes(text: str = "Aktenbund") -> bytes:
    """A small valid one-page PDF (the text goes into its metadata)."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.docinfo["/Title"] = text
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def make_akte(actor: User, einheit: Aktenplaneinheit, betreff: str = "Testakte", **kwargs):
    from aktenbund.tenancy.scope import kommune_scope

    with kommune_scope(actor.kommune_id):
        return services.create_akte(actor, aktenplaneinheit=einheit, betreff=betreff, **kwargs)


def make_vorgang(actor: User, akte, betreff: str = "Testvorgang", **kwargs):
    from aktenbund.tenancy.scope import kommune_scope

    with kommune_scope(actor.kommune_id):
        return services.create_vorgang(actor, akte, betreff=betreff, **kwargs)


def make_dokument(actor: User, vorgang, titel: str = "Antrag", **kwargs):
    from aktenbund.tenancy.scope import kommune_scope

    kwargs.setdefault("dateiname", "antrag.pdf")
    kwargs.setdefault("inhalt", pdf_bytes(titel))
    with kommune_scope(actor.kommune_id):
        return services.add_dokument(actor, vorgang, titel=titel, **kwargs)
