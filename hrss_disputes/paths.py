"""Where the shipped resources are: ``resources/`` beside the package (or HRSS_RESOURCES)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    override = os.environ.get("HRSS_RESOURCES")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)  # a PyInstaller bundle carries resources/ inside
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def data_dir() -> Path:
    """The per-user data folder: %APPDATA% on Windows, XDG data home elsewhere (the default
    database, its backups and the log live here)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "hrss_disputes"


def font_path() -> Path:
    return resources_dir() / "fonts" / "wqy-microhei.ttc"
