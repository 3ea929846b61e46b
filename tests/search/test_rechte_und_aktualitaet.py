"""Rights inside the query, and an index that follows every change at once."""

from __future__ import annotations

import datetime
import io

from django.utils import timezone
from django_scopes import scopes_disabled

from aktenbund.records import services
from aktenbund.search.models import Suchindex, Volltextquelle
from aktenbund.search.services import set_volltext
from aktenbund.tenancy.scope import kommune_scope
from tests.records.factories import make_akte
from tests.search.conftest import treffer

GEHEIM = "Abmahnung Wagner"
SONTRA = "Gewerbeanmeldung Schlosserei Sontra"
IN_30_TAGEN = timezone.localdate() + datetime.timedelta(days=30)


def test_vertrauliche_akte_only_for_its_access_list(korpus, sb_a, sb_a_bau, amtsleitung_a):
    assert treffer(amtsleitung_a, "Abmahnung") == {GEHEIM}
    assert treffer(sb_a, "Abmahnung") == set()
    assert treffer(sb_a_bau, "Verspätung") == set()
    # the filter and the facet do not reveal it either
    assert treffer(sb_a, "", vertraulich=True) == set()


def test_access_list_change_shows_and_hides_at_once(korpus, sb_a, amtsleitung_a):
    akte = korpus["akten"]["geheim"]
    with kommune_scope(amtsleitung_a.kommune_id):
        services.set_akte_zugriff(
            amtsleitung_a, akte, [(amtsleitung_a, "bearbeiten"), (sb_a, "lesen")]
        )
    assert treffer(sb_a, "Abmahnung") == {GEHEIM}
    with kommune_scope(amtsleitung_a.kommune_id):
        services.set_akte_zugriff(amtsleitung_a, akte, [(amtsleitung_a, "bearbeiten")])
    assert treffer(sb_a, "Abmahnung") == set()


def test_marking_an_akte_vertraulich_hides_it_at_once(korpus, sb_a, sb_a_bau):
    assert treffer(sb_a_bau, "Gewerbeanmeldung") == {"Gewerbeanmeldung Bäckerei Müller"}
    with kommune_scope(sb_a.kommune_id):
        services.update_akte(
            sb_a, korpus["akten"]["gewerbe"], betreff="Gewerbe Müller", vertraulich=True
        )
    assert treffer(sb_a_bau, "Gewerbeanmeldung") == set()
    assert treffer(sb_a, "Gewerbeanmeldung", vertraulich=True) == {
        "Gewerbeanmeldung Bäckerei Müller"
    }


def test_other_kommune_never_appears(korpus, sb_a, sb_b):
    assert SONTRA not in treffer(sb_a, "Gewerbeanmeldung")
    assert treffer(sb_b, "Gewerbeanmeldung") == {SONTRA}
    assert treffer(sb_b, "Hundesteuer") == {SONTRA}
    assert treffer(sb_b, "Bäckerei") == set()


def test_freigabe_granted_and_revoked_shows_and_hides_at_once(korpus, sb_a, sb_b, kommune_b):
    vorgang = korpus["vorgaenge"]["steuer"]
    assert treffer(sb_b, "Bescheid") == set()
    with kommune_scope(sb_a.kommune_id):
        freigabe = services.grant_freigabe(
            sb_a, vorgang=vorgang, empfaenger_kommune=kommune_b, gueltig_bis=IN_30_TAGEN
        )
    assert treffer(sb_b, "Bescheid") == {
        "Hundesteuerbescheid 2026",
        "Widerspruch gegen Steuerfestsetzung",
    }
    # only the granted Vorgang, not the rest of Meinhard
    assert treffer(sb_b, "Gewerbeanmeldung") == {SONTRA}
    with kommune_scope(sb_a.kommune_id):
        services.revoke_freigabe(sb_a, freigabe)
    assert treffer(sb_b, "Bescheid") == set()


def test_new_version_replaces_the_text(korpus, sb_a):
    dokument = korpus["docs"]["widerspruch"]
    assert treffer(sb_a, "Säumniszuschlag") == set()
    with kommune_scope(sb_a.kommune_id):
        services.add_version(
            sb_a,
            dokument,
            dateiname="widerspruch-v2.txt",
            inhalt="Nachtrag: Der Säumniszuschlag ist zu erlassen.".encode(),
        )
    assert treffer(sb_a, "Säumniszuschlag") == {"Widerspruch gegen Steuerfestsetzung"}
    assert treffer(sb_a, '"keinen Hund mehr"') == set()


