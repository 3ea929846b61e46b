from django.urls import path

from aktenbund.tenancy import views

app_name = "tenancy"

urlpatterns = [
    path("kommunen/", views.kommunen, name="kommunen"),
    path("kommunen/<int:kommune_id>/", views.kommune, name="kommune"),
    path("organisationseinheiten/", views.oe_liste, name="oe_liste"),
    path(
        "organisationseinheiten/<int:organisationseinheit_id>/",
        views.oe_detail,
        name="oe_detail",
    ),
    path("benutzer/", views.benutzer_liste, name="benutzer_liste"),
    path("benutzer/<int:user_id>/", views.benutzer_detail, name="benutzer_detail"),
    path("benutzer/<int:user_id>/aktiv/", views.benutzer_aktiv, name="benutzer_aktiv"),
    path("benutzer/<int:user_id>/passwort/", views.benutzer_passwort, name="benutzer_passwort"),
    path("vertretungen/", views.vertretungen, name="vertretungen"),
    path(
        "vertretungen/<int:vertretung_id>/beenden/",
        views.vertretung_beenden,
        name="vertretung_beenden",
    ),
    path("supportfreigaben/", views.supportfreigaben_liste, name="supportfreigaben"),
    path(
        "supportfreigaben/<int:supportfreigabe_id>/widerrufen/",
        views.supportfreigabe_widerrufen,
        name="supportfreigabe_widerrufen",
    ),
    path("protokoll/", views.protokoll, name="protokoll"),
]
