"""The whole plan as one PDF/A-2b (the shared `web.pdf.render_pdf`)."""

from __future__ import annotations

from aktenbund.haushalt.models import Haushaltsplan
from aktenbund.haushalt.services.anlagen import investitionsprogramm, stellenplan
from aktenbund.haushalt.services.plan import spalten_titel, statements
from aktenbund.haushalt.services.rahmen import Exportdatei
from aktenbund.haushalt.services.satzung import haushaltssatzung
from aktenbund.tenancy.scope import kommune_scope
from aktenbund.web.pdf import render_pdf


def plan_pdf(plan: Haushaltsplan) -> Exportdatei:
    """Cover, contents with page numbers, Vorbericht, Satzung, Gesamt- and Teilhaushalte,
    Investitionsprogramm and Stellenplan, in the order Hessian plans print them."""
    berechnet = statements(plan)
    with kommune_scope(plan.kommune_id):
        kontext = {
            "plan": plan,
            "kommune": plan.kommune,
            "berechnet": berechnet,
            "satzung": haushaltssatzung(plan, berechnet),
            "programm": investitionsprogramm(plan, berechnet.posten),
            "stellenplan": stellenplan(plan),
            "spalten": spalten_titel(plan),
            "darf_aendern": False,
        }
        inhalt = render_pdf("haushalt/pdf/plan.html", kontext)
    name = plan.bezeichnung.lower().replace(" ", "-").replace("/", "-").replace(".", "")
    return Exportdatei(inhalt, f"{name}.pdf", "application/pdf")
