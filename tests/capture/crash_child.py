"""Child-process steps of the crash test: set up, read the state (run with -m)."""

from __future__ import annotations

import json
import sys

import django


def setup() -> None:
    from aktenbund.capture import services
    from aktenbund.tenancy.scope import kommune_scope
    from tests.capture import dateien as d
    from tests.factories import make_kommune, make_oe, make_user, make_verbund
    from tests.records.factories import (
        make_akte,
        make_kleiner_aktenplan,
        make_verbund_registratur,
        make_vorgang,
    )

    verbund = make_verbund()
    kommune = make_kommune(verbund, "Meinhard", "06636007", 4560)
    admin = make_user(kommune, "crash.admin", ["kommune_admin"])
    oe = make_oe(admin, kommune, "32", "Ordnungsamt")
    sb = make_user(kommune, "crash.sb", ["sachbearbeitung"], [oe.pk])
    plan = make_kleiner_aktenplan(make_verbund_registratur())
    vorgang = make_vorgang(sb, make_akte(sb, plan["121"], "Crash"), "Crash-Vorgang")
    seiten = "\n".join(f"Seite {n}: Bauantrag Grundstück Flur {n}" for n in range(1, 4))
    with kommune_scope(kommune):
        eintrag = services.receive(
            kommune_id=kommune.pk,
            oe=oe,
            quelle="upload",
            actor=sb,
            dateien=[
                services.Eingangsdatei("brief.pdf", d.text_pdf("Anschreiben zum Bauantrag")),
                services.Eingangsdatei("scan.tif", d.tiff_mehrseitig(seiten, seiten, seiten)),
            ],
            ziel_vorgang=vorgang,
        )
    print(json.dumps({"kommune": kommune.pk, "eintrag": eintrag.pk, "vorgang": vorgang.pk}))


def state(kommune_id: int, eintrag_id: int, vorgang_id: int) -> None:
    from django_scopes import scopes_disabled
    from django_tasks_db.models import DBTaskResult

    from aktenbund.audit.models import AuditEvent
    from aktenbund.capture.models import Posteingangseintrag, Rendition
    from aktenbund.records.models import Dokument, Version
    from aktenbund.tenancy.scope import kommune_scope

    with kommune_scope(kommune_id), scopes_disabled():
        eintrag = Posteingangseintrag.objects.get(pk=eintrag_id)
        dokumente = list(
            Dokument.objects.filter(vorgang_id=vorgang_id)
            .order_by("pk")
            .values_list("titel", flat=True)
        )
        print(
            json.dumps(
                {
                    "status": eintrag.status,
                    "fehlergrund": eintrag.fehlergrund,
                    "versuche": eintrag.versuche,
                    "dokumente": dokumente,
                    "versionen": Version.objects.filter(dokument__vorgang_id=vorgang_id).count(),
                    "renditionen": Rendition.objects.filter(
                        version__dokument__vorgang_id=vorgang_id
                    ).count(),
                    "verarbeitet": list(
                        eintrag.dateien.order_by("nummer").values_list("verarbeitet", flat=True)
                    ),
                    "zugeordnet_events": AuditEvent.objects.filter(
                        action="posteingang.zugeordnet", object_id=str(eintrag_id)
                    ).count(),
                    "tasks": [
                        [path.rsplit(".", 1)[-1], status]
                        for path, status in DBTaskResult.objects.order_by(
                            "enqueued_at"
                        ).values_list("task_path", "status")
                    ],
                }
            )
        )


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] == "setup":
        setup()
    else:
        state(*(int(a) for a in sys.argv[2:5]))
