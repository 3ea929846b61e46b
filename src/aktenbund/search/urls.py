from django.urls import path

from aktenbund.search import views

app_name = "search"

urlpatterns = [path("", views.suche_seite, name="suche")]
