from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "aktenbund.web"
    verbose_name = "Oberfläche"
