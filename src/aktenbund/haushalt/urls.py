from django.urls import path

from aktenbund.haushalt import views

app_name = "haushalt"

urlpatterns = [
    path("", views.index, name="index"),
    path("rahmen/", views.rahmen, name="rahmen"),
    path("rahmen/produktrahmen/import/", views.produktrahmen_import, name="produktrahmen_import"),
    path("rahmen/produktrahmen/export/", views.produktrahmen_export, name="produktrahmen_export"),
    path("rahmen/kontenrahmen/import/", views.kontenrahmen_import, name="kontenrahmen_import"),
    path("rahmen/kontenrahmen/export/", views.kontenrahmen_export, name="kontenrahmen_export"),
    path("teilhaushalte/", views.teilhaushalte, name="teilhaushalte"),
    path("teilhaushalte/<int:teilhaushalt_id>/", views.teilhaushalt, name="teilhaushalt"),
    path("plaene/<int:haushaltsplan_id>/", views.plan, name="plan"),
    path("plaene/<int:haushaltsplan_id>/ansaetze/", views.ansaetze, name="ansaetze"),
    path("plaene/<int:haushaltsplan_id>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("plaene/<int:haushaltsplan_id>/export/", views.plan_export, name="plan_export"),
    path("plaene/<int:haushaltsplan_id>/import/", views.plan_import, name="plan_import"),
    path(
        "plaene/<int:haushaltsplan_id>/ergebnishaushalt/",
        views.ergebnishaushalt,
        name="ergebnishaushalt",
    ),
    path(
        "plaene/<int:haushaltsplan_id>/finanzhaushalt/", views.finanzhaushalt, name="finanzhaushalt"
    ),
    path(
        "plaene/<int:haushaltsplan_id>/teilhaushalte/",
        views.teilhaushalte_plan,
        name="teilhaushalte_plan",
    ),
    path("plaene/<int:haushaltsplan_id>/satzung/", views.satzung, name="satzung"),
    path("plaene/<int:haushaltsplan_id>/investitionen/", views.investitionen, name="investitionen"),
    path("plaene/<int:haushaltsplan_id>/stellenplan/", views.stellenplan, name="stellenplan"),
    path("plaene/<int:haushaltsplan_id>/schritt/", views.schritt, name="schritt"),
    path("plaene/<int:haushaltsplan_id>/zurueck/", views.zurueck, name="zurueck"),
    path("plaene/<int:haushaltsplan_id>/nachtrag/", views.nachtrag, name="nachtrag"),
    path("plaene/<int:haushaltsplan_id>/aenderungen/", views.aenderungen, name="aenderungen"),
    path("ansaetze/<int:planansatz_id>/", views.ansatz_zelle, name="ansatz_zelle"),
    path("ansaetze/<int:planansatz_id>/loeschen/", views.ansatz_loeschen, name="ansatz_loeschen"),
    path(
        "massnahmen/<int:massnahme_id>/loeschen/",
        views.massnahme_loeschen,
        name="massnahme_loeschen",
    ),
    path("stellen/<int:stelle_id>/loeschen/", views.stelle_loeschen, name="stelle_loeschen"),
    path(
        "paragraphen/<int:satzungsparagraph_id>/loeschen/",
        views.satzungsparagraph_loeschen,
        name="satzungsparagraph_loeschen",
    ),
]
