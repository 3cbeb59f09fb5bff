"""The schema revision this code expects; a test checks it equals Alembic's head."""

HEAD_REVISION = "0025"
