"""`migrate`, run as the table owner so it may create tables, policies and triggers."""

from django.core.management.commands.migrate import Command as DjangoMigrateCommand

from aktenbund.tenancy.db_role import owner_role


class Command(DjangoMigrateCommand):
    def handle(self, *args, **options):
        with owner_role():
            return super().handle(*args, **options)
