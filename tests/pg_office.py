"""An office's server database made the way the README says: the shipped
installer/postgresql/roles.sql run by the superuser through psql (a database, its owner role and
its application role, uniquely named on the shared test cluster), the schema built by the owner.
Dropped afterwards, roles too."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from tests.conftest import PG_URL

ROLES_SQL = Path(__file__).resolve().parent.parent / "installer" / "postgresql" / "roles.sql"
OWNER_PASSWORD = "owner-pw-test-7f3"
APP_PASSWORD = "app-pw-test-2c9"


@dataclass(frozen=True)
class OfficeServer:
    name: str  # the database
    owner: str
    app: str

    def url(self, role: str, password: str | None = None) -> str:
        pw = password or (OWNER_PASSWORD if role == self.owner else APP_PASSWORD)
        return make_url(PG_URL).set(username=role, password=pw, database=self.name).render_as_string(hide_password=False)

    @property
    def owner_url(self) -> str:
        return self.url(self.owner)

    @property
    def app_url(self) -> str:
        return self.url(self.app)

    def engine(self, role: str | None = None):  # noqa: ANN201
        """An engine as ``role`` (the superuser when None), never pooled."""
        url = make_url(PG_URL).set(database=self.name) if role is None else make_url(self.url(role))
        return create_engine(url, poolclass=NullPool)

    def revision(self) -> str | None:
        engine = self.engine()
        try:
            with engine.connect() as conn:
                if conn.execute(text("SELECT to_regclass('alembic_version')")).scalar() is None:
                    return None
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        finally:
            engine.dispose()


def psql() -> str:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"), reverse=True):
        return str(candidate)
    found = shutil.which("psql")
    assert found, "psql is needed to run installer/postgresql/roles.sql"
    return found


def _super_env() -> dict[str, str]:
    url = make_url(PG_URL)
    return {**os.environ, "PGHOST": url.host or "127.0.0.1", "PGPORT": str(url.port or 5432),
            "PGUSER": url.username or "", "PGPASSWORD": str(url.password or ""), "PGDATABASE": "postgres"}


def create_office_server() -> OfficeServer:
    """Run roles.sql as the README does (psql -v db=… -v owner=… -v app=… -f roles.sql), then set
    the two passwords."""
    tag = uuid.uuid4().hex[:10]
    office = OfficeServer(name=f"b_office_{tag}", owner=f"b_owner_{tag}", app=f"b_app_{tag}")
    subprocess.run([psql(), "-q", "-v", f"db={office.name}", "-v", f"owner={office.owner}", "-v", f"app={office.app}",
                    "-f", str(ROLES_SQL)], env=_super_env(), check=True, capture_output=True)
    server = create_engine(make_url(PG_URL), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with server.connect() as conn:
        conn.execute(text(f"ALTER ROLE {office.owner} PASSWORD '{OWNER_PASSWORD}'"))
        conn.execute(text(f"ALTER ROLE {office.app} PASSWORD '{APP_PASSWORD}'"))
    server.dispose()
    return office


def drop_office_server(office: OfficeServer) -> None:
    server = create_engine(make_url(PG_URL), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with server.connect() as conn:
        leftovers = conn.execute(text("SELECT datname FROM pg_database WHERE datname LIKE :p"),
                                 {"p": f"{office.name}%"}).scalars().all()
        for name in leftovers:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        for role in (office.app, office.owner):
            conn.execute(text(f"DROP ROLE IF EXISTS {role}"))
    server.dispose()
