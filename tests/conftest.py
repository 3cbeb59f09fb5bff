"""Shared fixtures: a fresh database per test, an administrator, the service context."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything creates a QApplication
# The run's own settings and data folders (QSettings, backups, crash logs): never the person's
# real ones, and not shared with the other backend's pass running beside this one.
import tempfile  # noqa: E402

for _xdg in ("XDG_CONFIG_HOME", "XDG_DATA_HOME"):
    os.environ[_xdg] = tempfile.mkdtemp(prefix=f"hrss-test-{_xdg.split('_')[1].lower()}-")

import functools  # noqa: E402
import uuid  # noqa: E402
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


# The PostgreSQL pass: a superuser URL on a throwaway cluster (installer/pg_cluster.sh). Set,
# every test that takes the ``db`` fixture gets a fresh server database instead of a file, and
# only those tests run (the others ran in the SQLite pass already).
PG_URL = os.environ.get("HRSS_TEST_PG", "")
# one template per test run: runs beside each other on one cluster must not share (or drop) it
PG_TEMPLATE = f"hrss_template_{os.getpid()}_{uuid.uuid4().hex[:6]}"
# a test about the server itself: ``pytestmark = server_only`` (skipped on SQLite, kept on PostgreSQL)
server_only = [pytest.mark.server_only, pytest.mark.skipif(not PG_URL, reason="needs the PostgreSQL test cluster (HRSS_TEST_PG)")]


def pytest_configure(config) -> None:  # noqa: ANN001
    config.addinivalue_line("markers", "sqlite_only(why): the test is about a SQLite file "
                            "(its copies, its encryption, its bytes); the PostgreSQL pass skips it")
    config.addinivalue_line("markers", "server_only: the test needs the PostgreSQL cluster itself (its roles, "
                            "pg_dump); skipped without HRSS_TEST_PG, run in the PostgreSQL pass")


def pytest_collection_modifyitems(config, items) -> None:  # noqa: ANN001
    if not PG_URL:
        return
    keep, drop = [], []
    for item in items:
        names = getattr(item, "fixturenames", ())
        on_server = (("db" in names or "db_target" in names) and item.get_closest_marker("sqlite_only") is None
                     or item.get_closest_marker("server_only") is not None)
        (keep if on_server else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def _server(database: str = "postgres"):  # noqa: ANN202
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    return create_engine(make_url(PG_URL).set(database=database), isolation_level="AUTOCOMMIT",
                         poolclass=__import__("sqlalchemy.pool", fromlist=["NullPool"]).NullPool)


@pytest.fixture(scope="session")
def pg_template() -> str:
    """A database at the head schema that each test's database is copied from (CREATE DATABASE
    … TEMPLATE takes ~50 ms where running every migration takes seconds)."""
    from sqlalchemy import text

    from hrss_disputes.db import make_engine, upgrade

    server = _server()
    with server.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {PG_TEMPLATE} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {PG_TEMPLATE}"))
    engine, _ = make_engine(pg_url(PG_TEMPLATE))
    upgrade(engine)
    engine.dispose()
    yield PG_TEMPLATE
    with server.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {PG_TEMPLATE} WITH (FORCE)"))
    server.dispose()


def pg_url(database: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(PG_URL).set(database=database).render_as_string(hide_password=False)


def fresh_pg_database(template: str) -> str:
    """A new server database copied from the template; returns its name."""
    from sqlalchemy import text

    name = "t_" + uuid.uuid4().hex[:16]
    server = _server()
    with server.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {template}"))
    server.dispose()
    return name


def drop_pg_database(name: str) -> None:
    from sqlalchemy import text

    server = _server()
    with server.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    server.dispose()


@pytest.fixture
def db_target(tmp_path: Path, request) -> str:  # noqa: ANN001
    """Where a test's database lives, as ``--db`` takes it: a new file on SQLite, a new server
    database at the head schema on PostgreSQL."""
    if not PG_URL:
        yield str(tmp_path / "test.db")  # a generator fixture yields on both backends
        return
    name = fresh_pg_database(request.getfixturevalue("pg_template"))
    yield pg_url(name)
    drop_pg_database(name)


@pytest.fixture
def db(db_target: str) -> Database:
    database = open_database(db_target)
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
