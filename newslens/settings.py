"""One settings table: every knob newslens reads, its default and what it is for.

Values come from the environment (``NEWSLENS_<NAME>``), then from a TOML file named by
``NEWSLENS_CONFIG`` (or ``newslens.toml`` in the working directory), then the default.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def _installed() -> bool:
    """A wheel carries data/ inside the package; a checkout keeps it beside pyproject.toml."""
    return not ((_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "data").is_dir())


def _user_store() -> Path:
    """An installed package cannot write into site-packages: the store goes to the user's data
    folder (XDG_DATA_HOME, else ~/.local/share)."""
    home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(home) / "newslens" / "newslens.duckdb"


DATA_DIR = _PACKAGE / "data" if _installed() else _CHECKOUT / "data"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", str(_user_store() if _installed() else DATA_DIR / "newslens.duckdb"),
            "Path of the DuckDB store file"),
    Setting("bundled_data", str(DATA_DIR / "demo"),
            "Folder ingested on first run when the store does not exist yet (the demo corpus)"),
    Setting("max_text_chars", 10_000_000,
            "Articles whose text is longer than this many characters are skipped with a reason"),
    Setting("max_file_bytes", 2_000_000_000,
            "Files (or zip members once uncompressed) larger than this are skipped"),
    Setting("max_zip_ratio", 200,
            "A zip member whose uncompressed/compressed size ratio exceeds this is refused"),
    Setting("lock_timeout_s", 30.0,
            "How long to keep retrying when another process holds the store's lock"),
    Setting("batch_size", 5_000, "Articles per staged batch during ingest"),
    Setting("entities_file", "",
            "Your own actors/entities (YAML, same format as data/actors/*.yaml) added to the "
            "dictionary"),
    Setting("memory_limit", "1GB",
            "Memory DuckDB may use per connection before it spills to disk (e.g. 512MB, 4GB)"),
    Setting("upload_max_mb", 200,
            "Dashboard uploads: most megabytes one ingest takes, zip members counted uncompressed"),
    Setting("upload_max_files", 20_000,
            "Dashboard uploads: most files one ingest takes, each zip member counted"),
    Setting("read_only", False,
            "Dashboard for colleagues: hides upload, entity merge/rename and saving short links"),
)

_BY_NAME = {s.name: s for s in SETTINGS}
_TRUE = frozenset({"1", "true", "yes", "on"})


def _config_file() -> dict[str, Any]:
    path = Path(os.environ.get("NEWSLENS_CONFIG", "newslens.toml"))
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh).get("newslens", {})


def get(name: str) -> Any:
    """Return a setting's value, converted to the type of its default."""
    setting = _BY_NAME[name]
    raw = os.environ.get(f"NEWSLENS_{name.upper()}")
    if raw is None:
        raw = _config_file().get(name, setting.default)
    if isinstance(setting.default, bool):
        return raw if isinstance(raw, bool) else str(raw).strip().lower() in _TRUE
    return type(setting.default)(raw)
