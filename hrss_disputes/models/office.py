"""Offices (a tree: commission → institute → township centre → committee) and their staff."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, new_id, utcnow


class Office(SQLModel, table=True):
    __tablename__ = "office"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    code: str = Field(sa_type=String(32), unique=True, index=True)  # short code used by the CLI
    name: str = Field(sa_type=String(100))
    kind: str = Field(sa_type=String(32))  # OfficeKind
    parent_id: uuid.UUID | None = Field(default=None, foreign_key="office.id", index=True)
    city: str | None = Field(default=None, sa_type=String(20))  # 地级市, for minimum wage
    case_prefix: str | None = Field(default=None, sa_type=String(20))  # 机构代字, e.g. 肇
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AppUser(SQLModel, table=True):
    """A member of staff and their sign-in: an scrypt hash, never the password itself."""

    __tablename__ = "app_user"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    username: str = Field(sa_type=String(50), unique=True, index=True)
    display_name: str = Field(sa_type=String(50))
    role: str = Field(sa_type=String(20))  # Role
    office_id: uuid.UUID = Field(foreign_key="office.id", index=True)
    active: bool = Field(default=True)
    password_hash: str | None = Field(default=None, sa_type=String(200))  # None: no password set yet
    must_change_password: bool = Field(default=False)  # set by an administrator's (re)set
    failed_logins: int = Field(default=0)  # consecutive failures since the last good sign-in
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_login_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
