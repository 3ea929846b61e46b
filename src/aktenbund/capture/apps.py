from django.apps import AppConfig


class CaptureConfig(AppConfig):
    name = "aktenbund.capture"
    verbose_name = "Posteingang"
