from django.apps import AppConfig


class BlobsConfig(AppConfig):
    name = "aktenbund.blobs"
    verbose_name = "Dateiablage"
