"""Backups while the bot works, restores only into an empty database with the schema checked,
and the nightly backup on the injected clock."""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from bot.adapters.console import dm_chat_id
from bot.cli import main
from bot.config import Settings
from bot.message import Chat, ChatKind, Message, User
from handlers import schedule
from storage.backup import BackupError, backup, is_empty, restore
from storage.db import current_revision, make_engine, upgrade
from storage.models import Claim, Job
from storage.report import jobs_json
from tests.conversation import Conversation

WORKERS = 24


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def restored(path: Path, where: Path) -> list[dict[str, object]]:
    """The jobs and claims of backup ``path`` restored into a new database at ``where``."""
    engine = make_engine(sqlite_url(where))
    try:
        restore(engine, path)
        with Session(engine) as s:
            return jobs_json(s)
    finally:
        engine.dispose()


def press(conv: Conversation, worker: str, job_id: int) -> Message:
    return Message(id=f"console:m-{uuid.uuid4().hex}",
                   chat=Chat(dm_chat_id(worker), ChatKind.PRIVATE),
                   sender=User(f"console:{worker}", worker), date=conv.clock.now(),
                   button_data=f"claim:{job_id}", content_kind="button")


def consistent(jobs: list[dict[str, object]], engine_path: Path) -> None:
    """Every job's count is the sum of its confirmed claims, never above its headcount."""
    engine = make_engine(sqlite_url(engine_path))
    try:
        with Session(engine) as s:
            for job in s.exec(select(Job)):
                confirmed = sum(c.count for c in s.exec(select(Claim).where(
                    Claim.job_id == job.id, Claim.status == "confirmed")))
                assert job.confirmed == confirmed
                assert job.headcount is None or confirmed <= job.headcount
    finally:
        engine.dispose()


