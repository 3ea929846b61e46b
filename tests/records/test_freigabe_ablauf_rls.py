"""A Freigabe ends for the database when it ends for the application: after its
last day in Europe/Berlin, whatever the time zone of the session.

Django's sessions run in UTC, so from midnight in Berlin to midnight UTC the
old policy (`current_date`) still granted a Freigabe that had ended. The test
sets the session to a zone whose date differs from Berlin's at this moment (one
of UTC+14 and UTC−12 always does), so it shows the difference at any time of
day, not only in the hour after midnight.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from aktenbund.records import services
from aktenbund.records.models import Freigabe
from aktenbund.tenancy.scope import kommune_scope
from tests.factories import make_kommune

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres_only,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="row-level security needs PostgreSQL"),
]


@pytest.fixture
def kommune_c(verbund):
    return make_kommune(verbund, "Witzenhausen", "06636017", 14800)


def _one(sql: str, params=()) -> object:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _zone_off_berlins_date() -> str:
    """A time zone whose date is not Berlin's at the transaction's time (`now()`)."""
    jetzt = _one("SELECT now()")
    berlin = jetzt.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    for zone in ("Pacific/Kiritimati", "Etc/GMT+12"):  # UTC+14, UTC−12
        if jetzt.astimezone(ZoneInfo(zone)).date() != berlin:
            return zone
    raise AssertionError("one of UTC+14 and UTC-12 always has another date than Berlin")


@contextmanager
def session_time_zone(zone: str) -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('TimeZone', %s, false)", [zone])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('TimeZone', 'UTC', false)")


def _sees_vorgang(kommune, vorgang) -> bool:
    """Raw SQL under row-level security only (no service, no scope filter)."""
    with kommune_scope(kommune):
        return _one("SELECT count(*) FROM records_vorgang WHERE id = %s", [vorgang.pk]) == 1


def test_the_database_counts_days_in_berlin_whatever_the_session_zone():
    heute = timezone.localdate()
    for zone in ("UTC", _zone_off_berlins_date()):
        with session_time_zone(zone):
            assert _one("SELECT aktenbund_heute()") == heute, zone


def test_freigabe_holds_through_its_last_berlin_day_and_not_after(sb_a, vorgang_a, kommune_c):
    heute = timezone.localdate()
    with kommune_scope(sb_a.kommune):
        services.grant_freigabe(
            sb_a, vorgang=vorgang_a, empfaenger_kommune=kommune_c, gueltig_bis=heute
        )

    with session_time_zone(_zone_off_berlins_date()):
        # Its last day in Berlin: granted, in the database as in the application.
        assert _sees_vorgang(kommune_c, vorgang_a)

        with kommune_scope(sb_a.kommune), scopes_disabled():
            Freigabe.objects.update(gueltig_bis=heute - datetime.timedelta(days=1))
            assert not Freigabe.objects.aktiv().exists()
        # The day after its last one in Berlin: ended in both.
        assert not _sees_vorgang(kommune_c, vorgang_a)
