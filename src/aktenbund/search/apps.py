from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "aktenbund.search"
    label = "search"
    verbose_name = "Suche"
