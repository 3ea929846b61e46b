"""The second part of the acceptance set (issue 14, points 3 and 5): everyday
documents of all three Kommunen (near-duplicates), Ortsteile and family
names that must not be split, words that contain shorter words without being
compounds, dates in both forms, and typos with their "Meinten Sie …?".

Imported by `daten`, which adds these to its DOKUMENTE, VORGAENGE and
ANFRAGEN. Written for this set (no real persons or cases).
"""

from __future__ import annotations

import datetime

ORTSTEILE = {
    "M": ("Grebendorf", "Schwebda", "Frieda", "Jestädt", "Motzenrode"),
    "S": ("Berneburg", "Breitau", "Wichmannshausen", "Ulfen", "Sontra"),
    "W": ("Gertenbach", "Hundelshausen", "Ermschwerd", "Witzenhausen"),
}

# Vorgang suffix → (Akte, Betreff, Aktenplan-Kennzeichen), for every Kommune.
VORGAENGE_VERBUND = {
    "ortsbeirat": ("Ortsbeiräte", "Sitzungen der Ortsbeiräte", "121"),
    "post": ("Zustellungen", "Förmliche Zustellungen", "121"),
    "personal": ("Personalangelegenheiten", "Stellenbesetzungen", "121"),
    "umwelt": ("Abwasserbeseitigung", "Kläranlage und Gewässer", "900"),
    "soziales": ("Soziales und Kultur", "Vereine, Senioren, Kultur", "121"),
    "verkehr": ("Straßenverkehr", "Verkehrsrechtliche Anordnungen", "121"),
}

