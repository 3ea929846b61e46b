from django.urls import include, path

from aktenbund.api import api

urlpatterns = [
    path("api/", api.urls),
    path("verwaltung/mailkonten/", include("aktenbund.capture.urls_mailkonten")),
    path("verwaltung/", include("aktenbund.tenancy.urls")),
    path("aktenplan/", include("aktenbund.records.urls")),
    path("akten/", include("aktenbund.records.urls_akten")),
    path("haushalt/", include("aktenbund.haushalt.urls")),
    path("suche/", include("aktenbund.search.urls")),
    path("posteingang/", include("aktenbund.capture.urls")),
    path("gewerbe/", include("aktenbund.gewerbe.urls")),
    path("", include("aktenbund.web.urls")),
]

handler404 = "aktenbund.web.views.not_found"
handler403 = "aktenbund.web.views.forbidden"
