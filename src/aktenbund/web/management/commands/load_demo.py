"""Load the demo Verbund (idempotent) and print the demo logins."""

from django.core.management.base import BaseCommand

from aktenbund.capture import demo as capture_demo
from aktenbund.gewerbe import demo as gewerbe_demo
from aktenbund.haushalt import demo as haushalt_demo
from aktenbund.records import demo as records_demo
from aktenbund.tenancy import demo as tenancy_demo


class Command(BaseCommand):
    help = (
        "Lädt den Demo-Verbund (elf Kommunen, Personen je Rolle, Aktenplan) "
        "und zeigt die Anmeldungen."
    )

    def handle(self, *args, **options):
        logins = tenancy_demo.load()
        # The Verbund's Registratur joins the Verbund's logins (after the admin).
        logins[1:1] = records_demo.load()
        haushalt_demo.load()
        capture_demo.load()
        gewerbe_demo.load(fortschritt=self.stdout.write)
        self.stdout.write("")
        self.stdout.write(f"Demo-Anmeldungen (Passwort für alle: {tenancy_demo.DEMO_PASSWORD})")
        self.stdout.write("-" * 72)
        current = None
        for login in logins:
            if login.kommune != current:
                current = login.kommune
                self.stdout.write(f"{current}:")
            self.stdout.write(f"  {login.rolle:<24} {login.username}")
        self.stdout.write("-" * 72)
        self.stdout.write("Anmeldung unter http://127.0.0.1:8000/anmelden/")
