"""Forms of the Gewerbe pages (input shape only; the rules live in the services).

The Anzeige form follows the official numbering: `FELD_EINGABEN` says which
inputs belong to which numbered field, and the template walks the fields of
the Anlage (`katalog.gruppen`) in order.
"""

from __future__ import annotations

from django import forms

from aktenbund.gewerbe import katalog
from aktenbund.gewerbe.daten import AnzeigeDaten, PersonDaten, TaetigkeitDaten
from aktenbund.web.forms import DateInput, GanzzahlFeld

# Field key → the inputs of the Anzeige form that fill it.
FELD_EINGABEN: dict[str, list[str]] = {
    "name_rechtsform": ["eingetragener_name", "rechtsform"],
    "register": ["register_art", "register_nummer", "registergericht"],
    "geschaeftsbezeichnung": ["geschaeftsbezeichnung"],
    "erreichbarkeit": ["telefon", "email", "website"],
    "zahl_vertreter": ["zahl_vertreter"],
    "betriebsstaette": ["betrieb_strasse", "betrieb_hausnummer", "betrieb_plz", "betrieb_ort"],
    "hauptniederlassung": ["hn_strasse", "hn_hausnummer", "hn_plz", "hn_ort"],
    "fruehere_betriebsstaette": ["fb_strasse", "fb_hausnummer", "fb_plz", "fb_ort"],
    "bisherige_taetigkeit": ["bisherige_taetigkeit"],
    "nebenerwerb": ["nebenerwerb"],
    "datum": ["datum"],
    "betriebsart": ["art_industrie", "art_handwerk", "art_handel", "art_sonstiges"],
    "beschaeftigte": ["vollzeit", "teilzeit"],
    "niederlassungsart": ["niederlassungsart", "automatenaufstellung", "reisegewerbe"],
    "grund_neuerrichtung": ["grund_anmeldung"],
    "grund_uebernahme": [],
    "grund_ummeldung": ["grund_ummeldung"],
    "ursache_abmeldung": ["ursache_abmeldung"],
    "grund_abmeldung": ["grund_abmeldung"],
    "frueherer_gewerbetreibender": ["frueherer_gewerbetreibender"],
    "unfallversicherung": ["unfallversicherung"],
    "erlaubnis": ["erlaubnis", "erlaubnis_behoerde", "erlaubnis_datum"],
    "handwerkskarte": ["handwerkskarte", "handwerkskarte_kammer", "handwerkskarte_datum"],
    "kuenftige_anschrift": [
        "kuenftig_strasse",
        "kuenftig_hausnummer",
        "kuenftig_plz",
        "kuenftig_ort",
    ],
    "kuenftiger_gewerbetreibender": ["kuenftiger_gewerbetreibender"],
    "unterschrift": ["unterschrieben_am"],
    "taetigkeit": [],
    "weitere_taetigkeiten": [],
    "betriebsleiter": [],
}
PERSON_EINGABEN: dict[str, list[str]] = {
    "familienname": ["familienname", "doktorgrad"],
    "vornamen": ["vornamen"],
    "geschlecht": ["geschlecht"],
    "geburtsname": ["geburtsname"],
    "geburtsdatum": ["geburtsdatum"],
    "geburtsort": ["geburtsort", "geburtsland"],
    "staatsangehoerigkeit": ["staatsangehoerigkeit", "weitere_staatsangehoerigkeit"],
    "wohnanschrift": ["wohn_strasse", "wohn_hausnummer", "wohn_plz", "wohn_ort"],
    "aufenthaltstitel": [
        "aufenthaltstitel_status",
        "aufenthaltstitel_datum",
        "aufenthaltstitel_behoerde",
    ],
    "auflage": ["auflage"],
}


def _text(label: str, max_length: int, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


def _choice(label: str, liste: str, leer: str = "– bitte wählen –") -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=katalog.choices(liste, leer=leer), required=False)


def _datum(label: str) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DateInput())


def _flag(label: str) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False)


