"""Concurrent writers in one Kommune queue on the chain head: the chain never forks."""

from __future__ import annotations

import itertools
import threading

import pytest
from django.db import connection, transaction

from aktenbund.audit.models import AuditChain, AuditEvent
from aktenbund.audit.services import record, verify_chain
from aktenbund.tenancy.scope import kommune_scope
from aktenbund.tenancy.services import create_organisationseinheit

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

THREADS = 8
CALLS = 5


def _run_in_threads(work) -> list[BaseException]:
    """Run `work(thread_number, call_number)` CALLS times in each of THREADS threads."""
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def worker(number: int) -> None:
        try:
            start.wait()
            for call in range(CALLS):
                work(number, call)
        except BaseException as exc:  # reported by the test, not lost in the thread
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return failures


def _assert_one_unbroken_chain(kommune, expected: int) -> None:
    with kommune_scope(kommune):
        events = list(AuditEvent.objects.order_by("seq"))
        head = AuditChain.objects.get(kommune=kommune)
        assert verify_chain(kommune.pk) is None
    seqs = [e.seq for e in events]
    assert len(seqs) == len(set(seqs)) == expected
    assert seqs == list(range(1, expected + 1))
    for previous, event in itertools.pairwise(events):
        assert event.prev_hash == previous.hash
    assert (head.head_seq, head.head_hash) == (events[-1].seq, events[-1].hash)


def test_concurrent_services_do_not_fork_the_chain(postgresql, admin_a, kommune_a):
    with kommune_scope(kommune_a):
        before = AuditEvent.objects.count()

    def create_oe(number: int, call: int) -> None:
        create_organisationseinheit(
            admin_a, kommune_a, name=f"Amt {number}.{call}", kurzzeichen=f"{number}.{call}"
        )

    failures = _run_in_threads(create_oe)

    assert failures == []
    _assert_one_unbroken_chain(kommune_a, before + THREADS * CALLS)


def test_concurrent_records_do_not_fork_the_chain(postgresql, admin_a, kommune_a, kommune_b):
    with kommune_scope(kommune_a):
        before = AuditEvent.objects.count()
    with kommune_scope(kommune_b):
        before_b = AuditEvent.objects.count()

    def write(number: int, call: int) -> None:
        # Odd threads also write to the other Kommune in the same transaction.
        with kommune_scope(kommune_a), transaction.atomic():
            record("test.parallel", kommune_id=kommune_a.pk, actor=admin_a, details={"n": number})
        if number % 2:
            with kommune_scope(kommune_b), transaction.atomic():
                record("test.parallel", kommune_id=kommune_b.pk, details={"call": call})

    failures = _run_in_threads(write)

    assert failures == []
    _assert_one_unbroken_chain(kommune_a, before + THREADS * CALLS)
    _assert_one_unbroken_chain(kommune_b, before_b + THREADS // 2 * CALLS)
