"""Shared fixtures: a fresh database per test, an administrator, the service context."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything creates a QApplication

import functools  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from hrss_disputes.db import Database, open_database  # noqa: E402
from hrss_disputes.models.enums import OfficeKind  # noqa: E402
from hrss_disputes.services import accounts, setup  # noqa: E402
from hrss_disputes.services.context import Actor, ServiceContext  # noqa: E402
from tests.factories import TEST_PASSWORD  # noqa: E402

_real_hash = accounts.hash_password


@functools.cache
def _hash_once(password: str) -> str:
    return _real_hash(password)


@pytest.fixture(autouse=True)
def _one_scrypt_per_password(monkeypatch, request):  # noqa: ANN001, ANN202
    """scrypt takes 0.1 s on purpose and the tests make hundreds of users with one password:
    each password is hashed once per run (a real hash; only its salt repeats across users).
    Tests marked ``real_scrypt`` hash every time, as the program does."""
    if "real_scrypt" not in request.keywords:
        monkeypatch.setattr(accounts, "hash_password", _hash_once)
        monkeypatch.setattr(setup, "hash_password", _hash_once)


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
        city="肇庆", admin_name="李明", password=TEST_PASSWORD,
    )
    return context


@pytest.fixture
def admin(ctx: ServiceContext) -> Actor:
    return ctx.actor


@pytest.fixture
def cli_login(monkeypatch):  # noqa: ANN001, ANN201
    """The command line signs in as HRSS_USER with HRSS_PASSWORD, as a scheduled report does;
    returns a function that chooses the user (the administrator until told otherwise)."""
    monkeypatch.setenv("HRSS_PASSWORD", TEST_PASSWORD)

    def as_user(username: str) -> None:
        monkeypatch.setenv("HRSS_USER", username)

    as_user("admin")
    return as_user