def test_metadata_edit_is_found_at_once(korpus, sb_a):
    dokument = korpus["docs"]["gewerbe"]
    with kommune_scope(sb_a.kommune_id):
        services.update_dokument(
            sb_a,
            dokument,
            titel="Gewerbeummeldung Konditorei",
            typ="antrag",
            richtung="eingang",
            datum=dokument.datum,
            absender="Karla Meier",
        )
    assert treffer(sb_a, "Konditorei") == {"Gewerbeummeldung Konditorei"}
    assert treffer(sb_a, "Meier") == {"Gewerbeummeldung Konditorei"}
    assert treffer(sb_a, "Karl") == set()
    # the text of the file stays indexed
    assert treffer(sb_a, "Hauptstraße") == {"Gewerbeummeldung Konditorei"}


def test_vorgang_rename_and_move_are_found_at_once(korpus, sb_a, plan):
    vorgang = korpus["vorgaenge"]["gewerbe"]
    alt = vorgang.aktenzeichen
    with kommune_scope(sb_a.kommune_id):
        services.update_vorgang(sb_a, vorgang, betreff="Betriebsübernahme Müller")
    assert treffer(sb_a, "Betriebsübernahme") == {"Gewerbeanmeldung Bäckerei Müller"}
    ziel = make_akte(sb_a, plan["121"], "Sammelakte Gaststätten")
    with kommune_scope(sb_a.kommune_id):
        vorgang = services.move_vorgang(sb_a, vorgang, ziel)
    assert treffer(sb_a, "Gaststätten") == {"Gewerbeanmeldung Bäckerei Müller"}
    assert treffer(sb_a, f'"{vorgang.aktenzeichen}"') == {"Gewerbeanmeldung Bäckerei Müller"}
    # the former Aktenzeichen stays findable
    assert "Gewerbeanmeldung Bäckerei Müller" in treffer(sb_a, f'"{alt}"')


def test_set_volltext_hook_for_ocr(korpus, sb_a, sb_a_bau):
    dokument = korpus["docs"]["antrag"]
    with kommune_scope(sb_a.kommune_id):
        set_volltext(dokument, "Gescanntes Formular: Grundstück Flurstück 4711")
    assert treffer(sb_a, "Flurstück") == {"Antrag auf Baugenehmigung"}
    with kommune_scope(sb_a.kommune_id), scopes_disabled():
        eintrag = Suchindex.objects.get(dokument=dokument)
    assert eintrag.volltext_quelle == Volltextquelle.OCR
    # a metadata edit keeps the recognised text
    with kommune_scope(sb_a.kommune_id):
        services.update_dokument(
            sb_a_bau,
            dokument,
            titel="Bauantrag Lindenweg",
            typ="antrag",
            richtung="eingang",
            datum=dokument.datum,
        )
    assert treffer(sb_a, "Flurstück") == {"Bauantrag Lindenweg"}


def test_pdf_text_is_extracted(korpus, sb_a):
    from aktenbund.web.pdf import render_html_pdf

    inhalt = render_html_pdf(
        "<html><body><p>Sondernutzungserlaubnis für den Marktplatz</p></body></html>"
    )
    with kommune_scope(sb_a.kommune_id):
        services.add_dokument(
            sb_a,
            korpus["vorgaenge"]["gewerbe"],
            titel="Erlaubnis",
            dateiname="erlaubnis.pdf",
            inhalt=inhalt,
        )
    assert treffer(sb_a, "Marktplatz") == {"Erlaubnis"}
    assert treffer(sb_a, "Nutzungserlaubnis") == {"Erlaubnis"}


def test_reindex_command_rebuilds_a_lost_index(korpus, sb_a):
    from django.core.management import call_command
    from django.db import connection

    with kommune_scope(sb_a.kommune_id), scopes_disabled():
        Suchindex.objects.filter(kommune_id=sb_a.kommune_id).delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM search_fts")
    assert treffer(sb_a, "Widerspruch") == set()
    call_command("reindex_suche", kommune=sb_a.kommune.ags, stdout=io.StringIO())
    assert treffer(sb_a, "Widerspruch") == {
        "Hundesteuerbescheid 2026",
        "Widerspruch gegen Steuerfestsetzung",
    }


def test_search_shows_exactly_what_lesbare_dokumente_shows(
    korpus, sb_a, sb_a_bau, amtsleitung_a, sb_b, kommune_b
):
    """The search's rights condition and records.services.lesbare_dokumente agree."""
    with kommune_scope(sb_a_bau.kommune_id):
        services.grant_freigabe(
            sb_a_bau,
            akte=korpus["akten"]["bau"],
            empfaenger_kommune=kommune_b,
            gueltig_bis=IN_30_TAGEN,
        )
    for user in (sb_a, sb_a_bau, amtsleitung_a, sb_b):
        with kommune_scope(user.kommune_id), scopes_disabled():
            erwartet = set(services.lesbare_dokumente(user).values_list("titel", flat=True))
        assert treffer(user, "") == erwartet, user.username
