from django.urls import path

from aktenbund.web import views

app_name = "web"

urlpatterns = [
    path("", views.start, name="start"),
    path("anmelden/", views.LoginView.as_view(), name="login"),
    path("abmelden/", views.LogoutView.as_view(), name="logout"),
    path("konto/", views.konto, name="konto"),
    path("konto/passwort/", views.passwort_aendern, name="passwort_aendern"),
    path("konto/tokens/", views.token_erstellen, name="token_erstellen"),
    path(
        "konto/tokens/<int:apitoken_id>/widerrufen/",
        views.token_widerrufen,
        name="token_widerrufen",
    ),
]