def test_a_backup_taken_while_messages_are_handled_restores_every_job_and_claim(
        tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "live.db"))
    conv = Conversation(engine=engine)
    try:
        conv.say("@group 青天村群 青天村")
        for n in range(4):
            conv.say(f"老板{n}@青天村群: 明天要5个搬运工 150一天 电话1381234560{n}")
        job_ids = [j["id"] for j in conv.jobs()]
        handled: list[str] = []  # message ids, in the order their transactions committed
        lock = threading.Lock()
        start = threading.Barrier(4)

        def work(names: list[str]) -> None:
            start.wait()
            for i, name in enumerate(names):
                message = press(conv, name, job_ids[i % len(job_ids)])
                conv.app.dispatcher.handle(message)
                with lock:
                    handled.append(message.id)

        names = [f"工人{n}" for n in range(WORKERS)]
        threads = [threading.Thread(target=work, args=(names[k::3],)) for k in range(3)]
        for t in threads:
            t.start()
        start.wait()
        snapshots = []
        for k, when in enumerate((1, WORKERS // 3, 2 * WORKERS // 3)):
            while len(handled) < when:  # mid-conversation, at three points
                time.sleep(0.002)
            with lock:
                before = list(handled)
            made = backup(engine, tmp_path / f"mid{k}.db")
            snapshots.append((made, before))
        for t in threads:
            t.join()
        assert all(not t.is_alive() for t in threads)

        for k, (made, before) in enumerate(snapshots):
            jobs = restored(made, tmp_path / f"restored{k}.db")
            consistent(jobs, tmp_path / f"restored{k}.db")
            assert [j["id"] for j in jobs] == job_ids
            engine_k = make_engine(sqlite_url(tmp_path / f"restored{k}.db"))
            with Session(engine_k) as s:
                sources = {c.source_message_id for c in s.exec(select(Claim))}
            engine_k.dispose()
            assert set(before) <= sources  # everything handled before it began is in it
            assert len(sources) < WORKERS or k == 2  # and it was taken while work went on

        final = backup(engine, tmp_path / "final.db")
        jobs = restored(final, tmp_path / "restored-final.db")
        assert jobs == conv.jobs()
        assert sum(len(j["claims"]) for j in jobs) == WORKERS  # type: ignore[arg-type, misc]
    finally:
        conv.close()
        engine.dispose()


def test_restore_goes_only_into_an_empty_database(tmp_path: Path) -> None:
    conv = Conversation(engine=make_engine(sqlite_url(tmp_path / "a.db")))
    try:
        conv.say("""
            @group 青天村群 青天村
            王老板@青天村群: 明天要3个搬运工 150一天 电话13812345678
            """)
        made = backup(conv.app.engine, tmp_path / "a.backup")
        with pytest.raises(BackupError, match="already exists"):
            backup(conv.app.engine, made)
        with pytest.raises(BackupError, match="is not empty"):
            restore(conv.app.engine, made)
    finally:
        conv.close()
    fresh = make_engine(sqlite_url(tmp_path / "b.db"))
    upgrade(fresh)  # tables, but no rows: still empty
    assert is_empty(fresh)
    assert restore(fresh, made) == current_revision(fresh)
    with Session(fresh) as s:
        [job] = jobs_json(s)
    assert job["work_type"] == "搬运工" and job["headcount"] == 3


def test_restore_checks_the_schema(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "a.db"))
    upgrade(engine)
    good = backup(engine, tmp_path / "good.db")

    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 10)
    with pytest.raises(BackupError, match="not a lingong backup"):
        restore(make_engine(sqlite_url(tmp_path / "t1.db")), garbage)

    foreign = tmp_path / "foreign.db"
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.commit()
    with pytest.raises(BackupError, match="no lingong schema version"):
        restore(make_engine(sqlite_url(tmp_path / "t2.db")), foreign)

    future = tmp_path / "future.db"
    future.write_bytes(good.read_bytes())
    with closing(sqlite3.connect(future)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        conn.commit()
    with pytest.raises(BackupError, match="does not know"):
        restore(make_engine(sqlite_url(tmp_path / "t3.db")), future)

    broken = tmp_path / "broken.db"
    broken.write_bytes(good.read_bytes())
    with closing(sqlite3.connect(broken)) as conn:
        conn.execute("DROP TABLE push")
        conn.commit()
    target = make_engine(sqlite_url(tmp_path / "t4.db"))
    with pytest.raises(BackupError, match="does not match"):
        restore(target, broken)
    assert is_empty(target)


def test_an_older_backup_is_upgraded_as_it_is_restored(tmp_path: Path) -> None:
    old = make_engine(sqlite_url(tmp_path / "old.db"))
    upgrade(old, "0001")
    with old.begin() as conn:
        conn.execute(text("INSERT INTO region (code, name, level, county_code, aliases) "
                          "VALUES ('429021', '神农架林区', 'county', '429021', '')"))
    made = backup(old, tmp_path / "old.backup")
    target = make_engine(sqlite_url(tmp_path / "new.db"))
    assert restore(target, made) == current_revision(target) != "0001"
    with target.connect() as conn:
        assert conn.execute(text("SELECT name FROM region")).scalar_one() == "神农架林区"


def test_the_cli_backs_up_and_restores(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    source = sqlite_url(tmp_path / "a.db")
    upgrade(make_engine(source))
    assert main(["backup", str(tmp_path / "x.db"), "--db", source]) == 0
    assert main(["backup", str(tmp_path / "x.db"), "--db", source]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["restore", str(tmp_path / "x.db"), "--db", sqlite_url(tmp_path / "b.db")]) == 0
    assert "restored" in capsys.readouterr().err
    conv = Conversation(engine=make_engine(sqlite_url(tmp_path / "c.db")))
    conv.close()  # a bot ran on it: regions are in, so it is not empty
    assert main(["restore", str(tmp_path / "x.db"), "--db", sqlite_url(tmp_path / "c.db")]) == 2
    assert "is not empty" in capsys.readouterr().err


def test_the_nightly_backup_runs_on_the_clock_and_keeps_the_newest(tmp_path: Path) -> None:
    settings = Settings()
    settings.backup.dir = str(tmp_path / "backups")
    settings.backup.keep = 2
    conv = Conversation(settings=settings, engine=make_engine(sqlite_url(tmp_path / "a.db")))
    try:
        conv.app.scheduler_sync()  # what start-up does
        assert schedule.BACKUP_JOB in conv.app.scheduler.job_ids()
        conv.say("@wait 3d")
        made = sorted(p.name for p in (tmp_path / "backups").iterdir())
        assert made == ["lingong-20261128-030000.db", "lingong-20261129-030000.db"]
        jobs = restored(tmp_path / "backups" / made[-1], tmp_path / "r.db")
        assert jobs == []
    finally:
        conv.close()
    plain = Conversation()
    try:
        plain.app.scheduler_sync()
        assert schedule.RETENTION_JOB in plain.app.scheduler.job_ids()
        assert schedule.BACKUP_JOB not in plain.app.scheduler.job_ids()
    finally:
        plain.close()


def test_postgresql_backs_up_with_pg_dump_and_restores_into_an_empty_database(
        pg_url: str, other_pg_url: str, tmp_path: Path) -> None:
    conv = Conversation(engine=make_engine(pg_url))
    try:
        conv.say("""
            @group 青天村群 青天村
            王老板@青天村群: 明天要3个搬运工 150一天 电话13812345678
            小张@青天村群^: 我去
            """)
        made = backup(conv.app.engine, tmp_path / "pg.dump")
        with pytest.raises(BackupError, match="is not empty"):
            restore(conv.app.engine, made)
        with pytest.raises(BackupError, match="cannot be restored into sqlite"):
            restore(make_engine(sqlite_url(tmp_path / "x.db")), made)
        target = make_engine(other_pg_url)
        try:
            restore(target, made)
            with Session(target) as s:
                assert jobs_json(s) == conv.jobs()
        finally:
            target.dispose()
    finally:
        conv.close()
        conv.app.engine.dispose()
