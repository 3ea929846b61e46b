"""The Registratur of the Verbund: appointed by the Verbund administration."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from aktenbund.audit.models import AuditEvent
from aktenbund.errors import Conflict, NotFound
from aktenbund.records import services
from aktenbund.tenancy.models import User
from aktenbund.tenancy.scope import kommune_scope

pytestmark = pytest.mark.django_db


def test_verbund_admin_appoints_a_registratur_of_the_verbund(verbund_admin):
    user, password = services.create_verbund_registratur(
        verbund_admin, username="rita.registratur", last_name="Registratur"
    )
    assert user.is_verbund_registratur and user.kommune_id is None and user.must_change_password
    assert user.check_password(password) and services.is_verbund_registratur(user)
    with kommune_scope(None):
        event = AuditEvent.objects.filter(action="verbund_registratur.angelegt").get()
    assert event.actor_id == verbund_admin.pk and event.kommune_id is None


def test_only_the_verbund_admin_appoints(admin_a, verbund_registratur):
    for actor in (admin_a, verbund_registratur):
        with pytest.raises(NotFound):
            services.create_verbund_registratur(actor, username="x.y")


def test_user_names_stay_unique(verbund_admin, clerk_a):
    with pytest.raises(Conflict):
        services.create_verbund_registratur(verbund_admin, username=clerk_a.username.upper())


def test_kommune_users_cannot_be_verbund_registratur(kommune_a):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="falsch", kommune=kommune_a, is_verbund_registratur=True)


def test_command_prints_a_one_time_password(verbund_admin):
    out = io.StringIO()
    call_command("create_verbund_registratur", "rita.registratur", "--nachname", "R", stdout=out)
    assert "Einmalpasswort:" in out.getvalue()
    assert User.objects.get(username="rita.registratur").is_verbund_registratur
    with pytest.raises(CommandError, match="schon vergeben"):
        call_command("create_verbund_registratur", "rita.registratur", stdout=out)
