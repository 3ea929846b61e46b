"""`flush` as the table owner (DATABASE_OWNER_URL): the application's role may not
empty tables."""

from django.core.management.commands.flush import Command as DjangoFlushCommand

from aktenbund.tenancy.db_role import owner_connection


class Command(DjangoFlushCommand):
    def handle(self, **options):
        with owner_connection(options["database"]):
            return super().handle(**options)
