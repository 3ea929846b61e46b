from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "aktenbund.audit"
    verbose_name = "Protokoll"

    def ready(self) -> None:
        from aktenbund.audit.db import install_append_only_trigger

        post_migrate.connect(
            install_append_only_trigger, sender=self, dispatch_uid="aktenbund_audit_trigger"
        )
