"""Settings: a wrong or missing one stops start-up with one line saying which and how."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bot.config import SECRETS, ConfigError, Settings, load_settings, require_channel

REPO = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "config.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_no_config_is_the_embedded_default() -> None:
    s = load_settings(env={})
    assert s.bot.channels == ["console"] and s.bot.county == "429021"
    assert s.database_url.startswith("sqlite:///") and s.database_url.endswith("lingong.db")


def test_the_example_config_loads_and_documents_every_setting() -> None:
    example = REPO / "config.example.toml"
    load_settings(example, env={})
    documented = tomllib.loads(example.read_text(encoding="utf-8"))
    defaults = Settings()
    for section, values in vars(defaults).items():
        assert section in documented, f"[{section}] missing from config.example.toml"
        for key in vars(values):
            if (section, key) not in SECRETS:  # secrets are documented in comments only
                assert key in documented[section], f"[{section}] {key} undocumented"


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    p = write(tmp_path, '[bot]\ncounty = "429021"\n[matching]\nmax_pushes = 5\n')
    s = load_settings(p, env={"LINGONG_MATCHING_MAX_PUSHES": "9",
                              "LINGONG_BOT_CHANNELS": "console, telegram",
                              "LINGONG_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1/x"})
    assert s.matching.max_pushes == 9
    assert s.bot.channels == ["console", "telegram"]
    assert s.database_url.startswith("postgresql+psycopg://")


@pytest.mark.parametrize(
    ("text", "env", "says"),
    [
        ("[bot\ncounty=1", {}, "not valid TOML"),
        ("[bot]\ncounty = 429021\n", {}, "[bot] county = 429021 has the wrong type"),
        ("[bot]\ncolour = \"red\"\n", {}, "unknown setting [bot] colour"),
        ("[weather]\nsun = true\n", {}, "unknown section [weather]"),
        ("[telegram]\ntoken = \"123:abc\"\n", {}, "LINGONG_TELEGRAM_TOKEN"),
        ("[bot]\nchannels = [\"qq\"]\n", {}, "unknown channel 'qq'"),
        ("[database]\nurl = \"mysql://x\"\n", {}, "[database] url"),
        ("[matching]\nquiet_start = \"9pm\"\n", {}, "[matching] quiet_start"),
        ("", {"LINGONG_WECHAT_DAILY_CAP": "lots"}, "[wechat] daily_cap = 'lots'"),
    ],
)
def test_bad_settings_say_which_and_how(tmp_path: Path, text: str, env: dict[str, str],
                                        says: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(write(tmp_path, text), env=env)
    assert says in str(err.value)
    assert "\n" not in str(err.value)


def test_a_missing_config_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml", env={})


def test_tokens_come_from_the_environment_or_a_file(tmp_path: Path) -> None:
    token_file = tmp_path / "tg.token"
    token_file.write_text("123:secret\n")
    s = load_settings(write(tmp_path, f'[telegram]\ntoken_file = "{token_file}"\n'), env={})
    assert s.telegram.token == "123:secret"
    s = load_settings(env={"LINGONG_TELEGRAM_TOKEN": "456:env"})
    assert s.telegram.token == "456:env"
    with pytest.raises(ConfigError, match="LINGONG_TELEGRAM_TOKEN"):
        require_channel(load_settings(env={}), "telegram")
    with pytest.raises(ConfigError, match="endpoint"):
        require_channel(load_settings(env={}), "wechat")


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=REPO, text=True,
                          capture_output=True, timeout=120, env=env)


def test_start_up_with_a_bad_setting_prints_one_clear_line(tmp_path: Path) -> None:
    p = write(tmp_path, "[bot]\ncounty = \"abc\"\n")
    proc = run_cli("--config", str(p), "run")
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "lingong: config error: [bot] county = 'abc': a 6-digit county code")


def test_an_unreachable_database_is_named_not_a_traceback() -> None:
    proc = run_cli("jobs", "--json", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert proc.returncode == 2
    assert proc.stderr.startswith("lingong: cannot open database postgresql+psycopg://")
    assert "Traceback" not in proc.stderr
