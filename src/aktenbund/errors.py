"""Domain errors, raised by services and translated alike by the API and the views.

Each carries a German message for the user and, where it concerns input,
the field names it concerns.
"""

from __future__ import annotations


class DomainError(Exception):
    status = 400

    def __init__(self, message: str, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class ValidationError(DomainError):
    """Input that breaks a rule; `errors` maps field names to messages."""

    status = 422


class PermissionDenied(DomainError):
    status = 403


class NotFound(DomainError):
    """The object does not exist, or the user may not know that it exists."""

    status = 404


class Conflict(DomainError):
    """The request collides with the current state (duplicate, closed, locked)."""

    status = 409


class DateiZuGross(DomainError):
    """A file (or what it unpacks to, or its row count) exceeds the limits."""

    status = 413


class DateitypFalsch(DomainError):
    """A file's content is not of a type that is accepted here."""

    status = 415