class AnzeigeForm(forms.Form):
    """The Betrieb-level inputs of one Anzeige (persons and Tätigkeiten are formsets)."""

    eingetragener_name = _text("Eingetragener Name", 200)
    rechtsform = forms.ChoiceField(label="Rechtsform", required=False)
    register_art = _choice("Register", "register_art", leer="– keines –")
    register_nummer = _text("Registernummer", 30)
    registergericht = _text("Registergericht (Ort)", 100)
    geschaeftsbezeichnung = _text("Geschäftsbezeichnung", 200)
    telefon = _text("Telefon", 50)
    email = _text("E-Mail", 200)
    website = _text("Website", 200)
    zahl_vertreter = GanzzahlFeld(label="Anzahl", required=False, min_value=0, max_value=999)
    betrieb_strasse = _text("Straße", 100)
    betrieb_hausnummer = _text("Hausnummer", 20)
    betrieb_plz = _text("PLZ", 5)
    betrieb_ort = _text("Ort", 100)
    hn_strasse = _text("Straße", 100)
    hn_hausnummer = _text("Hausnummer", 20)
    hn_plz = _text("PLZ", 5)
    hn_ort = _text("Ort", 100)
    fb_strasse = _text("Straße", 100)
    fb_hausnummer = _text("Hausnummer", 20)
    fb_plz = _text("PLZ", 5)
    fb_ort = _text("Ort", 100)
    bisherige_taetigkeit = _text("Bisherige Tätigkeit", 2000, widget=forms.Textarea({"rows": 2}))
    nebenerwerb = _flag("Die Tätigkeit wird (vorerst) im Nebenerwerb betrieben")
    datum = _datum("Datum")
    art_industrie = _flag("Industrie")
    art_handwerk = _flag("Handwerk")
    art_handel = _flag("Handel")
    art_sonstiges = _flag("Sonstiges")
    vollzeit = GanzzahlFeld(label="Vollzeit", required=False, min_value=0, max_value=10**6)
    teilzeit = GanzzahlFeld(label="Teilzeit", required=False, min_value=0, max_value=10**6)
    niederlassungsart = _choice("Niederlassung", "niederlassungsart", leer="– keine –")
    automatenaufstellung = _flag("Automatenaufstellungsgewerbe")
    reisegewerbe = _flag("Reisegewerbe")
    grund_anmeldung = forms.ChoiceField(label="Grund der Anmeldung", required=False)
    grund_ummeldung = _choice("Grund der Ummeldung", "grund_ummeldung")
    ursache_abmeldung = _choice("Ursache der Abmeldung", "ursache_abmeldung")
    grund_abmeldung = _choice("Grund der Betriebsaufgabe", "grund_abmeldung", leer="– keiner –")
    frueherer_gewerbetreibender = _text("Name", 200)
    unfallversicherung = _text("Unfallversicherungsträger und Mitgliedsnummer", 200)
    erlaubnis = _flag("Eine Erlaubnis ist erforderlich")
    erlaubnis_behoerde = _text("Erlaubnisbehörde", 200)
    erlaubnis_datum = _datum("Erlaubnis erteilt am")
    handwerkskarte = _flag("Eine Handwerkskarte liegt vor")
    handwerkskarte_kammer = _text("ausgestellt von (Kammer)", 200)
    handwerkskarte_datum = _datum("ausgestellt am")
    kuenftig_strasse = _text("Straße", 100)
    kuenftig_hausnummer = _text("Hausnummer", 20)
    kuenftig_plz = _text("PLZ", 5)
    kuenftig_ort = _text("Ort", 100)
    kuenftiger_gewerbetreibender = _text("Name", 200)
    unterschrieben_am = _datum("Datum der Unterschrift (bei Papierformular)")
    eingang_am = _datum("Eingang der Anzeige")
    altershinweis = _text(
        "Vermerk zum Alter (Beginn vor dem 16. Geburtstag)",
        2000,
        widget=forms.Textarea({"rows": 2}),
    )
    zoll_hinweis = _flag(
        "Es gibt Anhaltspunkte für Verstöße gegen das SchwarzArbG oder AÜG "
        "(Übermittlung an die Zollverwaltung, § 3 Abs. 3 GewAnzV)"
    )
    duplikat_bestaetigt = _flag("Geprüft: es ist ein anderer Betrieb; trotzdem anlegen")

    def __init__(self, *args, anlage: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        self.anlage = anlage
        self.fields["rechtsform"].choices = [("", "– bitte wählen –")] + [
            (r.code, r.name) for r in katalog.rechtsformen().values()
        ]
        gruende: dict[int, list] = {24: [], 25: []}
        for code, name in katalog.codeliste("grund_anmeldung").items():
            gruende[katalog.grund_anmeldung_feld(code)].append((code, name))
        self.fields["grund_anmeldung"].choices = [
            ("", "– bitte wählen –"),
            ("Feld 24: Neuerrichtung", gruende[24]),
            ("Feld 25: Übernahme", gruende[25]),
        ]

    def daten(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in AnzeigeDaten.model_fields}


class PersonForm(forms.Form):
    funktion = forms.ChoiceField(
        label="Funktion",
        choices=list(katalog.codeliste("person_funktion").items()),
        required=False,
        initial="1",
        help_text="„Betriebsleiter/in“ ist Feld 14.",
    )
    familienname = _text("Name", 100)
    doktorgrad = _text("Doktorgrad", 20)
    vornamen = _text("Vornamen", 100)
    geschlecht = _choice("Geschlecht", "geschlecht")
    geburtsname = _text("Geburtsname", 100)
    geburtsdatum = _datum("Geburtsdatum")
    geburtsort = _text("Geburtsort", 100)
    geburtsland = _text("Geburtsland", 100)
    staatsangehoerigkeit = _choice("Staatsangehörigkeit", "staatsangehoerigkeit")
    weitere_staatsangehoerigkeit = _choice(
        "weitere Staatsangehörigkeit", "staatsangehoerigkeit", leer="– keine –"
    )
    wohn_strasse = _text("Straße", 100)
    wohn_hausnummer = _text("Hausnummer", 20)
    wohn_plz = _text("PLZ", 10)
    wohn_ort = _text("Ort", 100)
    aufenthaltstitel_status = _choice(
        "Aufenthaltstitel", "aufenthaltstitel_status", leer="– keiner –"
    )
    aufenthaltstitel_datum = _datum("ausgestellt am")
    aufenthaltstitel_behoerde = _text("ausgestellt von", 200)
    auflage = _text("Auflage/Beschränkung", 2000, widget=forms.Textarea({"rows": 2}))

    def clean_funktion(self) -> str:
        return self.cleaned_data.get("funktion") or "1"

    def ist_leer(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("familienname") or data.get("vornamen"))


class TaetigkeitForm(forms.Form):
    schwerpunkt = _flag("Schwerpunkt (Feld 18)")
    beschreibung = _text("Tätigkeit (genaue Angabe)", 500)
    wz_code = _text("WZ 2008 (Unterklasse)", 8, help_text="z. B. 96021 – über die Suche wählbar")

    def ist_leer(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("beschreibung") or data.get("wz_code"))


PersonFormSet = forms.formset_factory(PersonForm, extra=0, max_num=50, absolute_max=50)
TaetigkeitFormSet = forms.formset_factory(TaetigkeitForm, extra=0, max_num=50, absolute_max=50)


def anzeige_daten(anzeigeart: str, form, personen, taetigkeiten, gewerbebetrieb_id=None):
    """The service input from valid forms (empty blocks are left out)."""
    werte = {k: ("" if v is None and k not in _NULLABLE else v) for k, v in form.daten().items()}
    return AnzeigeDaten(
        anzeigeart=anzeigeart,
        gewerbebetrieb_id=gewerbebetrieb_id,
        personen=[
            PersonDaten(**{k: v for k, v in f.cleaned_data.items() if v is not None})
            for f in personen
            if not f.ist_leer()
        ],
        taetigkeiten=[TaetigkeitDaten(**f.cleaned_data) for f in taetigkeiten if not f.ist_leer()],
        **werte,
    )


_NULLABLE = {
    name
    for name, info in AnzeigeDaten.model_fields.items()
    if info.default is None and name != "gewerbebetrieb_id"
}


class SucheForm(forms.Form):
    q = forms.CharField(label="Suche (Name, Anschrift, Person, Tätigkeit)", required=False)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "alle"), ("aktiv", "aktiv"), ("abgemeldet", "abgemeldet")],
    )
    rechtsform = forms.ChoiceField(label="Rechtsform", required=False)
    wz = forms.CharField(label="WZ-Schlüssel beginnt mit", required=False, max_length=8)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rechtsform"].choices = [("", "alle")] + [
            (r.code, r.name) for r in katalog.rechtsformen().values()
        ]


