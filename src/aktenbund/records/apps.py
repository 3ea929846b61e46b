from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "aktenbund.records"
    verbose_name = "Schriftgut"
