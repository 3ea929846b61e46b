"""Benchmark: a Haushaltsplan with 5 000 Planansätze.

Prints how long computing every statement (Gesamt- and Teilhaushalte,
Satzung, Investitionsprogramm) and rendering the whole plan as PDF/A take.
Targets (issue 6): statements < 1 s, PDF < 30 s. Uses its own SQLite
database in AKTENBUND_DATA_DIR (make bench sets data/bench).

    AKTENBUND_DATA_DIR=data/bench DJANGO_SETTINGS_MODULE=aktenbund.settings \
        .venv/bin/python bench/haushalt.py
"""

from __future__ import annotations

import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aktenbund.settings")
bench_db = Path(os.environ.get("AKTENBUND_DATA_DIR", "data/bench")) / "haushalt-bench.sqlite3"
if bench_db.exists():
    bench_db.unlink()
os.environ.setdefault("DATABASE_URL", f"sqlite:///{bench_db}")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from aktenbund.haushalt import demo, services  # noqa: E402
from aktenbund.haushalt.models import Konto, Planansatz  # noqa: E402
from aktenbund.tenancy import services as tenancy  # noqa: E402
from aktenbund.tenancy.models import Verbund  # noqa: E402
from aktenbund.tenancy.scope import kommune_scope  # noqa: E402

ANZAHL = 5000


def main() -> None:
    call_command("migrate", verbosity=0)
    Verbund.objects.create(name="Bench-Verbund")
    admin = tenancy.create_verbund_admin("bench.admin", "Bench-Passwort-123")
    kommune = tenancy.create_kommune(admin, name="Benchstadt", ags="06636099", einwohner=15000)
    kaemmerei, _ = tenancy.create_user(
        admin, kommune, username="bench.kaemmerei", rollen=["kaemmerei"], password="Bench-Pw-12345"
    )
    services.import_produktrahmen(admin, demo.PRODUKTRAHMEN.read_bytes(), "csv")
    services.import_kontenrahmen(admin, demo.KONTENRAHMEN.read_bytes(), "csv")
    with kommune_scope(kommune):
        for nummer in demo.TEILHAUSHALTE:
            services.save_teilhaushalt(
                kaemmerei,
                nummer=nummer,
                bezeichnung=f"Teilhaushalt {nummer}",
                produktbereiche=[nummer],
            )
        plan = services.create_plan(kaemmerei, haushaltsjahr=2026)
        konten = list(Konto.objects.all())
        produkte = list(services.produkte_for(kommune.pk))
        gruppen = sorted({p.produktgruppe.nummer for p in produkte})
        n = 0
        while len(produkte) * len(konten) < ANZAHL:  # own Produkte until the pairs suffice
            gruppe = gruppen[n % len(gruppen)]
            produkte.append(
                services.create_produkt(
                    kaemmerei,
                    produktgruppe=gruppe,
                    nummer=f"{gruppe}.{50 + n // len(gruppen)}",
                    bezeichnung=f"Eigenes Produkt {n}",
                )
            )
            n += 1
        ansaetze = []
        for i in range(ANZAHL):
            konto, produkt = konten[i % len(konten)], produkte[(i // len(konten)) % len(produkte)]
            betrag = Decimal(1000 + (i * 37) % 50000) + Decimal("0.01") * (i % 100)
            ansaetze.append(
                Planansatz(
                    kommune=kommune, haushaltsplan=plan, konto=konto, produkt=produkt,
                    ergebnis_vorvorjahr=betrag, ansatz_vorjahr=betrag, ansatz=betrag,
                    planung_1=betrag, planung_2=betrag, planung_3=betrag,
                )
            )  # fmt: skip
        Planansatz.objects.bulk_create(ansaetze, batch_size=1000)

    start = time.perf_counter()
    berechnet = services.statements(plan)
    services.haushaltssatzung(plan, berechnet)
    services.investitionsprogramm(plan, berechnet.posten)
    statements_s = time.perf_counter() - start

    start = time.perf_counter()
    datei = services.plan_pdf(plan)
    pdf_s = time.perf_counter() - start

    print(f"Planansätze:               {len(berechnet.posten)}")
    print(f"Teilhaushalte:             {len(berechnet.teile)}")
    print(f"alle Rechnungen + Satzung: {statements_s:.3f} s (Ziel < 1 s)")
    print(
        f"ganzer Plan als PDF/A:     {pdf_s:.1f} s, {len(datei.inhalt) // 1024} KiB (Ziel < 30 s)"
    )
    if statements_s >= 1 or pdf_s >= 30:
        sys.exit(1)


if __name__ == "__main__":
    main()
