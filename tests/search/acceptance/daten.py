"""The search acceptance set: short municipal documents of three Kommunen and
the queries a clerk types, with the documents each must and must not find.

Written for this set (no real persons or cases). Meinhard (M), Sontra (S) and
Witzenhausen (W) hold near-duplicates of each other's documents: a query run
by one Kommune's clerk that returns another Kommune's document fails.

`DOKUMENTE`: key → Dok. `ANFRAGEN`: Anfrage(query, Kommune of the clerk,
expected hits, expected non-hits, capability). A query may name a Vorgang's
own Aktenzeichen (the project's pattern) as "{az:<vorgang key>}".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from tests.search.acceptance.daten_verbund import (
    ALLTAG,
    ANFRAGEN_VERBUND,
    EINZELN,
    JE_ORTSTEIL,
    ORTSTEILE,
    VORGAENGE_VERBUND,
)

KOMMUNEN = ("M", "S", "W")


@dataclass(frozen=True)
class Vorgang:
    kommune: str
    akte: str
    betreff: str
    plan: str = "121"  # Kennzeichen in the test Aktenplan


@dataclass(frozen=True)
class Dok:
    vorgang: str
    titel: str
    text: str
    datum: datetime.date = datetime.date(2026, 3, 2)
    typ: str = "schreiben"
    absender: str = ""


@dataclass(frozen=True)
class Anfrage:
    q: str
    kommune: str
    treffer: frozenset[str]
    nicht: frozenset[str] = field(default_factory=frozenset)
    faehigkeit: str = ""
    erster: str = ""  # the document that must rank first (relevance)
    # "Meinten Sie …?": "X" must be offered, "-X" must not, "" none at all
    vorschlag: str | None = None


def d(y: int, m: int, t: int) -> datetime.date:
    return datetime.date(y, m, t)


VORGAENGE = {
    # Meinhard
    "m_gewerbe": Vorgang("M", "Gewerbeangelegenheiten 2026", "Gewerbeanmeldungen"),
    "m_steuer": Vorgang("M", "Hundesteuer", "Veranlagung Hundesteuer 2026"),
    "m_bau": Vorgang("M", "Bauaufsicht Lindenweg", "Bauvoranfrage Carport", "021"),
    "m_gruen": Vorgang("M", "Grünflächenpflege", "Pflege der Grünflächen am Weiher", "900"),
    "m_ordnung": Vorgang("M", "Ordnungsangelegenheiten", "Sondernutzungen und Ausschank"),
    "m_kasse": Vorgang("M", "Gemeindekasse", "Mahnungen und Erstattungen"),
    # Sontra
    "s_gewerbe": Vorgang("S", "Gewerbeangelegenheiten 2026", "Gewerbeanmeldungen"),
    "s_steuer": Vorgang("S", "Hundesteuer", "Veranlagung Hundesteuer 2026"),
    "s_bau": Vorgang("S", "Bauaufsicht Bergstraße", "Bauantrag Wohnhaus", "021"),
    "s_gruen": Vorgang("S", "Grünflächenpflege", "Pflanzgebote im Baugebiet", "900"),
    "s_ordnung": Vorgang("S", "Ordnungsangelegenheiten", "Feste und Ausschank"),
    "s_kasse": Vorgang("S", "Stadtkasse", "Mahnungen"),
    # Witzenhausen
    "w_gewerbe": Vorgang("W", "Gewerbeangelegenheiten 2026", "Gewerbeanmeldungen"),
    "w_steuer": Vorgang("W", "Hundesteuer", "Veranlagung Hundesteuer 2026"),
    "w_bau": Vorgang("W", "Bauaufsicht Kirschenweg", "Bauantrag Scheune", "021"),
    "w_gruen": Vorgang("W", "Grünflächenpflege", "Mähfahrzeuge und Grünschnitt", "900"),
    "w_ordnung": Vorgang("W", "Ordnungsangelegenheiten", "Kirschenfest"),
    "w_kasse": Vorgang("W", "Stadtkasse", "Forderungen"),
}

DOKUMENTE: dict[str, Dok] = {
    # --- Meinhard: Gewerbe -------------------------------------------------------
    "m_gew_baeckerei": Dok(
        "m_gewerbe",
        "Gewerbeanmeldung Bäckerei Sommer",
        "Anmeldung eines Gewerbes nach § 14 GewO: Bäckerei mit Café, Beginn 01.04.2026. "
        "Aktenzeichen 32-11/2025-0044.",
        d(2026, 3, 2),
        "antrag",
        "Lena Sommer",
    ),
    "m_gew_baeckerei_2": Dok(
        "m_gewerbe",
        "Ummeldung Bäckerei Sommer",
        "Die Bäckerei zieht in die Hauptstraße 12 um. Bezug: 32-11/2025-0045.",
        d(2026, 3, 9),
        "antrag",
    ),
    "m_gew_email": Dok(
        "m_gewerbe",
        "Antrag auf E-Mail-Zustellung",
        "Der Betrieb bittet um E-Mail-Zustellung aller Bescheide. Die E-Mail-Zustellung "
        "ersetzt den Postversand.",
        d(2026, 2, 11),
        "antrag",
    ),
    "m_gew_abmeldung": Dok(
        "m_gewerbe",
        "Gewerbeabmeldung Schreinerei Kuhn",
        "Die Schreinerei wird zum 31.01.2026 aufgegeben. Keine E-Mail-Adresse angegeben.",
        d(2026, 2, 1),
        "antrag",
    ),
    "m_gew_reisegewerbe": Dok(
        "m_gewerbe",
        "Reisegewerbekarte Imbisswagen",
        "Erteilung einer Reisegewerbekarte für einen Imbisswagen. Az. BA-2025-0177.",
        d(2025, 12, 5),
        "bescheid",
    ),
    "m_gew_gaststaette": Dok(
        "m_gewerbe",
        "Gaststättenerlaubnis Dorfkrug",
        "Erlaubnis nach dem Gaststättengesetz für den Dorfkrug in Gehau. Az. III/2-123.45.",
        d(2026, 1, 20),
        "bescheid",
    ),
    # --- Meinhard: Hundesteuer ---------------------------------------------------
    "m_hund_bescheid": Dok(
        "m_steuer",
        "Hundesteuerbescheid 2026 Familie Brandt",
        "Für Ihren Hund wird die Hundesteuer 2026 auf 60 Euro festgesetzt. "
        "Kassenzeichen 5.0123.000456.7. Grundlage ist die Satzung nach dem KAG.",
        d(2026, 1, 15),
        "bescheid",
        "",
    ),
    "m_hund_widerspruch": Dok(
        "m_steuer",
        "Widerspruch gegen Steuerfestsetzung",
        "Ich lege Widerspruch gegen den Bescheid ein, da ich keinen Hund mehr halte. "
        "Kassenzeichen 5.0123.000457.1.",
        d(2026, 2, 3),
        "schreiben",
        "Peter Brandt",
    ),
    "m_hund_abmeldung": Dok(
        "m_steuer",
        "Abmeldung eines Hundes",
        "Der Hund ist am 14.02.2026 verstorben. Bitte erstatten Sie die Steuer anteilig.",
        d(2026, 2, 20),
        "antrag",
    ),
    "m_hund_anmeldung": Dok(
        "m_steuer",
        "Anmeldung eines Hundes",
        "Hiermit melde ich meinen Hund Bello zur Hundesteuer an. Rasse: Labrador.",
        d(2026, 3, 4),
        "antrag",
    ),
    "m_hund_mahnung": Dok(
        "m_kasse",
        "Mahnung Hundesteuer",
        "Die Hundesteuer für 2026 ist noch offen. Mahngebühr 5 Euro. "
        "Kassenzeichen 5.0123.000456.7.",
        d(2026, 3, 20),
        "schreiben",
    ),
    # --- Meinhard: Bau ------------------------------------------------------------
    "m_bau_voranfrage": Dok(
        "m_bau",
        "Bauvoranfrage Carport Lindenweg 4",
        "Voranfrage zur Errichtung eines Carports auf dem Flurstück 87/5, Flur 3, "
        "Gemarkung Grandenborn. Die BauNVO lässt Garagen zu.",
        d(2025, 10, 5),
        "antrag",
    ),
    "m_bau_nachbar": Dok(
        "m_bau",
        "Stellungnahme Nachbar Flurstück 87/51",
        "Der Eigentümer des Flurstücks 87/51 erhebt Einwände gegen den Carport.",
        d(2025, 10, 19),
        "schreiben",
    ),
    "m_bau_bescheid": Dok(
        "m_bau",
        "Bauvorbescheid Carport",
        "Der Bauvorbescheid wird erteilt. Rechtsgrundlage ist § 76 HBO. "
        "Gegen diesen Bescheid ist der Widerspruch nach der VwGO zulässig.",
        d(2025, 11, 20),
        "bescheid",
    ),
    "m_bau_baugenehmigung": Dok(
        "m_bau",
        "Antrag auf Baugenehmigung",
        "Antrag auf Erteilung einer Baugenehmigung für ein Einfamilienhaus am Lindenweg.",
        d(2025, 9, 1),
        "antrag",
    ),
    "m_bau_anhoerung": Dok(
        "m_bau",
        "Anhörung nach § 28 VwVfG",
        "Vor Erlass des Bescheids erhalten Sie Gelegenheit zur Äußerung binnen zwei Wochen.",
        d(2025, 11, 2),
        "schreiben",
    ),
    # --- Meinhard: Grün --------------------------------------------------------------
    "m_gruen_pflege": Dok(
        "m_gruen",
        "Pflegeplan Grünflächen 2026",
        "Die Grünfläche am Weiher wird zweimal im Jahr gemäht. Der Grünschnitt wird kompostiert.",
        d(2026, 1, 10),
        "vermerk",
    ),
    "m_gruen_muell": Dok(
        "m_gruen",
        "Müllabfuhr am Dorfgemeinschaftshaus",
        "Die Müllabfuhr leert die Tonnen am Dorfgemeinschaftshaus künftig montags. "
        "Müllgebühren unverändert.",
        d(2026, 2, 2),
        "vermerk",
    ),
    "m_gruen_muell_ae": Dok(
        "m_gruen",
        "Beschwerde Muellabfuhr",
        "Die Muellabfuhr hat die Tonnen in der Strasse Am Anger nicht geleert. "
        "Die Gruenflaeche ist verschmutzt.",
        d(2026, 2, 16),
        "schreiben",
        "Hans Koehler",
    ),
    "m_gruen_maeher": Dok(
        "m_gruen",
        "Reparatur Mähfahrzeug",
        "Das Mähfahrzeug des Bauhofs ist defekt. Die Reparatur kostet 1.200 Euro.",
        d(2026, 4, 2),
        "vermerk",
    ),
    "m_gruen_feuer": Dok(
        "m_gruen",
        "Osterfeuer auf der Wiese",
        "Das Osterfeuer der Feuerwehr findet auf der Wiese am Weiher statt. "
        "Eine Brandwache ist vorgesehen.",
        d(2026, 3, 25),
        "vermerk",
    ),
    "m_gruen_spuel": Dok(
        "m_gruen",
        "Beschaffung Spülmaschine",
        "Für die Küche des Dorfgemeinschaftshauses wird eine Spülmaschine beschafft.",
        d(2026, 1, 28),
        "vermerk",
    ),
    # --- Meinhard: Ordnung --------------------------------------------------------------
    "m_ord_ausschank": Dok(
        "m_ordnung",
        "Ausschankgenehmigung Kirmes",
        "Die Ausschankgenehmigung für die Kirmes am 12.09.2026 wird erteilt. "
        "Gestattung nach § 12 GastG.",
        d(2026, 8, 20),
        "bescheid",
    ),
    "m_ord_sondernutzung": Dok(
        "m_ordnung",
        "Sondernutzungserlaubnis Straßencafé",
        "Für die Tische vor dem Café wird eine Sondernutzung der Straße erlaubt. "
        "Aktenzeichen 32.1-121.1-001/2026.",
        d(2026, 4, 15),
        "bescheid",
    ),
    "m_ord_sondernutzung_2": Dok(
        "m_ordnung",
        "Sondernutzung Werbeschild",
        "Ein Werbeschild auf dem Gehweg wird nicht erlaubt. Aktenzeichen 32.1-121.1-002/2026.",
        d(2026, 4, 16),
        "bescheid",
    ),
    "m_ord_verkehrsschau": Dok(
        "m_ordnung",
        "Protokoll der Verkehrsschau",
        "Bei der Verkehrsschau wurde die Beschilderung in der Schulstraße geprüft.",
        d(2026, 5, 6),
        "vermerk",
    ),
    "m_ord_strassenreinigung": Dok(
        "m_ordnung",
        "Straßenreinigung im Winter",
        "Die Straßenreinigung obliegt den Anliegern gemäß Satzung.",
        d(2025, 12, 1),
        "vermerk",
    ),
    "m_ord_az": Dok(
        "m_ordnung",
        "Verfügung 12-34/2026-0001",
        "Verfügung zum Vorgang 12-34/2026-0001: Lärmschutz bei der Kirmes.",
        d(2026, 6, 1),
        "vermerk",
    ),
    "m_ord_az_2": Dok(
        "m_ordnung",
        "Verfügung 12-34/2026-0002",
        "Verfügung zum Vorgang 12-34/2026-0002: Parken am Festplatz.",
        d(2026, 6, 2),
        "vermerk",
    ),
    "m_ord_az_2025": Dok(
        "m_ordnung",
        "Verfügung 12-34/2025-0001",
        "Verfügung zum Vorgang 12-34/2025-0001 des Vorjahres.",
        d(2025, 6, 1),
        "vermerk",
    ),
    # --- Meinhard: Kasse ----------------------------------------------------------------
    "m_kasse_erstattung": Dok(
        "m_kasse",
        "Erstattung Überzahlung",
        "Die Überzahlung zum Kassenzeichen 5.0123.000999.2 wird erstattet. Az. 661.11-2026/07.",
        d(2026, 7, 7),
        "vermerk",
    ),
    "m_kasse_erstattung_2": Dok(
        "m_kasse",
        "Erstattung Gebühren",
        "Gebühren werden zurückgezahlt. Az. 661.11-2026/17.",
        d(2026, 7, 17),
        "vermerk",
    ),
    "m_kasse_gebuehr": Dok(
        "m_kasse",
        "Gebührenbescheid Friedhof",
        "Die Gebühr für die Grabstelle beträgt 800 Euro. Die Gebühren sind fällig am 01.08.2026.",
        d(2026, 7, 1),
        "bescheid",
    ),
    "m_kasse_quelle": Dok(
        "m_kasse",
        "Quellensteuer Hinweis",
        "Hinweis der Kämmerei zur Quellensteuer auf aktuelle Zinserträge.",
        d(2026, 5, 5),
        "vermerk",
    ),
    # --- Sontra -------------------------------------------------------------------------
    "s_gew_baeckerei": Dok(
        "s_gewerbe",
        "Gewerbeanmeldung Bäckerei Winter",
        "Anmeldung eines Gewerbes nach § 14 GewO: Bäckerei, Beginn 01.05.2026. "
        "Aktenzeichen 32-11/2025-0061.",
        d(2026, 3, 3),
        "antrag",
        "Jonas Winter",
    ),
    "s_gew_email": Dok(
        "s_gewerbe",
        "Antrag auf E-Mail-Zustellung",
        "Der Betrieb bittet um E-Mail-Zustellung aller Bescheide.",
        d(2026, 2, 12),
        "antrag",
    ),
    "s_gew_reisegewerbe": Dok(
        "s_gewerbe",
        "Reisegewerbekarte Eiswagen",
        "Erteilung einer Reisegewerbekarte für einen Eiswagen. Az. BA-2025-0178.",
        d(2025, 12, 6),
        "bescheid",
    ),
    "s_gew_az_fremd": Dok(
        "s_gewerbe",
        "Abgabe an Meinhard",
        "Zuständig ist die Gemeinde Meinhard, dortiges Az. 32-11/2025-0044.",
        d(2026, 3, 5),
        "schreiben",
    ),
    "s_hund_bescheid": Dok(
        "s_steuer",
        "Hundesteuerbescheid 2026 Familie Brandt",
        "Für Ihren Hund wird die Hundesteuer 2026 auf 72 Euro festgesetzt. "
        "Kassenzeichen 5.0123.000456.7. Grundlage ist die Satzung nach dem KAG.",
        d(2026, 1, 15),
        "bescheid",
    ),
    "s_hund_widerspruch": Dok(
        "s_steuer",
        "Widerspruch gegen Steuerfestsetzung",
        "Ich lege Widerspruch gegen den Bescheid ein, da ich keinen Hund mehr halte.",
        d(2026, 2, 4),
        "schreiben",
    ),
    "s_hund_anmeldung": Dok(
        "s_steuer",
        "Anmeldung zweier Hunde",
        "Ich melde zwei Hunde zur Hundesteuer an. Die Anträge liegen bei.",
        d(2026, 3, 6),
        "antrag",
    ),
    "s_bau_antrag": Dok(
        "s_bau",
        "Bauantrag Wohnhaus Bergstraße 7",
        "Bauantrag für ein Wohnhaus auf Flurstück 87/5, Flur 12, Gemarkung Wichmannshausen. "
        "Die BauNVO und die HBO sind zu beachten.",
        d(2025, 10, 6),
        "antrag",
    ),
    "s_bau_bauantraege": Dok(
        "s_bau",
        "Eingangsbestätigung Bauanträge",
        "Wir bestätigen den Eingang Ihrer Bauanträge. Zu Bauanträgen dieser Art holen wir "
        "Stellungnahmen ein.",
        d(2025, 10, 20),
        "schreiben",
    ),
    "s_bau_bindestrich": Dok(
        "s_bau",
        "Nachtrag zum Bau-Antrag",
        "Der Bau-Antrag wird um eine Garage ergänzt. Die Unterlagen folgen per E-Mail.",
        d(2025, 11, 3),
        "schreiben",
    ),
    "s_bau_anhoerung": Dok(
        "s_bau",
        "Anhörung nach § 28 VwVfG",
        "Vor Erlass des Bescheids erhalten Sie Gelegenheit zur Äußerung.",
        d(2025, 11, 4),
        "schreiben",
    ),
    "s_gruen_pflanzgebot": Dok(
        "s_gruen",
        "Pflanzgebot Baugebiet Am Hang",
        "Der Bebauungsplan setzt ein Pflanzgebot fest: je Grundstück ein Laubbaum.",
        d(2026, 4, 1),
        "vermerk",
    ),
    "s_gruen_pflanzgebot_2": Dok(
        "s_gruen",
        "Kontrolle der Pflanzgebote",
        "Die Pflanzgebote wurden auf fünf Grundstücken nicht umgesetzt.",
        d(2026, 10, 1),
        "vermerk",
    ),
    "s_gruen_muell": Dok(
        "s_gruen",
        "Müllabfuhr am Bürgerhaus",
        "Die Müllabfuhr leert die Tonnen am Bürgerhaus künftig dienstags.",
        d(2026, 2, 3),
        "vermerk",
    ),
    "s_gruen_gruenflaeche": Dok(
        "s_gruen",
        "Grünfläche am Weiher",
        "Die Grünfläche am Weiher wird von der Stadt gepflegt.",
        d(2026, 1, 11),
        "vermerk",
    ),
    "s_ord_ausschank": Dok(
        "s_ordnung",
        "Ausschankgenehmigung Schützenfest",
        "Die Ausschankgenehmigung für das Schützenfest wird erteilt.",
        d(2026, 6, 20),
        "bescheid",
    ),
    "s_ord_az": Dok(
        "s_ordnung",
        "Verfügung 12-34/2026-0001",
        "Verfügung zum Vorgang 12-34/2026-0001: Lärmschutz beim Schützenfest.",
        d(2026, 6, 1),
        "vermerk",
    ),
    "s_ord_verkehrsschau": Dok(
        "s_ordnung",
        "Protokoll der Verkehrsschau",
        "Bei der Verkehrsschau wurde die Beschilderung geprüft.",
        d(2026, 5, 7),
        "vermerk",
    ),
    "s_kasse_mahnung": Dok(
        "s_kasse",
        "Mahnung Hundesteuer",
        "Die Hundesteuer für 2026 ist noch offen. Kassenzeichen 5.0123.000456.7.",
        d(2026, 3, 21),
        "schreiben",
    ),
    "s_kasse_erstattung": Dok(
        "s_kasse",
        "Erstattung Überzahlung",
        "Die Überzahlung wird erstattet. Az. 661.11-2026/07.",
        d(2026, 7, 8),
        "vermerk",
    ),
    # --- Witzenhausen ----------------------------------------------------------------------
    "w_gew_baeckerei": Dok(
        "w_gewerbe",
        "Gewerbeanmeldung Bäckerei Herbst",
        "Anmeldung eines Gewerbes nach § 14 GewO: Bäckerei. Aktenzeichen 32-11/2025-0044.",
        d(2026, 3, 2),
        "antrag",
    ),
    "w_gew_email": Dok(
        "w_gewerbe",
        "Antrag auf E-Mail-Zustellung",
        "Der Betrieb bittet um E-Mail-Zustellung aller Bescheide.",
        d(2026, 2, 11),
        "antrag",
    ),
    "w_gew_kirschen": Dok(
        "w_gewerbe",
        "Gewerbeanmeldung Kirschenverkauf",
        "Verkauf von Kirschen an der Landstraße, saisonal. Aktenzeichen 32.1-121.1-001/2026.",
        d(2026, 6, 10),
        "antrag",
    ),
    "w_hund_bescheid": Dok(
        "w_steuer",
        "Hundesteuerbescheid 2026 Familie Brandt",
        "Für Ihren Hund wird die Hundesteuer 2026 auf 84 Euro festgesetzt. "
        "Kassenzeichen 5.0123.000456.7.",
        d(2026, 1, 15),
        "bescheid",
    ),
    "w_bau_scheune": Dok(
        "w_bau",
        "Bauantrag Umnutzung Scheune",
        "Umnutzung einer Scheune zu Wohnzwecken, Flurstück 87/51, Gemarkung Ermschwerd. "
        "Prüfung nach HBO und BauNVO.",
        d(2025, 9, 9),
        "antrag",
    ),
    "w_bau_email": Dok(
        "w_bau",
        "Unterlagen per E-Mail",
        "Die Unterlagen zum Bau-Antrag kamen per E-Mail.",
        d(2025, 9, 12),
        "schreiben",
    ),
    "w_gruen_maeher": Dok(
        "w_gruen",
        "Beschaffung Mähfahrzeug",
        "Ein neues Mähfahrzeug für die Stadtgärtnerei wird ausgeschrieben.",
        d(2026, 3, 30),
        "vermerk",
    ),
    "w_gruen_muell": Dok(
        "w_gruen",
        "Müllabfuhr Kirschenfest",
        "Die Müllabfuhr stellt zum Kirschenfest zusätzliche Tonnen auf.",
        d(2026, 6, 25),
        "vermerk",
    ),
    "w_gruen_spuel": Dok(
        "w_gruen",
        "Spülmaschine Stadthalle",
        "Die Spülmaschine der Stadthalle wird ersetzt.",
        d(2026, 1, 29),
        "vermerk",
    ),
    "w_ord_ausschank": Dok(
        "w_ordnung",
        "Ausschankgenehmigung Kirschenfest",
        "Die Ausschankgenehmigung für das Kirschenfest am 12.07.2026 wird erteilt.",
        d(2026, 6, 21),
        "bescheid",
    ),
    "w_ord_verkehrsschau": Dok(
        "w_ordnung",
        "Protokoll der Verkehrsschau",
        "Bei der Verkehrsschau wurde die Beschilderung am Marktplatz geprüft.",
        d(2026, 5, 8),
        "vermerk",
    ),
    "w_kasse_forderung": Dok(
        "w_kasse",
        "Forderung Kassenzeichen 5.0123.000999.2",
        "Offene Forderung zum Kassenzeichen 5.0123.000999.2. Az. 661.11-2026/07.",
        d(2026, 7, 9),
        "schreiben",
    ),
}

# Everyday documents every Kommune has, in each Kommune's words (near-duplicates
# across the Kommunen): (vorgang suffix, key suffix, Titel, text with {ort}).
GEMEINSAM = (
    (
        "kasse",
        "grundsteuer",
        "Grundsteuerbescheid 2026",
        "Die Grundsteuer B für 2026 wird festgesetzt. Hebesatz der Gemeinde {ort}: 450 %.",
    ),
    (
        "kasse",
        "abwasser",
        "Abwassergebühren 2026",
        "Die Abwassergebühren werden nach dem Frischwassermaßstab berechnet.",
    ),
    (
        "ordnung",
        "laerm",
        "Beschwerde über Lärm",
        "Nachbarn in {ort} beschweren sich über nächtlichen Lärm einer Gaststätte.",
    ),
    ("ordnung", "fundsache", "Fundsache Fahrrad", "Ein Fahrrad wurde im Fundbüro {ort} abgegeben."),
    (
        "ordnung",
        "feuerwehr",
        "Feuerwehreinsatz Scheunenbrand",
        "Die Freiwillige Feuerwehr {ort} löschte einen Scheunenbrand.",
    ),
    (
        "gruen",
        "baumschnitt",
        "Baumschnitt an der Schule",
        "Die Linden an der Schule in {ort} werden im Februar geschnitten.",
    ),
    (
        "gruen",
        "spielplatz",
        "Spielplatzprüfung",
        "Die jährliche Prüfung des Spielplatzes in {ort} ergab keine Mängel.",
    ),
    ("bau", "abriss", "Abrissanzeige Stall", "Der Abriss eines Stalls in {ort} wird angezeigt."),
    (
        "bau",
        "denkmal",
        "Denkmalschutz Fachwerkhaus",
        "Für das Fachwerkhaus in {ort} ist eine denkmalrechtliche Genehmigung erforderlich.",
    ),
    (
        "gewerbe",
        "markt",
        "Wochenmarkt Standplätze",
        "Die Standplätze des Wochenmarkts in {ort} werden neu vergeben.",
    ),
    (
        "steuer",
        "zweitwohnung",
        "Zweitwohnungsteuer Erklärung",
        "Erklärung zur Zweitwohnungsteuer für eine Wohnung in {ort}.",
    ),
    (
        "steuer",
        "vergnuegung",
        "Vergnügungssteuer Spielgeräte",
        "Die Vergnügungssteuer für Spielgeräte in {ort} wird festgesetzt.",
    ),
)
ORTE = {"M": "Meinhard", "S": "Sontra", "W": "Witzenhausen"}

for _kommune, _ort in ORTE.items():
    _k = _kommune.lower()
    for _nr, (_vorgang, _schluessel, _titel, _text) in enumerate(GEMEINSAM):
        DOKUMENTE[f"{_k}_{_schluessel}"] = Dok(
            f"{_k}_{_vorgang}", _titel, _text.format(ort=_ort), d(2026, 1 + _nr, 10), "vermerk"
        )


def _a(q, kommune, treffer, nicht=(), faehigkeit="", erster=""):
    return Anfrage(q, kommune, frozenset(treffer), frozenset(nicht), faehigkeit, erster)


ANFRAGEN = (
    # --- Aktenzeichen: foreign patterns, the demo's, the project's own -------------------
    _a("32-11/2025-0044", "M", {"m_gew_baeckerei"}, {"m_gew_baeckerei_2"}, "aktenzeichen"),
    _a("32-11/2025-0044", "S", {"s_gew_az_fremd"}, {"s_gew_baeckerei"}, "aktenzeichen"),
    _a("32-11/2025-0044", "W", {"w_gew_baeckerei"}, set(), "aktenzeichen"),
    _a("32-11/2025-0045", "M", {"m_gew_baeckerei_2"}, {"m_gew_baeckerei"}, "aktenzeichen"),
    _a("12-34/2026-0001", "M", {"m_ord_az"}, {"m_ord_az_2", "m_ord_az_2025"}, "aktenzeichen"),
    _a("12-34/2026-0002", "M", {"m_ord_az_2"}, {"m_ord_az", "m_ord_az_2025"}, "aktenzeichen"),
    _a("12-34/2026-0001", "S", {"s_ord_az"}, set(), "aktenzeichen"),
    _a("12-34/2026", "M", {"m_ord_az", "m_ord_az_2"}, {"m_ord_az_2025"}, "aktenzeichen"),
    _a("12-34/2026*", "M", {"m_ord_az", "m_ord_az_2"}, {"m_ord_az_2025"}, "aktenzeichen"),
    _a("12-34/2025-0001", "M", {"m_ord_az_2025"}, {"m_ord_az"}, "aktenzeichen"),
    _a(
        "32.1-121.1-001/2026",
        "M",
        {"m_ord_sondernutzung"},
        {"m_ord_sondernutzung_2"},
        "aktenzeichen",
    ),
    _a(
        "32.1-121.1-002/2026",
        "M",
        {"m_ord_sondernutzung_2"},
        {"m_ord_sondernutzung"},
        "aktenzeichen",
    ),
    _a("32.1-121.1-001/2026", "W", {"w_gew_kirschen"}, set(), "aktenzeichen"),
    _a("32.1-121.1*", "M", {"m_ord_sondernutzung", "m_ord_sondernutzung_2"}, set(), "aktenzeichen"),
    _a("BA-2025-0177", "M", {"m_gew_reisegewerbe"}, set(), "aktenzeichen"),
    _a("BA-2025-0178", "S", {"s_gew_reisegewerbe"}, set(), "aktenzeichen"),
    _a("BA-2025-0177", "S", set(), {"s_gew_reisegewerbe"}, "aktenzeichen"),
    _a("III/2-123.45", "M", {"m_gew_gaststaette"}, set(), "aktenzeichen"),
    _a("661.11-2026/07", "M", {"m_kasse_erstattung"}, {"m_kasse_erstattung_2"}, "aktenzeichen"),
    _a("661.11-2026/17", "M", {"m_kasse_erstattung_2"}, {"m_kasse_erstattung"}, "aktenzeichen"),
    _a("661.11-2026/07", "W", {"w_kasse_forderung"}, set(), "aktenzeichen"),
    _a(
        "{az:m_bau}",
        "M",
        {"m_bau_voranfrage", "m_bau_bescheid", "m_bau_nachbar"},
        {"m_gew_baeckerei"},
        "aktenzeichen",
    ),
    _a(
        "{az:s_gruen}",
        "S",
        {"s_gruen_pflanzgebot", "s_gruen_muell"},
        {"s_bau_antrag"},
        "aktenzeichen",
    ),
    _a(
        "{az:w_kasse}",
        "W",
        {"w_kasse_forderung", "w_grundsteuer"},
        {"w_hund_bescheid"},
        "aktenzeichen",
    ),
    # --- Kassenzeichen ----------------------------------------------------------------------
    _a(
        "5.0123.000456.7",
        "M",
        {"m_hund_bescheid", "m_hund_mahnung"},
        {"m_hund_widerspruch"},
        "kassenzeichen",
    ),
    _a("5.0123.000457.1", "M", {"m_hund_widerspruch"}, {"m_hund_bescheid"}, "kassenzeichen"),
    _a("5.0123.000456.7", "S", {"s_hund_bescheid", "s_kasse_mahnung"}, set(), "kassenzeichen"),
    _a("5.0123.000999.2", "W", {"w_kasse_forderung"}, set(), "kassenzeichen"),
    _a("Kassenzeichen 5.0123.000999.2", "M", {"m_kasse_erstattung"}, set(), "kassenzeichen"),
    # --- Flurstücke -------------------------------------------------------------------------
    _a("87/5", "M", {"m_bau_voranfrage"}, {"m_bau_nachbar"}, "flurstueck"),
    _a("87/51", "M", {"m_bau_nachbar"}, {"m_bau_voranfrage"}, "flurstueck"),
    _a("Flurstück 87/5", "S", {"s_bau_antrag"}, set(), "flurstueck"),
    _a("87/5", "W", set(), {"w_bau_scheune"}, "flurstueck"),
    _a('"Flur 3"', "M", {"m_bau_voranfrage"}, set(), "flurstueck"),
    # --- dates ------------------------------------------------------------------------------
    _a("14.02.2026", "M", {"m_hund_abmeldung"}, set(), "datum"),
    _a("12.09.2026", "M", {"m_ord_ausschank"}, set(), "datum"),
    _a("15.01.2026", "M", {"m_hund_bescheid"}, {"m_hund_widerspruch"}, "datum"),
    _a("12.07.2026", "W", {"w_ord_ausschank"}, set(), "datum"),
    _a("01.04.2026", "M", {"m_gew_baeckerei"}, {"s_gew_baeckerei"}, "datum"),
    # --- abbreviations ----------------------------------------------------------------------
    _a("BauNVO", "M", {"m_bau_voranfrage"}, {"m_bau_bescheid"}, "abkuerzung"),
    _a("HBO", "M", {"m_bau_bescheid"}, {"m_bau_voranfrage"}, "abkuerzung"),
    _a("HBO BauNVO", "W", {"w_bau_scheune"}, set(), "abkuerzung"),
    _a("KAG", "M", {"m_hund_bescheid"}, set(), "abkuerzung"),
    _a("VwVfG", "S", {"s_bau_anhoerung"}, set(), "abkuerzung"),
    _a("GewO", "M", {"m_gew_baeckerei"}, set(), "abkuerzung"),
    # --- inflection -------------------------------------------------------------------------
    _a("Antrag", "S", {"s_hund_anmeldung", "s_bau_antrag", "s_gew_email"}, set(), "flexion"),
    _a("Bauanträge", "S", {"s_bau_antrag", "s_bau_bauantraege"}, set(), "flexion"),
    _a("Gebühren", "M", {"m_kasse_gebuehr", "m_kasse_erstattung_2"}, set(), "flexion"),
    _a("Hunde", "S", {"s_hund_anmeldung", "s_hund_bescheid"}, set(), "flexion"),
    _a("Bescheids", "M", {"m_bau_anhoerung", "m_bau_bescheid"}, set(), "flexion"),
    _a("Flurstücks", "M", {"m_bau_nachbar", "m_bau_voranfrage"}, set(), "flexion"),
    # --- compounds: the head finds them, the modifier with its Fuge too ----------------------
    _a(
        "Genehmigung",
        "M",
        {"m_ord_ausschank", "m_bau_baugenehmigung", "m_denkmal"},
        set(),
        "kompositum",
    ),
    _a("Steuer", "M", {"m_hund_bescheid", "m_grundsteuer", "m_zweitwohnung"}, set(), "kompositum"),
    _a("Anmeldung", "S", {"s_gew_baeckerei", "s_hund_anmeldung"}, set(), "kompositum"),
    _a("Hundesteuer", "W", {"w_hund_bescheid"}, {"w_grundsteuer"}, "kompositum"),
    _a(
        "Gewerbe",
        "M",
        {"m_gew_baeckerei", "m_gew_abmeldung", "m_gew_reisegewerbe"},
        set(),
        "kompositum",
    ),
    _a("Verkehr", "M", {"m_ord_verkehrsschau"}, set(), "kompositum"),
    _a("Straße", "M", {"m_ord_strassenreinigung", "m_ord_sondernutzung"}, set(), "kompositum"),
    _a("Gebühr", "S", {"s_abwasser"}, set(), "kompositum"),
    _a("Abwasser", "W", {"w_abwasser"}, set(), "kompositum"),
    _a("Brand", "M", {"m_feuerwehr"}, set(), "kompositum"),
    # --- compounds with a verb stem as modifier ----------------------------------------------
    _a(
        "Pflanzgebot",
        "S",
        {"s_gruen_pflanzgebot", "s_gruen_pflanzgebot_2"},
        set(),
        "kompositum_verbstamm",
    ),
    _a(
        "Gebot",
        "S",
        {"s_gruen_pflanzgebot", "s_gruen_pflanzgebot_2"},
        set(),
        "kompositum_verbstamm",
    ),
    _a("Fahrzeug", "M", {"m_gruen_maeher"}, set(), "kompositum_verbstamm"),
    _a("Fahrzeug", "W", {"w_gruen_maeher"}, set(), "kompositum_verbstamm"),
    _a("Genehmigung", "S", {"s_ord_ausschank"}, set(), "kompositum_verbstamm"),
    _a("Genehmigung", "W", {"w_ord_ausschank", "w_denkmal"}, set(), "kompositum_verbstamm"),
    _a("Maschine", "M", {"m_gruen_spuel"}, set(), "kompositum_verbstamm"),
    _a("Maschine", "W", {"w_gruen_spuel"}, set(), "kompositum_verbstamm"),
    _a("Ausschank", "M", {"m_ord_ausschank"}, set(), "kompositum_verbstamm"),
    # --- ae/oe/ue/ss in every query form ------------------------------------------------------
    _a("Muellabfuhr", "M", {"m_gruen_muell", "m_gruen_muell_ae"}, set(), "umschrift"),
    _a("Müllabfuhr", "M", {"m_gruen_muell", "m_gruen_muell_ae"}, set(), "umschrift"),
    _a("Muell*", "M", {"m_gruen_muell", "m_gruen_muell_ae"}, set(), "umschrift"),
    _a("Müll*", "M", {"m_gruen_muell", "m_gruen_muell_ae"}, set(), "umschrift"),
    _a("Gruenfl*", "M", {"m_gruen_pflege", "m_gruen_muell_ae"}, set(), "umschrift"),
    _a("Gruenfl*", "S", {"s_gruen_gruenflaeche"}, set(), "umschrift"),
    _a('"Gruenflaeche am Weiher"', "S", {"s_gruen_gruenflaeche"}, set(), "umschrift"),
    _a('"Grünfläche am Weiher"', "M", {"m_gruen_pflege"}, set(), "umschrift"),
    _a("Abfuhr", "M", {"m_gruen_muell", "m_gruen_muell_ae"}, set(), "umschrift"),
    _a("Strasse", "M", {"m_gruen_muell_ae", "m_ord_sondernutzung"}, set(), "umschrift"),
    _a("Strassenreinigung", "M", {"m_ord_strassenreinigung"}, set(), "umschrift"),
    _a("Gebuehren", "M", {"m_kasse_gebuehr"}, set(), "umschrift"),
    _a("Koehler", "M", {"m_gruen_muell_ae"}, set(), "umschrift"),
    _a("Köhler", "M", {"m_gruen_muell_ae"}, set(), "umschrift"),
    _a("Maehfahrzeug", "W", {"w_gruen_maeher"}, set(), "umschrift"),
    _a("Spuelmaschine", "M", {"m_gruen_spuel"}, set(), "umschrift"),
    _a("Mahngebuehr", "M", {"m_hund_mahnung"}, set(), "umschrift"),
    _a("Tonnen -Muellabfuhr", "M", set(), {"m_gruen_muell", "m_gruen_muell_ae"}, "umschrift"),
    _a("Tonnen -Muell*", "W", set(), {"w_gruen_muell"}, "umschrift"),
    _a("Feuer", "M", {"m_gruen_feuer"}, set(), "umschrift"),
    _a("Quellensteuer", "M", {"m_kasse_quelle"}, set(), "umschrift"),
    _a("aktuelle", "M", {"m_kasse_quelle"}, set(), "umschrift"),
    # --- phrases with hyphenated words in every position -----------------------------------------
    _a(
        '"Antrag auf E-Mail-Zustellung"',
        "M",
        {"m_gew_email"},
        {"m_gew_abmeldung"},
        "phrase_bindestrich",
    ),
    _a('"E-Mail-Zustellung aller Bescheide"', "S", {"s_gew_email"}, set(), "phrase_bindestrich"),
    _a('"um E-Mail-Zustellung"', "W", {"w_gew_email"}, set(), "phrase_bindestrich"),
    _a("E-Mail-Zustellung", "M", {"m_gew_email"}, {"m_gew_abmeldung"}, "phrase_bindestrich"),
    _a('"per E-Mail"', "S", {"s_bau_bindestrich"}, set(), "phrase_bindestrich"),
    _a('"Der Bau-Antrag wird"', "S", {"s_bau_bindestrich"}, set(), "phrase_bindestrich"),
    _a('"zum Bau-Antrag"', "W", {"w_bau_email"}, set(), "phrase_bindestrich"),
    _a("Bau-Antrag", "S", {"s_bau_bindestrich", "s_bau_antrag"}, set(), "phrase_bindestrich"),
    _a("Bauantrag", "S", {"s_bau_bindestrich", "s_bau_antrag"}, set(), "phrase_bindestrich"),
    _a(
        '"E-Mail-Adresse angegeben"',
        "M",
        {"m_gew_abmeldung"},
        {"m_gew_email"},
        "phrase_bindestrich",
    ),
    _a('"Vorgang 12-34/2026-0001: Lärmschutz"', "M", {"m_ord_az"}, set(), "phrase_bindestrich"),
    # --- phrases ----------------------------------------------------------------------------
    _a(
        '"Widerspruch gegen den Bescheid"',
        "M",
        {"m_hund_widerspruch"},
        {"m_bau_bescheid"},
        "phrase",
    ),
    _a('"keinen Hund"', "S", {"s_hund_widerspruch"}, set(), "phrase"),
    _a('"Freiwillige Feuerwehr"', "W", {"w_feuerwehr"}, set(), "phrase"),
    _a('"Grundsteuer B"', "M", {"m_grundsteuer"}, set(), "phrase"),
    _a('"Hund mehr"', "M", {"m_hund_widerspruch"}, {"m_hund_bescheid"}, "phrase"),
    # --- exclusion --------------------------------------------------------------------------
    _a(
        "Hundesteuer -Mahnung",
        "M",
        {"m_hund_bescheid", "m_hund_anmeldung"},
        {"m_hund_mahnung"},
        "ausschluss",
    ),
    _a(
        'Widerspruch -"keinen Hund"',
        "M",
        {"m_bau_bescheid"},
        {"m_hund_widerspruch"},
        "ausschluss",
    ),
    _a("Bäckerei -Ummeldung", "M", {"m_gew_baeckerei"}, {"m_gew_baeckerei_2"}, "ausschluss"),
    _a("Verkehrsschau -Schulstraße", "M", set(), {"m_ord_verkehrsschau"}, "ausschluss"),
    _a("Verkehrsschau -Marktplatz", "W", set(), {"w_ord_verkehrsschau"}, "ausschluss"),
    _a(
        "Sondernutzung -32.1-121.1-002/2026",
        "M",
        {"m_ord_sondernutzung"},
        {"m_ord_sondernutzung_2"},
        "ausschluss",
    ),
    # --- prefixes ---------------------------------------------------------------------------
    _a("Gewerbe*", "M", {"m_gew_baeckerei", "m_gew_abmeldung"}, set(), "praefix"),
    _a("Hundest*", "W", {"w_hund_bescheid"}, set(), "praefix"),
    _a("Verkehrs*", "S", {"s_ord_verkehrsschau"}, set(), "praefix"),
    _a("Reisegew*", "M", {"m_gew_reisegewerbe"}, set(), "praefix"),
    _a("Zweitwohn*", "S", {"s_zweitwohnung"}, set(), "praefix"),
    _a("BA-2025*", "M", {"m_gew_reisegewerbe"}, set(), "praefix"),
    # --- ranking: the obvious hit first -------------------------------------------------------
    _a("Spielplatzprüfung", "M", {"m_spielplatz"}, set(), "rang", erster="m_spielplatz"),
    _a("Ausschankgenehmigung", "W", {"w_ord_ausschank"}, set(), "rang", erster="w_ord_ausschank"),
    _a("Hundesteuerbescheid", "M", {"m_hund_bescheid"}, set(), "rang", erster="m_hund_bescheid"),
    _a("Fundsache Fahrrad", "S", {"s_fundsache"}, set(), "rang", erster="s_fundsache"),
)

# --- the second part (daten_verbund): everyday documents of all three Kommunen,
# Ortsteile, family names, false splits, dates in both forms, typos -----------------

for _kommune in KOMMUNEN:
    _k = _kommune.lower()
    for _suffix, (_akte, _betreff, _plan) in VORGAENGE_VERBUND.items():
        VORGAENGE[f"{_k}_{_suffix}"] = Vorgang(_kommune, _akte, _betreff, _plan)
    _ortsteile = ORTSTEILE[_kommune]
    for _nr, (_vorgang, _schluessel, _titel, _text) in enumerate(ALLTAG):
        _werte = {"ort": ORTE[_kommune], "ortsteil": _ortsteile[_nr % len(_ortsteile)]}
        DOKUMENTE[f"{_k}_{_schluessel}"] = Dok(
            f"{_k}_{_vorgang}",
            _titel.format(**_werte),
            _text.format(**_werte),
            d(2025, 1 + _nr % 12, 1 + _nr // 12),
            "vermerk",
        )
    for _nr, _ortsteil in enumerate(_ortsteile, start=1):
        for _vorgang, _schluessel, _titel, _text in JE_ORTSTEIL:
            DOKUMENTE[f"{_k}_{_schluessel}_{_nr}"] = Dok(
                f"{_k}_{_vorgang}",
                _titel.format(ortsteil=_ortsteil),
                _text.format(ortsteil=_ortsteil),
                d(2025, _nr, 20),
                "vermerk",
            )
for _kommune, _schluessel, _vorgang, _titel, _text, _datum in EINZELN:
    DOKUMENTE[_schluessel] = Dok(f"{_kommune.lower()}_{_vorgang}", _titel, _text, d(*_datum))

ANFRAGEN += tuple(
    Anfrage(q, kommune, frozenset(treffer), frozenset(nicht), faehigkeit, erster, vorschlag)
    for q, kommune, treffer, nicht, faehigkeit, erster, vorschlag in ANFRAGEN_VERBUND
)

# Queries also sent through GET /api/v1/suche (same results as the service).
API_ANFRAGEN = (
    "12-34/2026-0001",
    "32.1-121.1-001/2026",
    "Muell*",
    '"Antrag auf E-Mail-Zustellung"',
    "Genehmigung",
    "87/5",
    "2026-06-15",
    "Hundesteur",
)
