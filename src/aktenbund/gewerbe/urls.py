from django.urls import path

from aktenbund.gewerbe import views

app_name = "gewerbe"

urlpatterns = [
    path("", views.register, name="register"),
    path("anmeldung/", views.anmeldung, name="anmeldung"),
    path("betriebe/<int:gewerbebetrieb_id>/", views.gewerbebetrieb, name="gewerbebetrieb"),
    path("betriebe/<int:gewerbebetrieb_id>/ummeldung/", views.ummeldung, name="ummeldung"),
    path("betriebe/<int:gewerbebetrieb_id>/abmeldung/", views.abmeldung, name="abmeldung"),
    path("anzeigen/<int:gewerbeanzeige_id>/", views.gewerbeanzeige, name="gewerbeanzeige"),
    path("dokumente/<int:version_id>/", views.version_herunterladen, name="version"),
    path("wz-suche/", views.wz_suche, name="wz_suche"),
    path("wz-auswahl/", views.wz_auswahl, name="wz_auswahl"),
    path("ausgang/", views.ausgang, name="ausgang"),
    path("ausgang/<slug:empfaenger>/export/", views.ausgang_export, name="ausgang_export"),
    path(
        "uebermittlungen/<int:uebermittlung_id>/xml/",
        views.uebermittlung_xml,
        name="uebermittlung_xml",
    ),
    path(
        "uebermittlungen/<int:uebermittlung_id>/uebermittelt/",
        views.uebermittlung_uebermittelt,
        name="uebermittlung_uebermittelt",
    ),
    path(
        "uebermittlungen/<int:uebermittlung_id>/fehler/",
        views.uebermittlung_fehler,
        name="uebermittlung_fehler",
    ),
    path(
        "uebermittlungen/<int:uebermittlung_id>/erneut/",
        views.uebermittlung_erneut,
        name="uebermittlung_erneut",
    ),
    path("empfaenger/", views.empfaenger, name="empfaenger"),
    path("import/", views.xml_import, name="import"),
    path("statistik/", views.statistik, name="statistik"),
    path("statistik/export/", views.statistik_export, name="statistik_export"),
    path("betriebe/<int:gewerbebetrieb_id>/auskunft/", views.auskunft_neu, name="auskunft_neu"),
    path("auskuenfte/", views.auskuenfte, name="auskuenfte"),
    path("auskuenfte/<int:auskunft_id>/", views.auskunft, name="auskunft"),
]