class ImportForm(forms.Form):
    datei = forms.FileField(label="XGewerbeanzeige-Nachricht (XML)")
    duplikat_bestaetigt = _flag("Ähnliche Einträge im Register sind geprüft; trotzdem anlegen")


class FehlerForm(forms.Form):
    fehler = forms.CharField(label="Fehlerbeschreibung", max_length=2000)


class AuskunftForm(forms.Form):
    art = forms.ChoiceField(
        label="Art der Auskunft",
        choices=[
            ("einfach", "einfache Auskunft: Name, betriebliche Anschrift, Tätigkeit"),
            ("erweitert", "erweiterte Auskunft: mit berechtigtem Interesse"),
        ],
        widget=forms.RadioSelect,
    )
    antragsteller = forms.CharField(label="Antragsteller", max_length=200)
    antragsteller_anschrift = forms.CharField(
        label="Anschrift des Antragstellers", max_length=1000, widget=forms.Textarea({"rows": 3})
    )
    berechtigtes_interesse = forms.CharField(
        label="Berechtigtes Interesse (nur erweiterte Auskunft)",
        required=False,
        max_length=5000,
        widget=forms.Textarea({"rows": 3}),
        help_text="Wofür werden die weiteren Angaben gebraucht? Eine zweite Person entscheidet.",
    )


class EntscheidungForm(forms.Form):
    entscheidung = forms.ChoiceField(
        label="Entscheidung",
        choices=[("genehmigt", "genehmigen"), ("abgelehnt", "ablehnen")],
        widget=forms.RadioSelect,
    )
    ablehnungsgrund = forms.CharField(
        label="Begründung der Ablehnung",
        required=False,
        max_length=5000,
        widget=forms.Textarea({"rows": 3}),
    )
