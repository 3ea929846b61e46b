"""The Akten pages: list, new Akte, Akte page with its forms, 404 across Kommunen."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from aktenbund.records import services
from aktenbund.records.models import Akte, AkteZugriff, Freigabe, Vorgang
from aktenbund.tenancy.scope import kommune_scope
from tests.factories import make_user
from tests.records.factories import make_akte, make_vorgang

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def html_of(response) -> str:
    return response.content.decode()


def test_navigation_has_akten_for_kommune_users_only(sb_a, verbund_registratur):
    assert 'href="/akten/">Akten</a>' in html_of(signed_in(sb_a).get("/"))
    assert 'href="/akten/">Akten</a>' not in html_of(signed_in(verbund_registratur).get("/"))
    assert signed_in(verbund_registratur).get("/akten/").status_code == 404


def test_list_shows_readable_akten_with_filters(sb_a, sb_b, akte_a, plan, oe_a):
    zweite = make_akte(sb_a, plan["021"], "Registratur Postbuch")
    client = signed_in(sb_a)
    html = html_of(client.get("/akten/"))
    assert akte_a.aktenzeichen in html and zweite.aktenzeichen in html
    assert "2 Akten" in html
    html = html_of(client.get("/akten/", {"q": "postbuch"}))
    assert zweite.aktenzeichen in html and akte_a.aktenzeichen not in html
    html = html_of(client.get("/akten/", {"aktenplaneinheit": plan["121"].pk}))
    assert akte_a.aktenzeichen in html and zweite.aktenzeichen not in html
    html = html_of(client.get("/akten/", {"status": "zda"}))
    assert "Keine Akten gefunden" in html
    html = html_of(client.get("/akten/", {"oe": oe_a.pk, "vertraulich": "nein"}))
    assert "2 Akten (gefiltert)" in html
    # Sontra sees none of Meinhard's Akten.
    other = html_of(signed_in(sb_b).get("/akten/"))
    assert akte_a.aktenzeichen not in other and "0 Akten" in other


def test_list_is_paginated(sb_a, plan):
    for n in range(27):
        make_akte(sb_a, plan["121"], f"Akte Nummer {n}")
    client = signed_in(sb_a)
    first = html_of(client.get("/akten/", {"q": "Nummer"}))
    assert "Seite 1 von 2" in first and "q=Nummer&amp;seite=2" in first
    second = html_of(client.get("/akten/", {"q": "Nummer", "seite": 2}))
    assert "Seite 2 von 2" in second and "Akte Nummer 0<" in second


def test_clerk_creates_akte(sb_a, plan, oe_a, kommune_a):
    client = signed_in(sb_a)
    form = html_of(client.get("/akten/neu/"))
    assert "121 Gewerbeanzeigen" in form and "32 Ordnungsamt" in form
    response = client.post(
        "/akten/neu/",
        {
            "aktenplaneinheit": plan["121"].pk,
            "betreff": "Gaststätte Zur Linde",
            "beschreibung": "Erlaubnis nach GastG",
            "federfuehrende_oe": oe_a.pk,
        },
    )
    with kommune_scope(kommune_a):
        akte = Akte.objects.get(betreff="Gaststätte Zur Linde")
    assert response.status_code == 302 and response["Location"] == f"/akten/{akte.pk}/"
    page = html_of(client.get(response["Location"]))
    assert akte.aktenzeichen.startswith("121-1/") and akte.aktenzeichen in page
    assert "Akte angelegt" in page  # the timeline
    assert 'aria-label="Brotkrumen"' in page and "121 Gewerbeanzeigen" in page


def test_create_akte_shows_german_errors(sb_a, plan):
    response = signed_in(sb_a).post("/akten/neu/", {"aktenplaneinheit": plan["121"].pk})
    html = html_of(response)
    assert response.status_code == 200
    assert 'id="id_betreff_error"' in html and 'aria-invalid="true"' in html


def test_edit_akte_and_create_vorgang(sb_a, akte_a, kommune_a):
    client = signed_in(sb_a)
    response = client.post(
        f"/akten/{akte_a.pk}/",
        {"betreff": "Gewerbe Müller GmbH", "beschreibung": "neu", "federfuehrende_oe": ""},
    )
    assert response.status_code == 302
    response = client.post(
        f"/akten/{akte_a.pk}/vorgaenge/neu/", {"neu-betreff": "Ummeldung", "neu-frist": ""}
    )
    with kommune_scope(kommune_a):
        vorgang = Vorgang.objects.get(betreff="Ummeldung")
        akte = Akte.objects.get(pk=akte_a.pk)
    assert response["Location"] == f"/akten/vorgaenge/{vorgang.pk}/"
    assert akte.betreff == "Gewerbe Müller GmbH"
    page = html_of(client.get(f"/akten/{akte_a.pk}/"))
    assert vorgang.aktenzeichen in page and "Akte geändert" in page


def test_reader_sees_no_edit_controls_and_post_is_refused(sb_a_bau, akte_a):
    client = signed_in(sb_a_bau)
    page = html_of(client.get(f"/akten/{akte_a.pk}/"))
    assert "lesen, aber nicht bearbeiten" in page and "Vorgang anlegen" not in page
    response = client.post(f"/akten/{akte_a.pk}/", {"betreff": "Fremd"})
    assert response.status_code == 403
    assert "Sie dürfen diese Akte lesen, aber nicht bearbeiten." in html_of(response)


def test_akte_zda_refused_while_vorgang_open_then_closed_and_reopened(
    sb_a, amtsleitung_a, akte_a, vorgang_a, kommune_a
):
    client = signed_in(sb_a)
    response = client.post(f"/akten/{akte_a.pk}/zda/", {"zda_verfuegung": "zdA"})
    assert response.status_code == 409
    assert "Die Akte hat noch offene Vorgänge" in html_of(response)
    client.post(f"/akten/vorgaenge/{vorgang_a.pk}/zda/", {"zda_verfuegung": "Erledigt."})
    response = client.post(f"/akten/{akte_a.pk}/zda/", {"zda_verfuegung": "Akte erledigt."})
    assert response.status_code == 302
    page = html_of(client.get(f"/akten/{akte_a.pk}/"))
    heute = datetime.date.today().strftime("%d.%m.%Y")
    assert f"Akte zdA verfügt am {heute} – nur lesen." in page
    assert "Vorgang anlegen" not in page and "Wieder öffnen" not in page
    leitung = signed_in(amtsleitung_a)
    assert "Akte wieder öffnen" in html_of(leitung.get(f"/akten/{akte_a.pk}/"))
    response = leitung.post(f"/akten/{akte_a.pk}/wiedereroeffnen/", {"grund": ""})
    assert response.status_code == 422 and "Bitte die zdA-Verfügung angeben." in html_of(response)
    response = leitung.post(f"/akten/{akte_a.pk}/wiedereroeffnen/", {"grund": "Widerspruch"})
    assert response.status_code == 302
    assert "Grund: Widerspruch" in html_of(leitung.get(f"/akten/{akte_a.pk}/"))


def test_access_list_of_vertrauliche_akte(sb_a, sb_a_bau, plan, oe_a, kommune_a):
    akte = make_akte(sb_a, plan["121"], "Personalsache", vertraulich=True)
    assert signed_in(sb_a_bau).get(f"/akten/{akte.pk}/").status_code == 404
    client = signed_in(sb_a)
    page = html_of(client.get(f"/akten/{akte.pk}/"))
    assert "Zugriffsliste" in page and "Meinhard Test" in page  # make_user names persons so
    response = client.post(
        f"/akten/{akte.pk}/zugriff/",
        {f"zugriff-p{sb_a.pk}": "bearbeiten", f"zugriff-p{sb_a_bau.pk}": "lesen"},
    )
    assert response.status_code == 302
    with kommune_scope(kommune_a), scopes_disabled():
        assert dict(AkteZugriff.objects.filter(akte=akte).values_list("user_id", "recht")) == {
            sb_a.pk: "bearbeiten",
            sb_a_bau.pk: "lesen",
        }
    assert signed_in(sb_a_bau).get(f"/akten/{akte.pk}/").status_code == 200
    response = client.post(f"/akten/{akte.pk}/zugriff/", {f"zugriff-p{sb_a_bau.pk}": "lesen"})
    assert response.status_code == 422
    assert "Mindestens eine Person muss die Akte bearbeiten dürfen." in html_of(response)


def test_freigabe_of_akte_to_a_person_of_another_kommune(sb_a, sb_b, akte_a, vorgang_a, oe_b):
    client = signed_in(sb_a)
    fragment = html_of(
        client.get("/akten/freigabe-empfaenger/", {"freigabe-empfaenger_kommune": sb_b.kommune_id})
    )
    assert "32 Ordnungsamt" in fragment and "Sontra Test" in fragment
    bis = datetime.date.today() + datetime.timedelta(days=30)
    response = client.post(
        f"/akten/{akte_a.pk}/freigaben/",
        {
            "freigabe-empfaenger_kommune": sb_b.kommune_id,
            "freigabe-empfaenger_oe": oe_b.pk,
            "freigabe-empfaenger_user": sb_b.pk,
            "freigabe-recht": "lesen",
            "freigabe-gueltig_bis": bis.isoformat(),
            "freigabe-grund": "Amtshilfe Gewerbe",
        },
    )
    assert response.status_code == 302
    page = html_of(client.get(f"/akten/{akte_a.pk}/"))
    assert "Sontra, 32 Ordnungsamt, Sontra Test" in page and "Freigabe erteilt" in page
    # Sontra's clerk finds it on the start page and reads Akte and Vorgang.
    other = signed_in(sb_b)
    start = html_of(other.get("/"))
    assert "Für uns freigegeben" in start and akte_a.aktenzeichen in start
    assert bis.strftime("%d.%m.%Y") in start and "Meinhard" in start
    akte_page = html_of(other.get(f"/akten/{akte_a.pk}/"))
    assert "Freigabe der Kommune Meinhard" in akte_page and "nur lesen" in akte_page
    assert "Freigaben (Amtshilfe)" not in akte_page
    assert other.get(f"/akten/vorgaenge/{vorgang_a.pk}/").status_code == 200
    # Revoked: gone again.
    with kommune_scope(sb_a.kommune):
        freigabe = Freigabe.objects.get(akte=akte_a)
    response = client.post(f"/akten/freigaben/{freigabe.pk}/widerrufen/")
    assert response.status_code == 302
    assert other.get(f"/akten/{akte_a.pk}/").status_code == 404


def test_freigabe_form_errors_in_german(sb_a, akte_a, kommune_b):
    response = signed_in(sb_a).post(
        f"/akten/{akte_a.pk}/freigaben/",
        {
            "freigabe-empfaenger_kommune": kommune_b.pk,
            "freigabe-recht": "lesen",
            "freigabe-gueltig_bis": "2001-01-01",
        },
    )
    assert response.status_code == 422
    assert "Das Enddatum liegt in der Vergangenheit." in html_of(response)


def test_other_kommune_gets_404_on_akte_pages(sb_b, akte_a):
    client = signed_in(sb_b)
    for path in ("", "zda/", "wiedereroeffnen/", "zugriff/", "freigaben/", "vorgaenge/neu/"):
        assert client.post(f"/akten/{akte_a.pk}/{path}").status_code == 404
    assert client.get(f"/akten/{akte_a.pk}/").status_code == 404


def test_aktenzeichen_settings(admin_a, sb_a, plan, oe_a, kommune_a):
    assert signed_in(sb_a).get("/akten/aktenzeichen/").status_code == 404
    client = signed_in(admin_a)
    page = html_of(client.get("/akten/aktenzeichen/"))
    jahr = datetime.date.today().year
    assert "{kennzeichen}-{laufnr}/{jahr}" in page and f"121.1-7/{jahr}" in page
    fragment = html_of(
        client.get("/akten/aktenzeichen/beispiel/", {"muster": "{oe}.{kennzeichen}-{laufnr}"})
    )
    assert "32.121.1-7" in fragment
    fragment = html_of(client.get("/akten/aktenzeichen/beispiel/", {"muster": "{kennzeichen}"}))
    assert "genau einmal {laufnr}" in fragment
    response = client.post("/akten/aktenzeichen/", {"muster": "{foo}", "laufnr_stellen": 1})
    assert response.status_code == 422 and "Unbekannter Platzhalter" in html_of(response)
    response = client.post(
        "/akten/aktenzeichen/", {"muster": "{kennzeichen}/{jahr}/{laufnr}", "laufnr_stellen": 3}
    )
    assert response.status_code == 302
    assert f"121.1/{jahr}/007" in html_of(client.get("/akten/aktenzeichen/"))
    akte = make_akte(sb_a, plan["121"], "Neu nach Muster")
    assert akte.aktenzeichen == f"121/{jahr}/001"


def test_start_page_lists_meine_and_zuletzt(sb_a, vorgang_a):
    html = html_of(signed_in(sb_a).get("/"))
    assert "Meine Vorgänge" in html and "Zuletzt bearbeitet" in html
    assert html.count(vorgang_a.aktenzeichen) >= 2
    assert "Guten Tag" in html


def test_registratur_sees_every_kommune_clerk_form(registratur_a, plan, oe_a, oe_a_bau):
    make_user(registratur_a.kommune, "meinhard.extra", ["sachbearbeitung"], [oe_a.pk])
    with kommune_scope(registratur_a.kommune):
        akte = services.create_akte(
            registratur_a,
            aktenplaneinheit=plan["121"],
            betreff="Für Bau",
            federfuehrende_oe=oe_a_bau,
        )
    vorgang = make_vorgang(registratur_a, akte, "Bauantrag")
    assert signed_in(registratur_a).get(f"/akten/vorgaenge/{vorgang.pk}/").status_code == 200
