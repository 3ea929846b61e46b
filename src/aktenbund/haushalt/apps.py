from django.apps import AppConfig


class HaushaltConfig(AppConfig):
    name = "aktenbund.haushalt"
    verbose_name = "Haushalt"
