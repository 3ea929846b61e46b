"""`migrate` as the table owner (DATABASE_OWNER_URL): it creates tables, policies,
triggers and the application's role and grants (tenancy/db_role.py)."""

from django.core.management.commands.migrate import Command as DjangoMigrateCommand

from aktenbund.tenancy.db_role import owner_connection


class Command(DjangoMigrateCommand):
    def handle(self, *args, **options):
        with owner_connection(options["database"]):
            return super().handle(*args, **options)
