"""Parallel creators on PostgreSQL: Aktenzeichen stay unique and gap-free."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from aktenbund.records import services
from aktenbund.records.models import Akte
from aktenbund.tenancy.scope import kommune_scope

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

THREADS = 6
CALLS = 4


def test_parallel_creators_get_unique_gap_free_numbers(sb_a, plan):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: real concurrent transactions")
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def worker(number: int) -> None:
        try:
            start.wait()
            for call in range(CALLS):
                with kommune_scope(sb_a.kommune_id):
                    services.create_akte(
                        sb_a, aktenplaneinheit=plan["121"], betreff=f"Akte {number}.{call}"
                    )
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert failures == []
    with kommune_scope(sb_a.kommune_id):
        numbers = sorted(
            int(az.split("-")[1].split("/")[0])
            for az in Akte.objects.values_list("aktenzeichen", flat=True)
        )
    assert numbers == list(range(1, THREADS * CALLS + 1))
