"""A login role with a password and an empty database of its own on the test cluster, for the
tests about connecting (its password must never show), and the URL that reaches them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import PG_URL, server_only

SECRET = "Pw-" + uuid.uuid4().hex[:10] + "@x/y"  # an @ and a / inside: the hardest to cut out


def needs_server(test):  # noqa: ANN001, ANN201
    """Run in the PostgreSQL pass only (conftest's server_only marks)."""
    for mark in server_only:
        test = mark(test)
    return test


def superuser():  # noqa: ANN201
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    return create_engine(make_url(PG_URL).set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool)


def address() -> tuple[str, int]:
    from sqlalchemy.engine import make_url

    url = make_url(PG_URL)
    return url.host or "127.0.0.1", url.port or 5432


def account_url(role: str, database: str, password: str | None = SECRET, host: str | None = None,
                port: int | None = None) -> str:
    """``postgresql://role:password@host:port/database`` (the password percent-encoded)."""
    from urllib.parse import quote

    h, p = address()
    auth = f"{role}:{quote(password, safe='')}" if password is not None else role
    return f"postgresql://{auth}@{host or h}:{port or p}/{database}"


@pytest.fixture(name="server_account")
def server_account_fixture() -> Iterator[tuple[str, str, str]]:
    """A login role with the password SECRET, a database it owns (empty: no schema) and a role
    with no rights on it but CONNECT: (role, database, rightless role); dropped afterwards."""
    tag = uuid.uuid4().hex[:10]
    role, database, rightless = f"a_app_{tag}", f"a_db_{tag}", f"a_none_{tag}"
    su = superuser()
    with su.connect() as conn:
        conn.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD '{SECRET}'"))
        conn.execute(text(f"CREATE ROLE {rightless} LOGIN PASSWORD '{SECRET}'"))
        conn.execute(text(f"CREATE DATABASE {database} OWNER {role}"))
        conn.execute(text(f"REVOKE ALL ON DATABASE {database} FROM PUBLIC"))
        conn.execute(text(f"GRANT CONNECT ON DATABASE {database} TO {rightless}"))
    yield role, database, rightless
    with su.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        conn.execute(text(f"DROP ROLE IF EXISTS {role}"))
        conn.execute(text(f"DROP ROLE IF EXISTS {rightless}"))
    su.dispose()
