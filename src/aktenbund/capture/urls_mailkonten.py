"""Mailkonten pages for the Kommune-Admin, under /verwaltung/mailkonten/."""

from django.urls import path

from aktenbund.capture import views

app_name = "mailkonten"

urlpatterns = [
    path("", views.mailkonto_liste, name="liste"),
    path("<int:mailkonto_id>/", views.mailkonto, name="konto"),
    path("<int:mailkonto_id>/testen/", views.mailkonto_testen, name="testen"),
    path("<int:mailkonto_id>/deaktivieren/", views.mailkonto_deaktivieren, name="deaktivieren"),
]
