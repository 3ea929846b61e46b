"""The Kommune's Protokoll as its administration reads it (Verwaltung › Protokoll).

Every event of the chain is listed — number, time, person, action, object —
so that no gap can hide. Its details (Betreff, Titel, file names …) are
shown only where the viewer may see the object itself:
- events about the administration's own objects (persons, OEs,
  Vertretungen, tokens, Supportfreigaben, the Kommune): always;
- events about Akten, Vorgänge, Dokumente, Versionen and Freigaben: only
  when the viewer may read that object (`records.services.zugriff`), so a
  vertrauliche Akte's Betreff stays with the persons on its access list;
- events about anything else: never here (its own pages show its history to
  those who may see it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aktenbund.audit.models import AuditEvent
from aktenbund.tenancy.models import User

VERWALTUNG = {
    "kommune",
    "user",
    "organisationseinheit",
    "vertretung",
    "apitoken",
    "supportfreigabe",
}
RECORDS = {"akte", "vorgang", "dokument", "version", "freigabe"}
MAX_ZEICHEN = 300


@dataclass(frozen=True)
class Eintrag:
    """One line of the Protokoll; `details` is empty when withheld."""

    event: AuditEvent
    details: str
    zurueckgehalten: bool


def _lesbar(user: User, object_type: str, ids: set[int]) -> set[int]:
    """Which of the ids of one records type the user may read."""
    # records builds on tenancy; imported here to keep tenancy importable on its own.
    from django_scopes import scopes_disabled

    from aktenbund.records.models import Freigabe, Version
    from aktenbund.records.services import zugriff

    with scopes_disabled():
        if object_type == "akte":
            qs = zugriff.lesbare_akten(user)
        elif object_type == "vorgang":
            qs = zugriff.lesbare_vorgaenge(user)
        elif object_type == "dokument":
            qs = zugriff.lesbare_dokumente(user)
        elif object_type == "version":
            qs = Version.objects.filter(dokument__in=zugriff.lesbare_dokumente(user).values("pk"))
        else:
            akten = zugriff.lesbare_akten(user).values("pk")
            vorgaenge = zugriff.lesbare_vorgaenge(user).values("pk")
            qs = Freigabe.objects.filter(akte__in=akten) | Freigabe.objects.filter(
                vorgang__in=vorgaenge
            )
        return set(qs.filter(pk__in=ids).values_list("pk", flat=True))


def _text(details: dict[str, Any]) -> str:
    text = "; ".join(f"{key}: {value}" for key, value in sorted(details.items()))
    return text if len(text) <= MAX_ZEICHEN else text[: MAX_ZEICHEN - 1] + "…"


def eintraege_fuer(user: User, events: Iterable[AuditEvent]) -> list[Eintrag]:
    """The events with the details `user` may see (one query per records type)."""
    events = list(events)
    wanted: dict[str, set[int]] = {}
    for event in events:
        if event.object_type in RECORDS and event.object_id.isdigit():
            wanted.setdefault(event.object_type, set()).add(int(event.object_id))
    lesbar = {typ: _lesbar(user, typ, ids) for typ, ids in wanted.items()}
    eintraege = []
    for event in events:
        if event.object_type in VERWALTUNG or not event.object_type:
            zeigen = True
        elif event.object_type in RECORDS:
            zeigen = event.object_id.isdigit() and int(event.object_id) in lesbar.get(
                event.object_type, set()
            )
        else:
            zeigen = False
        details = _text(event.details) if zeigen and event.details else ""
        eintraege.append(Eintrag(event, details, zurueckgehalten=not zeigen))
    return eintraege
