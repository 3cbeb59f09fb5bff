"""The encrypted database as the administrator meets it: encrypt a laptop's database, take the
encryption off, or change its passphrase. The database and the backups beside it are converted
together, so an encrypted database leaves no plain copy of the cases in its backups folder."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import cipher
from ..backup import backups_of
from ..db import Database, DatabaseError, file_revision, open_database, schema_refusal
from ..domain.accounts import passphrase_problem
from ..domain.permissions import Permission
from . import audit
from .access import require
from .context import Actor
from .errors import ServiceError, ValidationFailed


@dataclass(frozen=True)
class Converted:
    db: Database  # the database reopened in its new form
    backups_converted: int
    backups_left: list[Path] = field(default_factory=list)  # under another passphrase; left as they were


def _action(old_key: str | None, new_key: str | None) -> str:
    if old_key is None:
        return "encrypt"
    return "decrypt" if new_key is None else "rekey"


def new_passphrase_problems(passphrase: str, again: str, field_name: str = "passphrase") -> dict[str, str]:
    """The field messages for a new passphrase typed twice (empty when it is acceptable)."""
    if msg := passphrase_problem(passphrase):
        return {field_name: msg}
    if passphrase != again:
        return {f"{field_name}_again": "两次输入的口令不一致"}
    return {}


def convert_database(*, db: Database, user: Actor, current_key: str | None, new_key: str | None) -> Converted:
    """Put the open local database (and its backups) into its new form: encrypted with
    ``new_key``, or plain when it is None. The caller's ``db`` is closed here; use the returned
    one. ``current_key`` must be the passphrase the database was opened with."""
    require(user, Permission.BACKUP)
    if db.path is None:
        raise ServiceError("服务器数据库（PostgreSQL）由服务器管理员保护，本程序只能加密本机数据库文件")
    if not cipher.available():
        raise ServiceError("本机缺少 SQLCipher 组件（sqlcipher3），无法加密数据库")
    errors = {}
    if db.key is not None and current_key != db.key:
        errors["current"] = "当前数据库口令不正确"
    if new_key is not None and (msg := passphrase_problem(new_key)):
        errors["passphrase"] = msg
    elif new_key is None and db.key is None:
        errors["passphrase"] = "数据库尚未加密"
    elif new_key is not None and new_key == db.key:
        errors["passphrase"] = "新口令与当前口令相同"
    if errors:
        raise ValidationFailed(errors)
    path, old_key = db.path, db.key
    db.dispose()
    return convert_file(path, old_key, new_key, user_id=user.id)


def convert_file(path: Path, old_key: str | None, new_key: str | None,
                 user_id: uuid.UUID | None = None) -> Converted:
    """The file-level conversion (also the command line's, which acts as the file's owner):
    the database and its backups, then an entry in the trail of the database reopened in its
    new form, which is returned. Nothing connected to the file may be open.

    The order keeps every backup at least as protected as the database at every moment, so a
    kill never leaves a plain backup beside an encrypted database: encrypting (or a new
    passphrase), the backups go first and the database last; decrypting, the database first.
    Running the same conversion again after an interruption finishes it (a backup already in
    the new form counts as converted)."""
    if (why := schema_refusal(file_revision(path, old_key))) is not None:  # its trail could not be written
        raise ServiceError(why)
    try:
        with cipher.exclusive(path):
            cipher.tidy(path)  # a stale plain .partial or .converting must not outlive an encryption
            return _convert_file(path, old_key, new_key, user_id)
    except cipher.Busy as e:
        raise ServiceError(f"{e}；数据库保持原样") from e


def _convert_file(path: Path, old_key: str | None, new_key: str | None, user_id: uuid.UUID | None) -> Converted:

    def database() -> None:
        try:
            cipher.convert(path, old_key, new_key)
        except cipher.CipherError as e:
            raise ServiceError(f"{e}；数据库保持原样") from e

    if new_key is None:
        database()
        converted, left = cipher.convert_all(backups_of(path), old_key, new_key)
    else:
        try:
            cipher.leave_wal(path, old_key)  # the passphrase and nobody else: checked before any backup changes
        except cipher.CipherError as e:
            raise ServiceError(f"{e}；数据库保持原样") from e
        done: list[Path] = []
        converted, left = cipher.convert_all(backups_of(path), old_key, new_key, done)
        try:
            database()
        except ServiceError:
            for f in done:  # back as they were, with the database
                with contextlib.suppress(cipher.CipherError, OSError):
                    cipher.convert(f, new_key, old_key)
            raise
    try:
        db = open_database(str(path), key=new_key)
    except DatabaseError as e:
        raise ServiceError(str(e)) from e
    with db.session() as session:
        audit.record(session, user_id=user_id, entity="database",
                     entity_id=uuid.uuid5(uuid.NAMESPACE_URL, str(path)), action=_action(old_key, new_key),
                     after={"backups_converted": converted, "backups_left": [f.name for f in left]})
        session.commit()
    return Converted(db, converted, left)


@dataclass(frozen=True)
class AtStart:
    """What a start found beside the database and did about it."""

    backups_encrypted: list[Path] = field(default_factory=list)  # plain backups beside the encrypted database
    plain_left: list[Path] = field(default_factory=list)  # plain backups that could not be encrypted
    tidied: cipher.Tidied = field(default_factory=cipher.Tidied)

    def notices(self) -> list[str]:
        """What the person starting the program is told (Chinese), most urgent first."""
        said = []
        if self.plain_left:
            said.append("以下备份未加密，且无法用数据库口令加密（文件已损坏、无法读取或正被使用），"
                        "其中的案件未受保护，请检查后删除或移出备份文件夹：\n"
                        + "\n".join(str(f) for f in self.plain_left))
        if self.tidied.kept:
            said.append("以下是中断的备份、转换或恢复留下的文件，可能是数据的唯一副本，未删除，请检查：\n"
                        + "\n".join(str(f) for f in self.tidied.kept))
        if self.backups_encrypted:
            said.append(f"备份文件夹中有 {len(self.backups_encrypted)} 个未加密的备份（如上次加密被中断），"
                        "已用数据库口令加密。")
        if self.tidied.recovered:
            said.append("上次中断的转换已完成（已校验的转换结果放回原处）：\n"
                        + "\n".join(str(f) for f in self.tidied.recovered))
        return said


def plain_backups(path: Path) -> list[Path]:
    """The backups in the database's backups folder that are plain SQLite files."""
    found = []
    for f in backups_of(path):
        try:
            with f.open("rb") as fh:
                if fh.read(16) == cipher.SQLITE_HEADER:
                    found.append(f)
        except OSError:
            continue
    return found


