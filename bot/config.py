"""Settings: config.toml, overridden by LINGONG_SECTION_KEY environment variables.

Secrets (tokens) come only from the environment or a file outside the repository.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

DEFAULT_DATA_DIR = Path("~/.local/share/lingong")
CHANNELS = ("console", "telegram", "wechat")


class ConfigError(Exception):
    """A wrong or missing setting: one line saying which and how to fix it."""


@dataclass
class BotSettings:
    county: str = "429021"
    data_dir: str = str(DEFAULT_DATA_DIR)
    channels: list[str] = field(default_factory=lambda: ["console"])
    # identities ("telegram:123", "console:李主任") who are county officers
    county_officers: list[str] = field(default_factory=list)


@dataclass
class DatabaseSettings:
    url: str = ""  # empty: SQLite in data_dir


@dataclass
class TelegramSettings:
    token: str = ""  # from LINGONG_TELEGRAM_TOKEN or token_file only
    token_file: str = ""
    api_base_url: str = "https://api.telegram.org/bot"
    mode: str = "polling"  # polling | webhook
    # Long polling: Telegram holds getUpdates open up to poll_timeout seconds and answers the
    # moment a message comes, so no interval is needed between calls.
    poll_timeout: int = 30
    poll_interval: float = 0.0
    webhook_url: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    # Telegram sends it with every webhook call, so only Telegram can post updates to the URL.
    webhook_secret: str = ""  # from LINGONG_TELEGRAM_WEBHOOK_SECRET or webhook_secret_file only
    webhook_secret_file: str = ""


@dataclass
class WechatSettings:
    endpoint: str = ""  # host:port of the puppet service
    token: str = ""  # from LINGONG_WECHAT_TOKEN or token_file only
    token_file: str = ""
    start_timeout: float = 30.0
    send_interval: float = 3.0  # seconds between sends into groups
    daily_cap: int = 300  # sends a day for the whole account


@dataclass
class MatchingSettings:
    max_pushes: int = 20  # workers pushed a new job
    quiet_start: str = "21:00"  # no private pushes from here …
    quiet_end: str = "07:00"  # … until here


@dataclass
class JobSettings:
    undated_expiry_days: int = 3
    still_hiring_time: str = "19:00"  # the evening before an undated job expires


@dataclass
class DigestSettings:
    default_time: str = "07:30"
    max_chars: int = 1500  # one digest message, so a phone shows it whole-ish


@dataclass
class PrivacySettings:
    keep_messages_days: int = 180  # message texts older than this are cleared
    keep_reveals_days: int = 365  # the log of who saw whose phone


@dataclass
class ExposureSettings:
    """The 曝光台: how long the person named may 申诉 before an entry shows, how long it shows."""

    appeal_days: int = 3
    keep_days: int = 90


@dataclass
class BackupSettings:
    dir: str = ""  # empty: no nightly backup
    keep: int = 7  # newest backups kept in dir
    time: str = "03:00"  # Asia/Shanghai


@dataclass
class WebSettings:
    """`lingong web`: the station screens and the officers' desk."""

    host: str = "127.0.0.1"
    port: int = 8080
    base_url: str = ""  # public address in links sent to officers; empty: http://host:port
    secret: str = ""  # signs desk sessions: from LINGONG_WEB_SECRET or secret_file only
    secret_file: str = ""
    bot_link: str = ""  # what the screen's QR code opens: the bot's private chat
    session_hours: int = 12

    @property
    def public_url(self) -> str:
        return (self.base_url or f"http://{self.host}:{self.port}").rstrip("/")


@dataclass
class Settings:
    bot: BotSettings = field(default_factory=BotSettings)
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    wechat: WechatSettings = field(default_factory=WechatSettings)
    matching: MatchingSettings = field(default_factory=MatchingSettings)
    jobs: JobSettings = field(default_factory=JobSettings)
    digest: DigestSettings = field(default_factory=DigestSettings)
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    backup: BackupSettings = field(default_factory=BackupSettings)
    exposure: ExposureSettings = field(default_factory=ExposureSettings)
    web: WebSettings = field(default_factory=WebSettings)

    @property
    def data_path(self) -> Path:
        return Path(self.bot.data_dir).expanduser()

    @property
    def database_url(self) -> str:
        return self.database.url or f"sqlite:///{self.data_path / 'lingong.db'}"


