from django.urls import path

from aktenbund.capture import views

app_name = "capture"

urlpatterns = [
    path("", views.posteingang, name="posteingang"),
    path("<int:posteingangseintrag_id>/", views.eintrag, name="eintrag"),
    path("<int:posteingangseintrag_id>/zuordnen/", views.zuordnen, name="zuordnen"),
    path("<int:posteingangseintrag_id>/vorgang/", views.neuer_vorgang, name="neuer_vorgang"),
    path("<int:posteingangseintrag_id>/weiterleiten/", views.weiterleiten, name="weiterleiten"),
    path(
        "<int:posteingangseintrag_id>/dateien/<int:posteingangsdatei_id>/",
        views.datei,
        name="datei",
    ),
    path(
        "<int:posteingangseintrag_id>/dateien/<int:posteingangsdatei_id>/vorschau/",
        views.vorschau,
        name="vorschau",
    ),
    path("vorgang/<int:vorgang_id>/mail/", views.mail_ablegen, name="mail_ablegen"),
]
