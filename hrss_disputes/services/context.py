"""Who is acting, and how the UI and CLI call services without touching a Session."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import exc
from sqlmodel import Session

from ..db import Database, DatabaseError, explain
from ..models.enums import Role
from ..models.office import AppUser
from .errors import NotFound, PermissionDenied

T = TypeVar("T")


@dataclass(frozen=True)
class Actor:
    """The acting member of staff, as a plain value that outlives any session."""

    id: uuid.UUID
    username: str
    display_name: str
    role: Role
    office_id: uuid.UUID

    @property
    def label(self) -> str:
        return f"{self.display_name}（{self.role.label}）"


def actor_of(user: AppUser) -> Actor:
    return Actor(user.id, user.username, user.display_name, Role(user.role), user.office_id)


def load_actor(session: Session, user_id: uuid.UUID) -> Actor:
    user = session.get(AppUser, user_id)
    if user is None:
        raise NotFound("找不到该用户")
    if not user.active:
        raise PermissionDenied(f"用户 {user.display_name} 已停用")
    return actor_of(user)


class ServiceContext:
    """Runs one service call in its own session for the acting user.

    Database driver errors come back as DatabaseError with a Chinese explanation.
    """

    def __init__(self, db: Database, actor: Actor | None = None):
        self.db = db
        self.actor = actor

    def call(self, fn: Callable[..., T], /, **kwargs: Any) -> T:
        with self.db.session() as session:
            try:
                if self.actor is not None:
                    kwargs.setdefault("user", self.actor)
                return fn(session=session, **kwargs)
            except exc.SQLAlchemyError as e:
                session.rollback()
                raise DatabaseError(explain(e)) from e