def finish_interrupted(path: Path | None, key: str | None,
                       converting: Callable[[int], None] | None = None) -> AtStart:
    """At every start, once the database is open with its passphrase (the window after the
    passphrase, each command that opens the file): the temporary files of interrupted
    backups, conversions and restores go (``cipher.tidy``), and beside an encrypted database
    every plain backup is encrypted with ``key`` (an interrupted ``encryption on``, a copied-in
    file); one that cannot be is in ``plain_left``. ``converting`` is told how many before
    they are (the window shows a notice). Nothing is done while another program holds the
    database's work lock (it is backing up or converting). A plain database's encrypted backups
    (an interrupted ``encryption off``) stay as they are: safe, and restorable with their
    passphrase."""
    if path is None or not path.is_file():
        return AtStart()
    try:
        with cipher.exclusive(path):
            tidied = cipher.tidy(path)
            if key is None:
                return AtStart(tidied=tidied)
            plain = plain_backups(path)
            if plain and converting is not None:
                converting(len(plain))
            encrypted, left = [], []
            for f in plain:
                try:
                    cipher.convert(f, None, key)
                except (cipher.CipherError, OSError):
                    left.append(f)
                    continue
                encrypted.append(f)
            return AtStart(encrypted, left, tidied)
    except (cipher.Busy, OSError):
        return AtStart()


def tidy_at_start(db: Database) -> Database:
    """``finish_interrupted`` for a command: what could not be done is said on stderr. Returns ``db``."""
    import sys

    for line in finish_interrupted(db.path, db.key).notices():
        print(line, file=sys.stderr)
    return db
