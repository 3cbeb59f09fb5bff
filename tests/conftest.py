"""Shared fixtures: a fresh database per test, an administrator, the service context."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything creates a QApplication

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from hrss_disputes.db import Database, open_database  # noqa: E402
from hrss_disputes.models.enums import OfficeKind  # noqa: E402
from hrss_disputes.services import setup  # noqa: E402
from hrss_disputes.services.context import Actor, ServiceContext  # noqa: E402


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(str(tmp_path / "test.db"))
    yield database
    database.dispose()


@pytest.fixture
def ctx(db: Database) -> ServiceContext:
    context = ServiceContext(db)
    context.actor = context.call(
        setup.first_start, office_name="肇庆市劳动人事争议仲裁院", office_kind=OfficeKind.INSTITUTE,
        city="肇庆", admin_name="李明",
    )
    return context


@pytest.fixture
def admin(ctx: ServiceContext) -> Actor:
    return ctx.actor
