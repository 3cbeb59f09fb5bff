"""Changing the database behind the program's back, as someone with raw access would (a SQLite
shell on the file, or the server's superuser), on whichever backend the test runs."""

from __future__ import annotations

from sqlalchemy import text

from hrss_disputes.db import Database


def tamper(db: Database, *statements: str, unguard: tuple[str, ...] = ()) -> None:
    """Run ``statements`` in one transaction, the write-once guards of the tables in ``unguard``
    out of the way: their triggers dropped in a SQLite file, switched off for the transaction on a
    server (session_replication_role, the superuser's)."""
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            if unguard:
                conn.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            for table in unguard:
                for (name,) in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                                 "AND tbl_name = :t"), {"t": table}).all():
                    conn.execute(text(f'DROP TRIGGER "{name}"'))
        for statement in statements:
            conn.execute(text(statement))
