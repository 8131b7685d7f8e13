"""Settings: one table, every entry documented in the README, env and TOML override defaults."""

from __future__ import annotations

import pytest

from newslens import settings
from tests.conftest import ROOT


def test_readme_lists_every_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in settings.SETTINGS if f"| `{s.name}` |" not in readme]
    assert not missing, f"README's settings table lacks: {missing}"


def test_env_overrides_default(monkeypatch):
    monkeypatch.setenv("NEWSLENS_BATCH_SIZE", "17")
    assert settings.get("batch_size") == 17


def test_toml_file_overrides_default(monkeypatch, tmp_path):
    config = tmp_path / "conf.toml"
    config.write_text("[newslens]\nlock_timeout_s = 2.5\n")
    monkeypatch.setenv("NEWSLENS_CONFIG", str(config))
    monkeypatch.delenv("NEWSLENS_LOCK_TIMEOUT_S", raising=False)
    assert settings.get("lock_timeout_s") == 2.5


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("true", True), ("YES", True),
                                               ("0", False), ("false", False), ("", False)])
def test_boolean_settings_read_words_not_truthiness(monkeypatch, raw, expected):
    monkeypatch.setenv("NEWSLENS_READ_ONLY", raw)
    assert settings.get("read_only") is expected
