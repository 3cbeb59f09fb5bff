"""Sign-in rules: what a password must be, and how long a run of wrong passwords makes a
person wait (a growing delay, then a temporary lock)."""

from __future__ import annotations

from datetime import timedelta

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
FREE_FAILURES = 2  # wrong passwords before any wait (typos happen)
LOCK_AFTER = 6  # this many in a row lock the account for LOCK_TIME
LOCK_TIME = timedelta(minutes=15)
IDLE_LOCK_DEFAULT_MINUTES = 10  # the window locks after this long without input (a setting)
# An encrypted database's passphrase meets an attacker holding the stolen file with no wait
# and no lock, only SQLCipher's key derivation: it must be longer than a sign-in password.
MIN_PASSPHRASE_LENGTH = 10


def password_problem(password: str, username: str = "") -> str | None:
    """Why a new password is not acceptable, in Chinese; None when it is."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"密码至少 {MIN_PASSWORD_LENGTH} 位"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"密码不能超过 {MAX_PASSWORD_LENGTH} 位"
    if password != password.strip():
        return "密码首尾不能是空格"
    if not any(c.isdigit() for c in password) or not any(c.isalpha() for c in password):
        return "密码须同时包含字母和数字"
    if username and username.strip().lower() in password.lower():
        return "密码不能包含用户名"
    return None


def passphrase_problem(passphrase: str) -> str | None:
    """Why a new database passphrase is not acceptable, in Chinese; None when it is."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return f"数据库口令至少 {MIN_PASSPHRASE_LENGTH} 位（可以是一句话）"
    if len(passphrase) > MAX_PASSWORD_LENGTH:
        return f"数据库口令不能超过 {MAX_PASSWORD_LENGTH} 位"
    if passphrase != passphrase.strip():
        return "数据库口令首尾不能是空格"
    if len(set(passphrase)) < 4:
        return "数据库口令过于简单，请用更多不同的字符"
    return None


def wait_after(failures: int) -> timedelta:
    """How long sign-in is refused after ``failures`` wrong passwords in a row: nothing for
    the first two, then 5, 10, 20 seconds … doubling, and LOCK_TIME from LOCK_AFTER on."""
    if failures <= FREE_FAILURES:
        return timedelta(0)
    if failures >= LOCK_AFTER:
        return LOCK_TIME
    return timedelta(seconds=5 * 2 ** (failures - FREE_FAILURES - 1))


def wait_text(remaining: timedelta) -> str:
    seconds = max(1, int(remaining.total_seconds() + 0.999))
    if seconds >= 60:
        return f"{(seconds + 59) // 60} 分钟"
    return f"{seconds} 秒"
