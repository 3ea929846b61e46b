"""The audit trail: one hash chain per Kommune, plus one for the Verbund.

Rows are appended in the transaction of the change they record and never
updated or deleted (on PostgreSQL a trigger refuses it, and the application
role lacks the privilege).
"""

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from aktenbund.tenancy.managers import KommuneManager

GENESIS_HASH = "0" * 64


class AuditChain(models.Model):
    """Head of one chain; locked while an event is appended, so chains never fork.

    `kommune` is NULL for the Verbund's own chain. The head also reveals a
    removed last event, which the chain alone could not show.
    """

    kommune = models.ForeignKey(
        "tenancy.Kommune", on_delete=models.PROTECT, null=True, related_name="+"
    )
    head_seq = models.BigIntegerField(default=0)
    head_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    objects = KommuneManager()

    class Meta:
        constraints = [
            # COALESCE makes the Verbund's NULL count as one value, on SQLite too.
            models.UniqueConstraint(Coalesce("kommune", Value(0)), name="one_chain_per_kommune")
        ]


class AuditEvent(models.Model):
    kommune = models.ForeignKey(
        "tenancy.Kommune", on_delete=models.PROTECT, null=True, related_name="+"
    )
    seq = models.BigIntegerField()
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = KommuneManager()

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(Coalesce("kommune", Value(0)), "seq", name="audit_seq_unique")
        ]
        indexes = [models.Index(fields=["kommune", "object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"
