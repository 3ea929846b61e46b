from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TenancyConfig(AppConfig):
    name = "aktenbund.tenancy"
    verbose_name = "Mandanten und Benutzer"

    def ready(self) -> None:
        from aktenbund.tenancy import db_role  # noqa: F401  (connects the app-role switch)
        from aktenbund.tenancy.rls import apply_row_level_security

        # Once per migrate, after every app's tables exist.
        post_migrate.connect(apply_row_level_security, sender=self, dispatch_uid="aktenbund_rls")
