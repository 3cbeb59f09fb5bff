"""Errors services raise; each carries a message a person can act on, in Chinese."""

from __future__ import annotations


class ServiceError(Exception):
    """Base class: ``str(error)`` is the Chinese message to show."""


class ValidationFailed(ServiceError):
    """Input refused before anything was written. ``errors`` maps field keys to messages."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("；".join(self.errors.values()))


class NotFound(ServiceError):
    pass


class PermissionDenied(ServiceError):
    pass


class VersionConflict(ServiceError):
    """Someone else saved the record first; the caller keeps the typed values."""
