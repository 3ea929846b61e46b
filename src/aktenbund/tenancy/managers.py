"""The scoped manager of every tenant model.

It keeps django-scopes' state (`scope()`, `scopes_disabled()`, `ScopeError`)
but differs in one point: django-scopes treats a scope value of None as "no
filter", which would open every Kommune to the Verbund's own scope. Here None
means `kommune IS NULL`, the Verbund's own rows.
"""

from __future__ import annotations

from django.db import models
from django_scopes.manager import DisabledQuerySet
from django_scopes.state import get_scope


class KommuneManager(models.Manager):
    """Refuses to query outside a scope; inside, filters to the scope's Kommune."""

    def get_queryset(self) -> models.QuerySet:
        current = get_scope()
        if not current.get("_enabled", True):
            return super().get_queryset()
        if "kommune" not in current:
            return DisabledQuerySet(self.model, using=self._db, missing_scopes={"kommune"})
        return super().get_queryset().filter(kommune=current["kommune"])

    def all(self) -> models.QuerySet:
        queryset = super().all()
        if isinstance(queryset, DisabledQuerySet):
            queryset = queryset.all()
        return queryset