# Everyday documents in each Kommune's words: (Vorgang suffix, key suffix,
# Titel, text with {ort} and {ortsteil}). Dated one day apart per template.
ALLTAG = (
    ("ortsbeirat", "ob_einladung", "Einladung Ortsbeirat {ortsteil}",
     "Der Ortsbeirat {ortsteil} tagt am Dienstag im Dorfgemeinschaftshaus. Tagesordnung: "
     "Haushaltswünsche, Friedhofspflege, Verschiedenes."),
    ("ortsbeirat", "ob_niederschrift", "Niederschrift Ortsbeirat {ortsteil}",
     "Niederschrift über die Sitzung des Ortsbeirats {ortsteil}. Anwesend: fünf Mitglieder. "
     "Beschluss: Antrag auf Sanierung des Buswartehäuschens."),
    ("ortsbeirat", "ob_haushalt", "Haushaltswünsche {ortsteil}",
     "Der Ortsbeirat {ortsteil} meldet für den Haushaltsplan 2027 eine neue Sitzbank am "
     "Ehrenmal und die Reparatur der Friedhofsmauer an."),
    ("post", "zustellung_bescheid", "Zustellungsurkunde Gebührenbescheid",
     "Die Zustellung des Gebührenbescheids erfolgte durch Einlegen in den Briefkasten. "
     "Die Zustellungsurkunde liegt der Akte bei."),
    ("post", "zustellung_oeffentlich", "Öffentliche Zustellung",
     "Da der Aufenthalt unbekannt ist, wird der Bescheid öffentlich zugestellt. Die "
     "Benachrichtigung hängt zwei Wochen im Schaukasten des Rathauses {ort}."),
    ("ordnung", "einstellung", "Einstellung des Verfahrens",
     "Das Ordnungswidrigkeitenverfahren wird eingestellt. Die Einstellung wird dem "
     "Betroffenen formlos mitgeteilt."),
    ("personal", "stellenausschreibung", "Stellenausschreibung Bauhof",
     "Die Gemeinde {ort} sucht zum nächsten Monat eine Fachkraft für den Bauhof. "
     "Bewerbungen mit Lebenslauf bis Monatsende."),
    ("personal", "einstellung_personal", "Einstellung Verwaltungsfachangestellte",
     "Zum 01.09.2026 wird eine Verwaltungsfachangestellte im Bürgerbüro eingestellt. "
     "Die Einstellung erfolgt unbefristet."),
    ("personal", "fortbildung", "Fortbildung Vergaberecht",
     "Zwei Beschäftigte der Verwaltung {ort} nehmen an einer Fortbildung zum Vergaberecht "
     "in Kassel teil."),
    ("personal", "telefonanlage", "Erneuerung Telefonanlage",
     "Die Telefonanlage des Rathauses wird erneuert. Neue Telefonnummern werden im "
     "Amtsblatt bekanntgegeben."),
    ("umwelt", "klaerschlamm", "Klärschlammentsorgung",
     "Der Klärschlamm der Kläranlage {ort} wird im Herbst thermisch verwertet. Die "
     "Entsorgungskosten steigen um zwölf Prozent."),
    ("umwelt", "bachlauf", "Renaturierung Bachlauf",
     "Der Bachlauf am Ortsrand von {ortsteil} wird renaturiert. Der Bach erhält wieder "
     "ein natürliches Bett."),
    ("umwelt", "hochwasser", "Hochwasserschutz",
     "Nach dem Starkregen prüft die Gemeinde {ort} den Hochwasserschutz. Der "
     "Regenrückhalteplan wird überarbeitet."),
    ("umwelt", "trinkwasser", "Trinkwasseruntersuchung",
     "Die Trinkwasseruntersuchung im Hochbehälter {ortsteil} ergab keine Beanstandungen."),
    ("umwelt", "streuobst", "Streuobstwiese Pflege",
     "Die Streuobstwiese bei {ortsteil} wird im März geschnitten. Schafe beweiden die "
     "Fläche im Sommer; Lämmer sind willkommen."),
    ("soziales", "seniorennachmittag", "Seniorennachmittag",
     "Der Seniorennachmittag in {ortsteil} findet im Advent statt. Der Posaunenchor spielt."),
    ("soziales", "vereinsfoerderung", "Vereinsförderung Sportverein",
     "Der Sportverein {ortsteil} erhält einen Zuschuss für neue Flutlichtmasten."),
    ("soziales", "kirmes", "Kirmes {ortsteil}",
     "Die Kirmesburschen aus {ortsteil} beantragen die Nutzung des Festplatzes für drei Tage."),
    ("soziales", "buecherei", "Gemeindebücherei",
     "Die Bücherei im Bürgerhaus {ort} erweitert ihre Öffnungszeiten auf Samstag."),
    ("soziales", "jugendraum", "Jugendraum Renovierung",
     "Der Jugendraum in {ortsteil} wird von den Jugendlichen selbst gestrichen."),
    ("verkehr", "halteverbot", "Absolutes Halteverbot Kirmes",
     "Für die Kirmes wird in der Hauptstraße ein absolutes Halteverbot angeordnet."),
    ("verkehr", "tempo30", "Tempo 30 vor der Grundschule",
     "Vor der Grundschule in {ortsteil} wird eine Geschwindigkeitsbeschränkung auf 30 km/h "
     "angeordnet."),
    ("verkehr", "baustelle", "Vollsperrung wegen Kanalbau",
     "Wegen Kanalbauarbeiten wird die Ortsdurchfahrt {ortsteil} drei Wochen voll gesperrt. "
     "Die Umleitung ist ausgeschildert."),
    ("verkehr", "parkausweis", "Bewohnerparkausweis",
     "Antrag auf einen Bewohnerparkausweis für die Altstadt von {ort}."),
    ("verkehr", "schulweg", "Schulwegsicherung",
     "Eltern aus {ortsteil} bitten um einen Zebrastreifen am Schulweg."),
    ("kasse", "mahnlauf", "Mahnlauf Oktober",
     "Im Mahnlauf Oktober wurden 143 Mahnungen versandt. Säumniszuschläge nach der AO."),
    ("kasse", "stundung", "Stundung Gewerbesteuer",
     "Die Gewerbesteuer wird auf Antrag bis zum Jahresende gestundet. Stundungszinsen fallen an."),
    ("kasse", "ratenzahlung", "Ratenzahlung Abwassergebühren",
     "Für die rückständigen Abwassergebühren wird eine Ratenzahlung von 50 Euro monatlich "
     "vereinbart."),
    ("gewerbe", "imbiss", "Gewerbeanmeldung Imbiss",
     "Anmeldung eines Imbisses in {ortsteil}, Beginn nächsten Monat."),
    ("gewerbe", "taxi", "Taxigenehmigung",
     "Antrag auf Genehmigung eines Taxiunternehmens mit zwei Fahrzeugen in {ort}."),
    ("gewerbe", "spielhalle", "Spielhallenerlaubnis",
     "Die Erlaubnis für eine Spielhalle wird versagt; der Mindestabstand zur Schule fehlt."),
    ("gewerbe", "flohmarkt", "Flohmarkt auf dem Festplatz",
     "Der Flohmarkt auf dem Festplatz {ortsteil} wird als Veranstaltung festgesetzt."),
    ("bau", "solaranlage", "Solaranlage Scheunendach",
     "Bauanzeige für eine Solaranlage auf einem Scheunendach in {ortsteil}; genehmigungsfrei."),
    ("bau", "nutzungsaenderung", "Nutzungsänderung Gaststätte",
     "Nutzungsänderung einer Gaststätte in {ortsteil} zu Wohnungen. Stellplätze fehlen."),
    ("bau", "bebauungsplan", "Bebauungsplan Am Sportplatz",
     "Der Entwurf des Bebauungsplans Am Sportplatz in {ortsteil} liegt öffentlich aus."),
    ("bau", "carport", "Carport Grenzbebauung",
     "Ein Carport an der Grundstücksgrenze in {ortsteil} ist nach HBO zulässig."),
    ("gruen", "friedhof", "Friedhofsgebühren",
     "Die Friedhofsgebühren in {ortsteil} werden zum neuen Jahr angepasst."),
    ("gruen", "baumfaellung", "Baumfällung Eiche",
     "Die abgestorbene Eiche am Friedhof {ortsteil} wird gefällt; Ersatzpflanzung folgt."),
    ("gruen", "winterdienst", "Winterdienst Gehwege",
     "Die Anlieger in {ortsteil} räumen die Gehwege bis 7 Uhr; der Bauhof streut die Fahrbahn."),
    ("steuer", "hundesteuer_befreiung", "Befreiung von der Hundesteuer",
     "Antrag auf Befreiung von der Hundesteuer für einen Blindenführhund."),
    ("steuer", "gewerbesteuer", "Gewerbesteuerbescheid",
     "Der Gewerbesteuermessbetrag wird mit dem Hebesatz der Gemeinde {ort} vervielfältigt."),
    ("ordnung", "feuerwerk", "Feuerwerk Silvester",
     "Das Abbrennen von Feuerwerk ist in der Nähe des Fachwerkhauses in {ortsteil} verboten."),
    ("ordnung", "plakatierung", "Wahlplakate",
     "Wahlplakate dürfen in {ort} sechs Wochen vor der Wahl aufgehängt werden."),
    ("ordnung", "osterfeuer_anzeige", "Anzeige Osterfeuer",
     "Die Burschenschaft {ortsteil} zeigt ein Osterfeuer auf der Wiese am Sportplatz an."),
    ("ordnung", "taubenfuettern", "Taubenfütterungsverbot",
     "Das Füttern von Tauben am Marktplatz {ort} ist untersagt."),
    ("kasse", "grundsteuer_erlass", "Grundsteuererlass",
     "Erlass der Grundsteuer wegen wesentlicher Ertragsminderung eines Mietshauses."),
    ("soziales", "partnerschaft", "Städtepartnerschaft",
     "Eine Delegation der Partnergemeinde besucht {ort} im Mai."),
    ("personal", "dienstreise", "Dienstreise Kassel",
     "Genehmigung einer Dienstreise nach Kassel zur Schulung Datenschutz."),
)  # fmt: skip

