"""`flush`, run as the table owner: the application role may not empty tables."""

from django.core.management.commands.flush import Command as DjangoFlushCommand

from aktenbund.tenancy.db_role import owner_role


class Command(DjangoFlushCommand):
    def handle(self, **options):
        with owner_role():
            return super().handle(**options)
