from django.urls import path

from aktenbund.records import views

app_name = "records"

urlpatterns = [
    path("", views.aktenplan, name="aktenplan"),
    path("neu/", views.hauptgruppe_neu, name="hauptgruppe_neu"),
    path("import/", views.aktenplan_import, name="aktenplan_import"),
    path("export/", views.aktenplan_export, name="aktenplan_export"),
    path("<int:aktenplaneinheit_id>/", views.aktenplaneinheit, name="aktenplaneinheit"),
    path(
        "<int:aktenplaneinheit_id>/unterknoten/",
        views.unterknoten_neu,
        name="unterknoten_neu",
    ),
    path(
        "<int:aktenplaneinheit_id>/schliessen/",
        views.aktenplaneinheit_schliessen,
        name="aktenplaneinheit_schliessen",
    ),
]
