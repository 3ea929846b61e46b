from django.urls import path

from aktenbund.records import views_akten as views

app_name = "akten"

urlpatterns = [
    path("", views.akten_liste, name="liste"),
    path("neu/", views.akte_neu, name="akte_neu"),
    path("aktenzeichen/", views.aktenzeichen_einstellungen, name="aktenzeichen"),
    path("aktenzeichen/beispiel/", views.aktenzeichen_beispiel, name="aktenzeichen_beispiel"),
    path("freigabe-empfaenger/", views.freigabe_empfaenger, name="freigabe_empfaenger"),
    path("<int:akte_id>/", views.akte, name="akte"),
    path("<int:akte_id>/vorgaenge/neu/", views.vorgang_neu, name="vorgang_neu"),
    path("<int:akte_id>/zda/", views.akte_zda, name="akte_zda"),
    path("<int:akte_id>/wiedereroeffnen/", views.akte_wiedereroeffnen, name="akte_wiedereroeffnen"),
    path("<int:akte_id>/zugriff/", views.akte_zugriff, name="akte_zugriff"),
    path("<int:akte_id>/freigaben/", views.akte_freigabe, name="akte_freigabe"),
    path(
        "freigaben/<int:freigabe_id>/widerrufen/",
        views.freigabe_widerrufen,
        name="freigabe_widerrufen",
    ),
    path("vorgaenge/<int:vorgang_id>/", views.vorgang, name="vorgang"),
    path(
        "vorgaenge/<int:vorgang_id>/dokumente/",
        views.dokumente_hochladen,
        name="dokumente_hochladen",
    ),
    path(
        "vorgaenge/<int:vorgang_id>/verschieben/",
        views.vorgang_verschieben,
        name="vorgang_verschieben",
    ),
    path("vorgaenge/<int:vorgang_id>/zda/", views.vorgang_zda, name="vorgang_zda"),
    path(
        "vorgaenge/<int:vorgang_id>/wiedereroeffnen/",
        views.vorgang_wiedereroeffnen,
        name="vorgang_wiedereroeffnen",
    ),
    path("vorgaenge/<int:vorgang_id>/freigaben/", views.vorgang_freigabe, name="vorgang_freigabe"),
    path("dokumente/<int:dokument_id>/", views.dokument, name="dokument"),
    path(
        "dokumente/<int:dokument_id>/versionen/",
        views.version_hochladen,
        name="version_hochladen",
    ),
    path(
        "versionen/<int:version_id>/datei/",
        views.version_herunterladen,
        name="version_herunterladen",
    ),
    path("versionen/<int:version_id>/vorschau/", views.version_vorschau, name="version_vorschau"),
]
