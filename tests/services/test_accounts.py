"""Sign-in: scrypt hashes, the growing wait and the lock, the administrator's user management."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hrss_disputes.domain import accounts as rules
from hrss_disputes.models.enums import Role
from hrss_disputes.services import accounts
from hrss_disputes.services.errors import PermissionDenied, ValidationFailed
from tests.factories import TEST_PASSWORD, make_user

NOW = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)


@pytest.mark.real_scrypt
def test_passwords_are_salted_scrypt_hashes_never_the_password() -> None:
    a, b = accounts.hash_password("Tribunal2026"), accounts.hash_password("Tribunal2026")
    assert a != b and a.startswith("scrypt$32768$8$1$") and "Tribunal2026" not in a
    assert accounts.check_password("Tribunal2026", a) and not accounts.check_password("tribunal2026", a)
    assert not accounts.check_password("Tribunal2026", None) and not accounts.check_password("x", "garbage")


@pytest.mark.parametrize(("password", "problem"), [
    ("abc123", "密码至少 8 位"), ("abcdefgh", "密码须同时包含字母和数字"), ("12345678", "密码须同时包含字母和数字"),
    (" abc12345", "密码首尾不能是空格"), ("chenjing2026", "密码不能包含用户名"), ("x1" * 65, "密码不能超过 128 位"),
    ("调解员2026年", None), ("Tribunal2026", None),
])
def test_password_rules(password: str, problem: str | None) -> None:
    assert rules.password_problem(password, "chenjing") == problem


@pytest.mark.parametrize(("failures", "seconds"), [(0, 0), (1, 0), (2, 0), (3, 5), (4, 10), (5, 20), (6, 900), (9, 900)])
def test_the_wait_grows_then_locks(failures: int, seconds: int) -> None:
    assert rules.wait_after(failures) == timedelta(seconds=seconds)


def test_sign_in_wrong_passwords_wait_and_lock(ctx, admin) -> None:  # noqa: ANN001
    make_user(ctx, "chen", Role.MEDIATOR, admin.office_id)
    signed = ctx.call(accounts.authenticate, username="chen", password=TEST_PASSWORD, now=NOW, changes_password_now=True)
    assert signed.actor.username == "chen" and signed.must_change_password  # set by the administrator
    for n in (1, 2):
        with pytest.raises(accounts.LoginRefused, match=f"再错 {6 - n} 次将锁定账户") as e:
            ctx.call(accounts.authenticate, username="chen", password="wrong", now=NOW)
        assert e.value.wait_seconds == 0
    with pytest.raises(accounts.LoginRefused, match="5 秒后再试"):
        ctx.call(accounts.authenticate, username="chen", password="wrong", now=NOW)
    # even the right password waits out the delay
    with pytest.raises(accounts.LoginRefused, match="请 5 秒后再试"):
        ctx.call(accounts.authenticate, username="chen", password=TEST_PASSWORD, now=NOW)
    later = NOW
    for _ in range(3):
        later += timedelta(minutes=1)
        with pytest.raises(accounts.LoginRefused):
            ctx.call(accounts.authenticate, username="chen", password="wrong", now=later)
    with pytest.raises(accounts.LoginRefused, match="请 10 分钟后再试"):  # locked for 15 minutes, 5 gone
        ctx.call(accounts.authenticate, username="chen", password=TEST_PASSWORD, now=later + timedelta(minutes=5))
    assert ctx.call(accounts.authenticate, username="chen", password=TEST_PASSWORD, changes_password_now=True,
                    now=later + timedelta(minutes=16)).actor.username == "chen"


def test_an_unknown_user_and_a_wrong_password_read_alike(ctx, admin) -> None:  # noqa: ANN001
    for name in ("nobody", "admin"):
        with pytest.raises(accounts.LoginRefused, match="^用户名或密码不正确"):
            ctx.call(accounts.authenticate, username=name, password="Wrong12345", now=NOW)


def test_disabled_users_cannot_sign_in_and_the_last_admin_stays(ctx, admin) -> None:  # noqa: ANN001
    chen = make_user(ctx, "chen", Role.MEDIATOR, admin.office_id)
    ctx.call(accounts.set_active, user_id=chen.id, active=False)
    with pytest.raises(accounts.LoginRefused, match="用户名或密码不正确"):
        ctx.call(accounts.authenticate, username="chen", password=TEST_PASSWORD, now=NOW)
    with pytest.raises(PermissionDenied, match="不能停用自己"):
        ctx.call(accounts.set_active, user_id=admin.id, active=False)
    ctx.call(accounts.set_active, user_id=chen.id, active=True)
    assert ctx.call(accounts.authenticate, username="chen", password=TEST_PASSWORD, now=NOW, changes_password_now=True)


def test_reset_unlocks_and_forces_a_change_which_needs_the_old_password(ctx, admin) -> None:  # noqa: ANN001
    chen = make_user(ctx, "chen", Role.MEDIATOR, admin.office_id)
    for _ in range(6):
        with pytest.raises(accounts.LoginRefused):
            ctx.call(accounts.authenticate, username="chen", password="wrong", now=NOW)
    with pytest.raises(ValidationFailed) as e:
        ctx.call(accounts.reset_password, user_id=chen.id, new_password="short")
    assert e.value.errors == {"password": "密码至少 8 位"}
    ctx.call(accounts.reset_password, user_id=chen.id, new_password="Reset2026x")
    signed = ctx.call(accounts.authenticate, username="chen", password="Reset2026x", now=NOW, changes_password_now=True)
    assert signed.must_change_password
    ctx.actor = chen
    with pytest.raises(ValidationFailed) as e:
        ctx.call(accounts.change_password, old_password="nope", new_password="Mine2026abc")
    assert set(e.value.errors) == {"old_password"}
    ctx.call(accounts.change_password, old_password="Reset2026x", new_password="Mine2026abc")
    assert not ctx.call(accounts.authenticate, username="chen", password="Mine2026abc", now=NOW).must_change_password
    with pytest.raises(PermissionDenied):
        ctx.call(accounts.reset_password, user_id=admin.id, new_password="Taken2026x")


def test_new_users_are_checked_at_their_fields(ctx, admin) -> None:  # noqa: ANN001
    with pytest.raises(ValidationFailed) as e:
        ctx.call(accounts.create_account, username="陈 静", display_name="", role=Role.MEDIATOR, office_id=None,
                 password="abc")
    assert set(e.value.errors) == {"username", "display_name", "office_id", "password"}
    with pytest.raises(ValidationFailed, match="已存在"):
        ctx.call(accounts.create_account, username="admin", display_name="陈静", role=Role.MEDIATOR,
                 office_id=admin.office_id, password=TEST_PASSWORD)


def test_an_upgraded_database_asks_for_the_administrators_first_password(ctx, admin, db) -> None:  # noqa: ANN001
    from sqlalchemy import text

    with db.engine.begin() as conn:
        conn.execute(text("UPDATE app_user SET password_hash = NULL"))
    assert ctx.call(accounts.admins_without_password) == [(admin.id, "admin", "李明")]
    with pytest.raises(accounts.LoginRefused, match="尚未设置密码"):
        ctx.call(accounts.authenticate, username="admin", password="anything1", now=NOW)
    ctx.call(accounts.set_first_password, user_id=admin.id, password="First2026a")
    assert ctx.call(accounts.admins_without_password) == []
    with pytest.raises(PermissionDenied):
        ctx.call(accounts.set_first_password, user_id=admin.id, password="Again2026a")
    assert ctx.call(accounts.authenticate, username="admin", password="First2026a", now=NOW).actor == admin


def test_sign_ins_and_account_changes_are_in_the_trail_without_hashes(ctx, admin, db) -> None:  # noqa: ANN001
    from sqlalchemy import text

    with pytest.raises(accounts.LoginRefused):
        ctx.call(accounts.authenticate, username="admin", password="Wrong12345", now=NOW)
    ctx.call(accounts.authenticate, username="admin", password=TEST_PASSWORD, now=NOW)
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT action, after FROM audit_entry WHERE entity = 'app_user' ORDER BY seq")).all()
    assert [r[0] for r in rows][-2:] == ["login_failed", "login"]
    assert all("scrypt$" not in (r[1] or "") for r in rows)


# ---------------------------------------------------------------- issue 17: nothing kept after a change


def test_a_disabled_user_or_a_changed_role_stops_at_the_next_call(ctx, admin, db) -> None:  # noqa: ANN001
    """The window keeps its Actor for the whole session: every call checks it against the row."""
    from hrss_disputes.models.office import AppUser
    from hrss_disputes.services import case_list
    from hrss_disputes.services.case_list import CaseQuery
    from hrss_disputes.services.context import ServiceContext

    chen = make_user(ctx, "chen", Role.SUPERVISOR, admin.office_id)
    window = ServiceContext(db, chen)  # what the window holds since chen signed in
    assert window.call(case_list.count_cases, query=CaseQuery()) == 0
    ctx.call(accounts.set_active, user_id=chen.id, active=False)
    with pytest.raises(PermissionDenied, match="已被管理员停用"):
        window.call(case_list.count_cases, query=CaseQuery())
    with pytest.raises(PermissionDenied, match="已被管理员停用"):  # nor may it unlock the window
        window.call(accounts.authenticate, username="chen", password=TEST_PASSWORD, changes_password_now=True)
    ctx.call(accounts.set_active, user_id=chen.id, active=True)
    assert window.call(case_list.count_cases, query=CaseQuery()) == 0
    with db.session() as s:  # the role changed (another administrator's tool, the server)
        s.get(AppUser, chen.id).role = Role.MEDIATOR
        s.commit()
    with pytest.raises(PermissionDenied, match="角色已改为调解员"):
        window.call(case_list.count_cases, query=CaseQuery())
    # a user passed explicitly is checked the same way
    with pytest.raises(PermissionDenied, match="角色已改为调解员"):
        ctx.call(case_list.count_cases, user=chen, query=CaseQuery())


def test_parallel_wrong_guesses_are_all_counted(ctx, admin, db, monkeypatch) -> None:  # noqa: ANN001
    """Six guesses at once, each reading the row before any writes: every one counts (an UPDATE
    ... SET failed_logins = failed_logins + 1, not read, add one, write)."""
    import threading

    from sqlalchemy import select

    from hrss_disputes.models.office import AppUser
    from hrss_disputes.services.context import ServiceContext

    make_user(ctx, "chen", Role.MEDIATOR, admin.office_id)
    guesses = rules.LOCK_AFTER
    together = threading.Barrier(guesses, timeout=20)

    def slow_wrong(password: str, stored: str | None) -> bool:
        together.wait()  # all have read the row; now they all write
        return False

    monkeypatch.setattr(accounts, "check_password", slow_wrong)
    refused: list[str] = []

    def guess(n: int) -> None:
        try:
            ServiceContext(db).call(accounts.authenticate, username="chen", password=f"guess{n}", now=NOW)
        except accounts.LoginRefused as e:
            refused.append(str(e))

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(guesses)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(refused) == guesses
    with db.session() as s:
        row = s.scalars(select(AppUser).where(AppUser.username == "chen")).one()
        assert row.failed_logins == guesses and row.locked_until is not None
    assert any("账户已锁定" in text for text in refused)
    from hrss_disputes.services import audit_trail

    assert ctx.call(audit_trail.verify) is None  # each failure's entry chained in turn


def test_a_password_set_by_the_administrator_is_changed_before_any_other_use(ctx, admin) -> None:  # noqa: ANN001
    """The window changes it at once (changes_password_now); a command line sign-in is refused."""
    make_user(ctx, "chen", Role.MEDIATOR, admin.office_id)
    with pytest.raises(accounts.LoginRefused, match="须先修改") as e:
        ctx.call(accounts.authenticate, username="chen", password=TEST_PASSWORD, now=NOW)
    assert e.value.wait_seconds == 0
    signed = ctx.call(accounts.authenticate, username="chen", password=TEST_PASSWORD, now=NOW,
                      changes_password_now=True)
    assert signed.must_change_password
    ctx.actor = signed.actor
    ctx.call(accounts.change_password, old_password=TEST_PASSWORD, new_password="Mine2026abc")
    assert not ctx.call(accounts.authenticate, username="chen", password="Mine2026abc", now=NOW).must_change_password
