from django.apps import AppConfig


class GewerbeConfig(AppConfig):
    name = "aktenbund.gewerbe"
    verbose_name = "Gewerbe"
