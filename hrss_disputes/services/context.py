"""Who is acting, and how the UI and CLI call services without touching a Session."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import event, exc
from sqlmodel import Session

from ..db import Database, DatabaseError, explain
from ..models.enums import Role
from ..models.office import AppUser
from .errors import NotFound, PermissionDenied
from .lengths import refuse_too_long

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


class NoLongerAllowed(PermissionDenied):
    """The acting user was disabled, or their role or office changed, since they signed in."""


def still_allowed(session: Session, user: Actor) -> None:
    """Refuse an Actor that no longer matches its row: disabled, another role or office. One
    primary-key read; ServiceContext.call runs it before every service call, so a window that
    keeps its Actor stops at the next click after the administrator's change."""
    row = session.get(AppUser, user.id)
    if row is None or not row.active:
        raise NoLongerAllowed(f"用户 {user.display_name} 已被管理员停用，不能继续操作")
    if row.role != user.role.value:
        raise NoLongerAllowed(f"用户 {user.display_name} 的角色已改为{Role(row.role).label}，请重新登录")
    if row.office_id != user.office_id:
        raise NoLongerAllowed(f"用户 {user.display_name} 的所属机构已更改，请重新登录")


class ServiceContext:
    """Runs one service call in its own session for the acting user, who is checked against
    their row first (still_allowed).

    Database driver errors come back as DatabaseError with a Chinese explanation.
    """

    def __init__(self, db: Database, actor: Actor | None = None):
        self.db = db
        self.actor = actor
        # told (no arguments) after each call that committed a change: the window refreshes
        # what it shows; called in the calling thread, so a listener only posts its work
        self.on_write: list[Callable[[], None]] = []
        # told (the refusal) when the acting user turns out disabled or changed: the window signs
        # them out; called in the calling thread, so a listener only posts its work
        self.on_revoked: list[Callable[[NoLongerAllowed], None]] = []
        # set (one Chinese sentence) when this program must stop acting on the database (its
        # schema was upgraded past what the program knows): every call is refused with it but
        # those marked ``while_refused`` (the window's poll, which notices it)
        self.refusal: str | None = None
        # set (one Chinese sentence) while the database does not answer the window's poll: a call
        # is refused with it at once instead of hanging the window, and each refusal tells
        # on_unreachable (any thread; the window asks again in the background)
        self.unreachable: str | None = None
        self.on_unreachable: list[Callable[[], None]] = []

    def call(self, fn: Callable[..., T], /, **kwargs: Any) -> T:
        if not getattr(fn, "while_refused", False):
            if self.refusal is not None:
                raise DatabaseError(self.refusal)
            if (unreachable := self.unreachable) is not None:
                for listener in list(self.on_unreachable):
                    listener()
                raise DatabaseError(unreachable)
        with self.db.session() as session:
            try:
                if self.actor is not None:
                    kwargs.setdefault("user", self.actor)
                if isinstance(kwargs.get("user"), Actor):
                    try:
                        still_allowed(session, kwargs["user"])
                    except NoLongerAllowed as refused:
                        for listener in list(self.on_revoked):
                            listener(refused)
                        raise
                return fn(session=session, **kwargs)
            except exc.SQLAlchemyError as e:
                session.rollback()
                raise DatabaseError(explain(e)) from e
            finally:
                if self.on_write and session.info.pop("committed_change", False):
                    for listener in list(self.on_write):
                        listener()


def _flushed(session: Session, *_args: Any) -> None:
    session.info["changed"] = True


def _executed(state: Any) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info["changed"] = True


def _committed(session: Session) -> None:
    if session.info.pop("changed", False):
        session.info["committed_change"] = True


def _rolled_back(session: Session) -> None:
    session.info.pop("changed", None)


# on the class, once: a session notes in its info whether a commit carried a change (ORM
# flushes or INSERT/UPDATE/DELETE statements); listeners per session cost ~0.2 ms a call
event.listen(Session, "after_flush", _flushed)
event.listen(Session, "do_orm_execute", _executed)
event.listen(Session, "after_commit", _committed)
event.listen(Session, "after_rollback", _rolled_back)
# the last guard against text longer than its column (PostgreSQL refuses it, SQLite would keep
# it): a flush carrying one is refused at the field before any row is written
event.listen(Session, "before_flush", refuse_too_long)