# One document per Ortsteil of each Kommune: (Vorgang suffix, key suffix, Titel, text).
JE_ORTSTEIL = (
    ("ortsbeirat", "versammlung", "Bürgerversammlung {ortsteil}",
     "Bürgerversammlung in {ortsteil} zur Dorfentwicklung; Fragen zur Breitbandversorgung."),
    ("verkehr", "beleuchtung", "Straßenbeleuchtung {ortsteil}",
     "Die Straßenbeleuchtung in {ortsteil} wird auf LED umgerüstet."),
)  # fmt: skip

# Documents of one Kommune each: (Kommune, key, Vorgang suffix, Titel, text, Datum).
EINZELN = (
    # family names the text marks (never split) and the same words as nouns
    ("M", "m_name_lindemann", "post", "Schreiben Frau Lindemann",
     "Frau Lindemann bittet um Akteneinsicht in den Vorgang.", (2026, 2, 9)),
    ("M", "m_name_rehbein", "post", "Anhörung Herrn Rehbein",
     "Herrn Dr. Rehbein wird Gelegenheit zur Äußerung gegeben.", (2026, 2, 10)),
    ("M", "m_bein", "personal", "Unfallmeldung Bauhof",
     "Ein Mitarbeiter des Bauhofs hat sich bei der Arbeit das Bein gebrochen.", (2026, 2, 11)),
    ("M", "m_linde", "gruen", "Linde am Dorfplatz",
     "Die Linde am Dorfplatz in Schwebda wird fachgerecht geschnitten.", (2026, 2, 12)),
    ("S", "s_name_hildebrandt", "post", "Schreiben Familie Hildebrandt",
     "Familie Hildebrandt beantragt die Ummeldung ihres Hundes.", (2026, 2, 9)),
    ("S", "s_brand", "ordnung", "Brand einer Gartenhütte",
     "Die Feuerwehr löschte den Brand einer Gartenhütte in Breitau.", (2026, 2, 13)),
    # Ortsteile are no ordinary nouns
    ("W", "w_ortsteil_hund", "ortsbeirat", "Ortsbegehung Hundelshausen",
     "Ortsbegehung in Hundelshausen und Gertenbach mit dem Ortsvorsteher.", (2026, 4, 20)),
    ("W", "w_hund_gebissen", "ordnung", "Beißvorfall",
     "Ein freilaufender Hund hat einen Radfahrer gebissen. Der Halter wird angehört.",
     (2026, 4, 21)),
    ("W", "w_bach", "umwelt", "Bachreinigung",
     "Der Bach in Ermschwerd wird von Laub befreit.", (2026, 4, 22)),
    ("S", "s_ortsteil_wichmannshausen", "ortsbeirat", "Dorferneuerung Wichmannshausen",
     "Die Dorferneuerung in Wichmannshausen wird mit Landesmitteln gefördert.", (2026, 4, 20)),
    ("S", "s_mann", "personal", "Mannschaftswagen Feuerwehr",
     "Der Mannschaftswagen der Feuerwehr wird ersetzt. Jeder Mann erhält neue Schutzkleidung.",
     (2026, 4, 23)),
    ("M", "m_ortsteil_grebendorf", "ortsbeirat", "Grebendorf Kirchplatz",
     "In Grebendorf wird der Platz vor der Kirche neu gepflastert.", (2026, 4, 20)),
    ("M", "m_dorf", "ortsbeirat", "Dorfwettbewerb",
     "Das Dorf nimmt am Wettbewerb Unser Dorf hat Zukunft teil.", (2026, 4, 24)),
    # words containing shorter words without being compounds
    ("M", "m_lunge", "personal", "Arbeitsmedizinische Untersuchung",
     "Untersuchung von Lunge und Gehör der Mitarbeiter im Klärwerk.", (2026, 5, 11)),
    ("M", "m_lamm", "soziales", "Lammbraten beim Dorffest",
     "Beim Dorffest in Frieda wird Lammbraten angeboten.", (2026, 5, 12)),
    ("S", "s_tel", "personal", "Telefonliste",
     "Tel. 05653 1234: Durchwahl des Bürgerbüros; Telefax abgeschafft.", (2026, 5, 12)),
    ("W", "w_schlamm", "umwelt", "Schlamm auf der Fahrbahn",
     "Nach der Ernte liegt Schlamm auf der Kreisstraße bei Gertenbach.", (2026, 5, 13)),
    # dates in both forms
    ("M", "m_datum_iso", "verkehr", "Verkehrszählung",
     "Verkehrszählung am 2026-06-15 an der Ortsdurchfahrt.", (2026, 5, 2)),
    ("M", "m_datum_deutsch", "verkehr", "Sperrung Festumzug",
     "Sperrung der Hauptstraße am 15.6.2026 wegen des Festumzugs.", (2026, 5, 3)),
    ("S", "s_datum_deutsch", "verkehr", "Sperrung Marktplatz",
     "Sperrung des Marktplatzes am 15.06.2026 wegen des Stadtfests.", (2026, 5, 3)),
    # Flurstücke: 12/3 is not 12/31
    ("W", "w_flur_12_3", "bau", "Grenzfeststellung Flurstück 12/3",
     "Grenzfeststellung für das Flurstück 12/3, Flur 7, Gemarkung Ermschwerd.", (2026, 6, 1)),
    ("W", "w_flur_12_31", "bau", "Teilung Flurstück 12/31",
     "Teilung des Flurstücks 12/31 in zwei Bauplätze.", (2026, 6, 2)),
    ("M", "m_flur_120_3", "bau", "Vorkaufsrecht Flurstück 120/3",
     "Die Gemeinde verzichtet auf ihr Vorkaufsrecht am Flurstück 120/3.", (2026, 6, 3)),
    ("S", "s_flur_12_3", "bau", "Baulast Flurstück 12/3",
     "Eintragung einer Baulast auf dem Flurstück 12/3, Gemarkung Breitau.", (2026, 6, 4)),
    # typos: the words a clerk misspells, in one Kommune only
    ("M", "m_tipp_gewerbeanmeldung", "gewerbe", "Gewerbeanmeldung Hofladen",
     "Gewerbeanmeldung eines Hofladens mit Direktvermarktung.", (2026, 5, 20)),
    ("S", "s_tipp_grabnutzung", "gruen", "Grabnutzungsrecht Verlängerung",
     "Das Grabnutzungsrecht wird um zehn Jahre verlängert.", (2026, 5, 21)),
)  # fmt: skip


