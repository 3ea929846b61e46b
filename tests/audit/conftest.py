"""Fixtures for the audit tests."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.fixture
def postgresql():
    """Skip the test unless it runs on PostgreSQL (asked when the test runs)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: trigger, privileges and row locks")
