from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "aktenbund.search"
    label = "search"
    verbose_name = "Suche"

    def ready(self) -> None:
        from aktenbund.search import signals  # noqa: F401 (connects the receiver)