def d(y: int, m: int, t: int) -> datetime.date:
    return datetime.date(y, m, t)


# Queries: (q, Kommune of the clerk, expected hits, expected non-hits, capability,
# expected first hit, expected suggestion): a suggestion "X" must be offered,
# "-X" must not, "" means none at all, None is not checked.
ANFRAGEN_VERBUND = (
    # --- false splits: words that contain shorter words ---------------------------------
    ("Lunge", "M", {"m_lunge"},
     {"m_zustellung_bescheid", "m_zustellung_oeffentlich", "m_einstellung",
      "m_einstellung_personal"}, "falsche_zerlegung", "", None),
    ("Tel", "S", {"s_tel"}, {"s_telefonanlage", "s_zustellung_bescheid", "s_einstellung"},
     "falsche_zerlegung", "", None),
    ("Lamm", "M", {"m_lamm"}, {"m_klaerschlamm"}, "falsche_zerlegung", "", None),
    ("Schlamm", "W", {"w_schlamm", "w_klaerschlamm"}, set(), "falsche_zerlegung", "", None),
    ("Stellung", "M", set(), {"m_zustellung_bescheid", "m_einstellung", "m_einstellung_personal"},
     "falsche_zerlegung", "", None),
    ("Zustellung", "S", {"s_zustellung_bescheid", "s_zustellung_oeffentlich", "s_gew_email"},
     {"s_einstellung"}, "falsche_zerlegung", "", None),
    ("Einstellung", "W", {"w_einstellung", "w_einstellung_personal"},
     {"w_zustellung_bescheid"}, "falsche_zerlegung", "", None),
    ("Bein", "M", {"m_bein"}, {"m_name_rehbein"}, "falsche_zerlegung", "", None),
    ("Linde", "M", {"m_linde"}, {"m_name_lindemann"}, "falsche_zerlegung", "", None),
    ("Mann", "S", {"s_mann"}, {"s_ortsteil_wichmannshausen"}, "falsche_zerlegung", "", None),
    ("Brand", "S", {"s_brand", "s_feuerwehr"}, {"s_name_hildebrandt"}, "falsche_zerlegung",
     "", None),
    # --- Ortsteile are names, not ordinary nouns ----------------------------------------
    ("Hund", "W", {"w_hund_gebissen", "w_hund_bescheid"}, {"w_ortsteil_hund"}, "ortsteil",
     "", None),
    ("Bach", "W", {"w_bach", "w_bachlauf"}, {"w_ortsteil_hund", "w_schlamm"}, "ortsteil", "",
     None),
    ("Dorf", "M", {"m_dorf"}, {"m_ortsteil_grebendorf"}, "ortsteil", "", None),
    ("Hundelshausen", "W", {"w_ortsteil_hund"}, {"w_hund_gebissen"}, "ortsteil", "", None),
    ("Gertenbach", "W", {"w_ortsteil_hund", "w_schlamm"}, {"w_bach"}, "ortsteil", "", None),
    ("Wichmannshausen", "S", {"s_ortsteil_wichmannshausen", "s_versammlung_3"}, {"s_mann"},
     "ortsteil", "", None),
    ("Grebendorf", "M", {"m_ortsteil_grebendorf", "m_versammlung_1"}, {"m_dorf"}, "ortsteil",
     "", None),
    ("Hundelshausen", "M", set(), set(), "ortsteil", "", None),
    ("Ortsbegehung -Bach", "W", {"w_ortsteil_hund"}, set(), "ausschluss", "", None),
    ("Ortsbegehung -Hund", "W", {"w_ortsteil_hund"}, set(), "ausschluss", "", None),
    ('Bürgerversammlung -"Breitbandversorgung"', "M", set(),
     {"m_versammlung_1", "m_versammlung_2"}, "ausschluss", "", None),
    ('Zustellung -"öffentlich zugestellt"', "M", {"m_zustellung_bescheid"},
     {"m_zustellung_oeffentlich"}, "ausschluss", "", None),
    ("Einstellung -Verfahren", "S", {"s_einstellung_personal"}, {"s_einstellung"},
     "ausschluss", "", None),
    # --- family names the text marks -----------------------------------------------------
    ('"Lindemann bittet"', "M", {"m_name_lindemann"}, set(), "name", "", None),
    ('"Frau Lindemann"', "M", {"m_name_lindemann"}, set(), "name", "", None),
    ("Rehbein", "M", {"m_name_rehbein"}, {"m_bein"}, "name", "", None),
    ('"Dr. Rehbein"', "M", {"m_name_rehbein"}, set(), "name", "", None),
    ("Hildebrandt", "S", {"s_name_hildebrandt"}, {"s_brand"}, "name", "", None),
    # --- dates in both forms --------------------------------------------------------------
    ("2026-06-15", "M", {"m_datum_iso", "m_datum_deutsch"}, set(), "datum", "", None),
    ("15.06.2026", "M", {"m_datum_iso", "m_datum_deutsch"}, set(), "datum", "", None),
    ("15.6.2026", "S", {"s_datum_deutsch"}, set(), "datum", "", None),
    ("2026-06-15", "S", {"s_datum_deutsch"}, set(), "datum", "", None),
    ("2026-09-01", "W", {"w_einstellung_personal"}, set(), "datum", "", None),
    ("01.09.2026", "M", {"m_einstellung_personal"}, set(), "datum", "", None),
    # --- Flurstücke ------------------------------------------------------------------------
    ("12/3", "W", {"w_flur_12_3"}, {"w_flur_12_31"}, "flurstueck", "", None),
    ("Flurstück 12/31", "W", {"w_flur_12_31"}, {"w_flur_12_3"}, "flurstueck", "", None),
    ("120/3", "M", {"m_flur_120_3"}, set(), "flurstueck", "", None),
    ("12/3", "S", {"s_flur_12_3"}, set(), "flurstueck", "", None),
    # --- abbreviations ----------------------------------------------------------------------
    ("AO", "S", {"s_mahnlauf"}, set(), "abkuerzung", "", None),
    ("HBO", "W", {"w_bau_scheune", "w_carport"}, set(), "abkuerzung", "", None),
    # --- near-duplicates: each Kommune finds only its own ------------------------------------
    ("Klärschlammentsorgung", "W", {"w_klaerschlamm"}, set(), "kompositum", "", None),
    ("Stellenausschreibung Bauhof", "S", {"s_stellenausschreibung"}, set(), "kompositum", "",
     None),
    ("Telefonanlage", "M", {"m_telefonanlage"}, set(), "kompositum", "", None),
    ("Streuobstwiese", "W", {"w_streuobst"}, set(), "kompositum", "", None),
    ("Seniorennachmittag", "M", {"m_seniorennachmittag"}, set(), "rang",
     "m_seniorennachmittag", None),
    ("Taxigenehmigung", "S", {"s_taxi"}, set(), "rang", "s_taxi", None),
    # --- typos: "Meinten Sie …?" from the own Kommune's words, verified -------------------------
    ("Gewerbeanmledung", "M", set(), set(), "tippfehler", "", "Gewerbeanmeldung"),
    ("Hundesteur", "S", set(), set(), "tippfehler", "", "Hundesteuer"),
    ("Grabnutzungsrech", "S", set(), set(), "tippfehler", "", "Grabnutzungsrecht"),
    ("Grabnutzungsrech", "M", set(), set(), "tippfehler", "", "-Grabnutzungsrecht"),
    ("Klärschlam", "W", set(), set(), "tippfehler", "", "Klärschlamm"),
    ("Verkehrszälung", "M", set(), set(), "tippfehler", "", "Verkehrszählung"),
    ("Verkehrszälung", "S", set(), set(), "tippfehler", "", "-Verkehrszählung"),
    ("Xylophonkonzert", "W", set(), set(), "tippfehler", "", ""),
)  # fmt: skip