SECRETS = {("telegram", "token"), ("wechat", "token"), ("telegram", "webhook_secret"),
           ("web", "secret")}
# LINGONG_* variables that are not settings: the config file, the log level, and the test
# suite's own (the shared folder, a PostgreSQL server for tests).
OTHER_VARIABLES = {"LINGONG_CONFIG", "LINGONG_LOG_LEVEL", "LINGONG_SHARED", "LINGONG_TEST_PG"}


def load_settings(path: str | Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Read ``path`` (if given), apply ``LINGONG_*`` overrides, validate."""
    env = dict(os.environ if env is None else env)
    raw: dict[str, Any] = {}
    if path is not None:
        p = Path(path).expanduser()
        if not p.is_file():
            raise ConfigError(f"config file {p} not found: copy config.example.toml there")
        try:
            raw = tomllib.loads(p.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {p} is not valid TOML: {exc}") from exc
    settings = Settings()
    for section in fields(Settings):
        target = getattr(settings, section.name)
        given = raw.pop(section.name, {})
        if not isinstance(given, dict):
            raise ConfigError(f"[{section.name}] must be a table in the config file")
        for key, value in given.items():
            if (section.name, key) in SECRETS and value:
                raise ConfigError(
                    f"[{section.name}] {key} must not be in the config file: set "
                    f"LINGONG_{section.name.upper()}_{key.upper()} or {key}_file instead"
                )
            _assign(target, section.name, key, value)
        for f in fields(target):
            name = f"LINGONG_{section.name.upper()}_{f.name.upper()}"
            if name in env:
                _assign(target, section.name, f.name, _from_env(env[name], f.type))
    if raw:
        raise ConfigError(f"unknown section [{next(iter(raw))}] in the config file")
    _check_variables(env)
    _load_secret_files(settings)
    validate(settings)
    return settings


def _assign(target: Any, section: str, key: str, value: Any) -> None:
    known = {f.name: f for f in fields(target)}
    if key not in known:
        raise ConfigError(f"unknown setting [{section}] {key}: see config.example.toml")
    current = getattr(target, key)
    if isinstance(current, bool):
        ok = isinstance(value, bool)
    elif isinstance(current, float):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif isinstance(current, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(current, list):
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    else:
        ok = isinstance(value, str)
    if not ok:
        raise ConfigError(
            f"[{section}] {key} = {value!r} has the wrong type: "
            f"expected {type(current).__name__}, like {current!r}"
        )
    setattr(target, key, value)


def _from_env(value: str, annotation: Any) -> Any:
    kind = str(annotation)
    if "list" in kind:
        return [v.strip() for v in value.split(",") if v.strip()]
    if kind == "bool":
        return value.strip().lower() in ("1", "true", "yes", "on")
    try:
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
    except ValueError:
        return value  # _assign reports the wrong type with the setting's name
    return value


def known_variables() -> set[str]:
    """Every ``LINGONG_*`` environment variable lingong reads."""
    names = set(OTHER_VARIABLES)
    defaults = Settings()
    for section in fields(defaults):
        for f in fields(getattr(defaults, section.name)):
            names.add(f"LINGONG_{section.name.upper()}_{f.name.upper()}")
    return names


def _check_variables(env: dict[str, str]) -> None:
    """A mistyped variable (LINGONG_TELEGRAM_TOKNE) is an error, as a mistyped key is."""
    known = known_variables()
    for name in sorted(env):
        if name.startswith("LINGONG_") and name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            raise ConfigError(
                f"unknown environment variable {name}: {hint}see config.example.toml "
                "(LINGONG_<SECTION>_<KEY>)")


def _load_secret_files(settings: Settings) -> None:
    """Each secret not given in the environment is read from its ``*_file``."""
    for section_name, name in sorted(SECRETS):
        section = getattr(settings, section_name)
        file = getattr(section, f"{name}_file")
        if not getattr(section, name) and file:
            p = Path(file).expanduser()
            if not p.is_file():
                raise ConfigError(f"[{section_name}] {name}_file {p} not found")
            setattr(section, name, p.read_text(encoding="utf-8").strip())


def require_web_secret(web: WebSettings) -> None:
    """The desk signs sessions with the secret: without one, no desk."""
    if len(web.secret) < 16:
        raise ConfigError("the web desk needs a secret of 16+ characters: set LINGONG_WEB_SECRET "
                          "or [web] secret_file (e.g. `openssl rand -hex 32 > web_secret`)")


def _hhmm(value: str) -> bool:
    h, sep, m = value.partition(":")
    return bool(sep) and h.isdigit() and m.isdigit() and int(h) < 24 and int(m) < 60


def validate(settings: Settings) -> None:
    for channel in settings.bot.channels:
        if channel not in CHANNELS:
            raise ConfigError(
                f"[bot] channels: unknown channel {channel!r}; choose from {', '.join(CHANNELS)}"
            )
    if not settings.bot.county.isdigit() or len(settings.bot.county) != 6:
        raise ConfigError(f"[bot] county = {settings.bot.county!r}: a 6-digit county code")
    url = settings.database.url
    if url and not url.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:")):
        raise ConfigError(
            f"[database] url = {url!r}: use sqlite:///PATH or postgresql+psycopg://USER@HOST/DB"
        )
    tg = settings.telegram
    if tg.mode not in ("polling", "webhook"):
        raise ConfigError(f"[telegram] mode = {tg.mode!r}: polling or webhook")
    if not tg.api_base_url.startswith(("https://", "http://")) or not (
            tg.api_base_url.rstrip("/").endswith("/bot")):
        # PTB appends the token to it: without /bot the token lands in the host name.
        raise ConfigError(
            f"[telegram] api_base_url = {tg.api_base_url!r}: the Bot API root ending in /bot, "
            "like https://api.telegram.org/bot")
    if tg.webhook_secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", tg.webhook_secret):
        raise ConfigError("[telegram] webhook_secret: 1 to 256 of A-Z, a-z, 0-9, _ and - "
                          "(Telegram's rule)")
    if tg.poll_timeout < 0 or tg.poll_interval < 0:
        raise ConfigError("[telegram] poll_timeout and poll_interval: seconds, 0 or more")
    for name, value in (
        ("[matching] quiet_start", settings.matching.quiet_start),
        ("[matching] quiet_end", settings.matching.quiet_end),
        ("[jobs] still_hiring_time", settings.jobs.still_hiring_time),
        ("[digest] default_time", settings.digest.default_time),
        ("[backup] time", settings.backup.time),
    ):
        if not _hhmm(value):
            raise ConfigError(f"{name} = {value!r}: a time like \"07:30\"")
    for name, number in (
        ("[privacy] keep_messages_days", settings.privacy.keep_messages_days),
        ("[privacy] keep_reveals_days", settings.privacy.keep_reveals_days),
        ("[backup] keep", settings.backup.keep),
        ("[exposure] appeal_days", settings.exposure.appeal_days),
        ("[exposure] keep_days", settings.exposure.keep_days),
    ):
        if number < 1:
            raise ConfigError(f"{name} = {number}: at least 1")
    if not 0 < settings.web.port < 65536:
        raise ConfigError(f"[web] port = {settings.web.port}: a port number like 8080")
    if settings.web.base_url and not settings.web.base_url.startswith(("http://", "https://")):
        raise ConfigError(f"[web] base_url = {settings.web.base_url!r}: "
                          "a public address like https://lingong.example.cn")


def require_channel(settings: Settings, channel: str) -> None:
    """Stop start-up with one clear line when a channel lacks what it needs."""
    if channel == "telegram" and not settings.telegram.token:
        raise ConfigError(
            "telegram needs a bot token: set LINGONG_TELEGRAM_TOKEN "
            "(from BotFather) or [telegram] token_file"
        )
    if channel == "telegram" and settings.telegram.mode == "webhook" and not (
        settings.telegram.webhook_url
    ):
        raise ConfigError("[telegram] mode = \"webhook\" needs webhook_url (the public https URL)")
    if channel == "wechat" and not settings.wechat.endpoint:
        raise ConfigError(
            "wechat needs [wechat] endpoint (host:port of the wechaty puppet service) "
            "or LINGONG_WECHAT_ENDPOINT"
        )
    if channel == "wechat" and not settings.wechat.token:
        raise ConfigError("wechat needs a puppet token: set LINGONG_WECHAT_TOKEN or token_file")
