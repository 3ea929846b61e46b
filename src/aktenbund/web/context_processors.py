"""Navigation per role: each entry appears only for those who may use it."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from aktenbund.tenancy.models import Rolle


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = [("Übersicht", reverse("web:start"))]
    # Everyone reads the Aktenplan: Kommune users and the Verbund's staff alike.
    if user.kommune_id:
        items.append(("Akten", reverse("akten:liste")))
    items.append(("Aktenplan", reverse("records:aktenplan")))
    items.append(("Haushalt", reverse("haushalt:index")))
    if user.is_verbund_admin:
        items.append(("Kommunen", reverse("tenancy:kommunen")))
    elif user.kommune_id:
        items.append(("Suche", reverse("search:suche")))
        items.append(("Posteingang", reverse("capture:posteingang")))
        if user.has_rolle(Rolle.KOMMUNE_ADMIN):
            items += [
                ("Organisationseinheiten", reverse("tenancy:oe_liste")),
                ("Benutzer", reverse("tenancy:benutzer_liste")),
                ("Mailkonten", reverse("mailkonten:liste")),
                ("Protokoll", reverse("tenancy:protokoll")),
                ("Supportfreigaben", reverse("tenancy:supportfreigaben")),
            ]
        if user.has_rolle(Rolle.GEWERBEAMT, Rolle.AMTSLEITUNG):
            items.append(("Gewerbe", reverse("gewerbe:register")))
        items.append(("Vertretungen", reverse("tenancy:vertretungen")))
    items.append(("Mein Konto", reverse("web:konto")))
    current = request.path
    return {
        "navigation": [
            {
                "label": label,
                "url": url,
                "current": current == url or (url != "/" and current.startswith(url)),
            }
            for label, url in items
        ]
    }
