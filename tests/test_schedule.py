"""The digest schedule across restarts and processes: jobs kept in the database, a digest
missed while down sent on start if still morning, never twice for a group and day, and two
processes on one PostgreSQL sending each digest exactly once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.clock import TZ, ManualClock
from bot.config import Settings
from bot.message import Chat, ChatKind, Message, User
from bot.scheduler import Scheduler
from handlers import schedule
from nlp.gazetteer import load_gazetteer
from storage import regions
from storage.db import make_engine, transaction, upgrade
from storage.models import Group, Job, OutboxMessage, Person, Post
from storage.tiers_models import DigestRun
from tests.conversation import Conversation, to
from tests.test_officers import SETUP, add_job

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'lingong.db'}"


def start(db_url: str, when: str) -> Conversation:
    return Conversation(start=when, db_url=db_url)


def digests(conv: Conversation, chat: str = "console:group:青天村群") -> list[OutboxMessage]:
    with conv.session() as s:
        return list(s.exec(select(OutboxMessage).where(OutboxMessage.kind == "digest",
                                                       OutboxMessage.chat_id == chat)))


def test_jobs_live_in_the_database_and_survive_a_restart(db_url: str) -> None:
    first = start(db_url, "2026-11-26 08:00")
    first.say(SETUP)
    ids = set(first.app.scheduler.job_ids())
    first.close()
    assert {"digest:console:group:青天村群", "digest:console:group:神农架群",
            schedule.EXPIRE_JOB, schedule.STILL_HIRING_JOB} <= ids
    second = start(db_url, "2026-11-26 09:00")
    try:
        assert set(second.app.scheduler.job_ids()) == ids
    finally:
        second.close()


def test_a_digest_missed_while_down_is_sent_on_start_in_the_morning(db_url: str) -> None:
    first = start(db_url, "2026-11-26 08:00")
    first.say(SETUP)
    add_job(first, "搬运工", "青天村")
    first.say("@now 2026-11-27 07:00")
    first.close()  # down from 07:00 to 09:10: the 07:30 digest was missed
    second = start(db_url, "2026-11-27 09:10")
    try:
        out = second.say("@wait 1m")
        village = to(out, "青天村群")
        assert len(village) == 1 and village[0].startswith("【青天村早报】11月27日")
        assert len(to(out, "神农架群")) == 1
        out = second.say("@wait 1h")
        assert not to(out, "青天村群"), "and only once"
        out = second.say("@now 2026-11-28 07:31")
        assert len(to(out, "青天村群")) == 1 and "11月28日" in to(out, "青天村群")[0]
    finally:
        second.close()


def test_a_digest_missed_past_the_morning_is_skipped(db_url: str) -> None:
    first = start(db_url, "2026-11-26 08:00")
    first.say(SETUP)
    add_job(first, "搬运工", "青天村")
    first.say("@now 2026-11-27 07:00")
    first.close()
    second = start(db_url, "2026-11-27 13:00")
    try:
        out = second.say("@wait 1m")
        assert not to(out, "青天村群"), "an afternoon 早报 would only confuse"
        out = second.say("@now 2026-11-28 07:30")
        assert len(to(out, "青天村群")) == 1
    finally:
        second.close()


def test_restart_during_the_digest_window_sends_it_once(db_url: str) -> None:
    first = start(db_url, "2026-11-26 08:00")
    first.say(SETUP)
    add_job(first, "搬运工", "青天村")
    out = first.say("@now 2026-11-27 07:45")
    assert len(to(out, "青天村群")) == 1
    first.close()
    # Up again within the morning: the jobs are still due tomorrow, nothing goes twice.
    second = start(db_url, "2026-11-27 08:00")
    try:
        out = second.say("""
            @wait 2h
            李主任@青天村群: 推送时间 10点半
            @wait 2h
            """)
        assert to(out, "青天村群") == ["好的，本群早报改在每天10:30，没活时也说一声。"]
        assert len(digests(second)) == 1
    finally:
        second.close()


def test_restart_between_queueing_and_sending(db_url: str) -> None:
    first = start(db_url, "2026-11-26 08:00")
    first.say(SETUP)
    add_job(first, "搬运工", "青天村")
    first.say("@now 2026-11-27 07:29")
    # 07:30: the digests are queued, and the process dies before the sender sends them.
    first.clock.set(datetime(2026, 11, 27, 7, 30, tzinfo=TZ))
    assert first.app.scheduler.run_due(first.clock.now()) >= 4
    assert not to(first.new_messages(), "青天村群")
    first.close()
    second = start(db_url, "2026-11-27 07:33")  # the sender drains what was queued
    try:
        village = to(second.new_messages(), "青天村群")
        assert len(village) == 1 and village[0].startswith("【青天村早报】")
        out = second.say("@wait 3h")
        assert not to(out, "青天村群")
        assert len(digests(second)) == 1
    finally:
        second.close()


def test_grace_reaches_to_noon() -> None:
    assert schedule.digest_grace("07:30") == int(4.5 * 3600)
    assert schedule.digest_grace("11:30") == 2 * 3600
    assert schedule.digest_grace("18:00") == 2 * 3600


def test_sync_is_cheap_when_nothing_changed(db_url: str) -> None:
    conv = start(db_url, "2026-11-26 08:00")
    try:
        conv.say(SETUP)
        statements: list[str] = []
        from sqlalchemy import event

        def count(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(conv.app.engine, "before_cursor_execute", count)
        schedule.sync_schedule(conv.app.scheduler, conv.app.engine)
        event.remove(conv.app.engine, "before_cursor_execute", count)
        assert len(statements) == 1, statements
    finally:
        conv.close()


def officer_says(conv: Conversation, group: str, text: str) -> None:
    """A message handled the way the app handles it, without the chat script's own sync."""
    conv.app.dispatcher.handle(Message(
        id=f"console:m-{text}", chat=Chat(f"console:group:{group}", ChatKind.GROUP, group),
        sender=User("console:李主任", "李主任"), date=conv.clock.now(), text=text))


def test_sync_if_changed_costs_nothing_until_a_handler_changes_the_plan(db_url: str) -> None:
    conv = start(db_url, "2026-11-26 08:00")
    try:
        conv.say(SETUP)
        add_job(conv, "搬运工", "青天村", start=datetime(2026, 11, 27).date())
        statements: list[str] = []
        from sqlalchemy import event

        def count(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(conv.app.engine, "before_cursor_execute", count)
        assert not schedule.sync_if_changed(conv.app.scheduler, conv.app.engine)
        event.remove(conv.app.engine, "before_cursor_execute", count)
        assert statements == []
        officer_says(conv, "青天村群", "本群信息")
        assert not schedule.sync_if_changed(conv.app.scheduler, conv.app.engine)
        officer_says(conv, "青天村群", "推送时间 6点半")
        assert schedule.sync_if_changed(conv.app.scheduler, conv.app.engine)
        assert not schedule.sync_if_changed(conv.app.scheduler, conv.app.engine)
        out = conv.say("@now 2026-11-27 06:31")
        assert to(out, "青天村群")[-1].startswith("【青天村早报】11月27日"), "moved to 06:30"
    finally:
        conv.close()


def test_a_change_rolled_back_does_not_count(db_url: str) -> None:
    conv = start(db_url, "2026-11-26 08:00")
    try:
        conv.say(SETUP)
        with Session(conv.app.engine) as s:
            schedule.schedule_changed(s)
            s.rollback()
        assert not schedule.sync_if_changed(conv.app.scheduler, conv.app.engine)
        with Session(conv.app.engine) as s:
            schedule.schedule_changed(s)
            s.commit()
        assert schedule.sync_if_changed(conv.app.scheduler, conv.app.engine)
    finally:
        conv.close()


# --- two processes, one PostgreSQL ----------------------------------------------------------

GROUPS = 120
WORKER = """
import sys, time, json
from datetime import datetime, timedelta
from pathlib import Path
from bot.clock import TZ, ManualClock
from bot.config import Settings
from bot.message import Chat, ChatKind, Message, User
from bot.scheduler import Scheduler
from handlers.schedule import build_tasks
from nlp.gazetteer import load_gazetteer
from storage.db import make_engine

url, go = sys.argv[1], Path(sys.argv[2])
engine = make_engine(url)
clock = ManualClock(datetime(2026, 11, 27, 7, 31, tzinfo=TZ))
scheduler = Scheduler(engine, Settings(), load_gazetteer(), clock, build_tasks())
ran = []
original = scheduler.run_task
def run_task(name, args):
    done = original(name, args)
    ran.append(done)
    return done
scheduler.run_task = run_task
scheduler.start()
while not go.exists():
    time.sleep(0.005)
scheduler.run_due(clock.now())
scheduler.shutdown()
print(json.dumps({"fired": len(ran), "ran": sum(ran)}))
"""


def seed(engine: Engine, settings: Settings) -> list[str]:
    gazetteer = load_gazetteer()
    upgrade(engine)
    villages = [p for p in gazetteer.places if p.level == "village"]
    chats = []
    with transaction(engine) as session:
        regions.import_gazetteer(session, gazetteer)
        poster = Person(name="王老板")
        session.add(poster)
        session.flush()
        assert poster.id is not None
        for n in range(GROUPS):
            place = villages[n % len(villages)]
            chat = f"console:group:村群{n}"
            chats.append(chat)
            session.add(Group(chat_id=chat, title=f"村群{n}", region_code=place.code))
        now = datetime(2026, 11, 26, 9, 0, tzinfo=TZ)
        for n, place in enumerate(villages[:20]):
            post = Post(source_message_id=f"m{n}", chat_id="console:group:x", poster_id=poster.id,
                        text="…", created_at=now)
            session.add(post)
            session.flush()
            assert post.id is not None
            session.add(Job(post_id=post.id, poster_id=poster.id, status="open",
                            work_type="搬运工", headcount=2, wage_min=150, wage_max=150,
                            wage_unit="day", region_code=place.code, village=place.name,
                            opened_at=now, created_at=now))
    clock = ManualClock(datetime(2026, 11, 26, 9, 0, tzinfo=TZ))
    scheduler = Scheduler(engine, settings, gazetteer, clock, schedule.build_tasks())
    schedule.sync_schedule(scheduler, engine)
    scheduler.shutdown()
    return chats


def test_two_processes_send_each_digest_exactly_once(pg_url: str, tmp_path: Path) -> None:
    engine = make_engine(pg_url)
    try:
        chats = seed(engine, Settings())
        go = tmp_path / "go"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        procs = [subprocess.Popen([sys.executable, "-c", WORKER, pg_url, str(go)], cwd=ROOT,
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(2)]
        time.sleep(1.5)  # both up and waiting
        go.touch()
        results = [p.communicate(timeout=120) for p in procs]
        for proc, (_out, err) in zip(procs, results, strict=True):
            assert proc.returncode == 0, err
        reports = [json.loads(out.strip().splitlines()[-1]) for out, _err in results]
        print(reports)
        # Both fired the due jobs (they share the job store); the locks and the digest rows
        # let each group through once.
        assert all(r["fired"] > 0 for r in reports), reports
        with Session(engine) as s:
            per_chat = dict(s.exec(
                select(OutboxMessage.chat_id, func.count())
                .where(OutboxMessage.kind == "digest").group_by(col(OutboxMessage.chat_id))
            ).all())
            runs = s.exec(select(func.count()).select_from(DigestRun)).one()
        assert runs == GROUPS
        assert set(per_chat) == set(chats)
        assert set(per_chat.values()) == {1}, "each group's digest exactly once"
    finally:
        engine.dispose()


def test_on_the_system_clock_a_missed_run_within_grace_fires_at_once(tmp_path: Path) -> None:
    """The real (threaded) APScheduler: a stored run time in the past, within the grace, fires
    as soon as the scheduler looks; one past the grace does not."""
    from bot.clock import SystemClock

    engine = make_engine(f"sqlite:///{tmp_path / 'real.db'}")
    upgrade(engine)
    fired: list[str] = []
    done = threading.Event()

    def probe(_ctx: object, name: str) -> None:
        fired.append(name)
        done.set()

    scheduler = Scheduler(engine, Settings(), load_gazetteer(), SystemClock(), {"probe": probe})
    try:
        scheduler.start()
        now = datetime.now(TZ)
        # Their own time of day half a day away: a fixed 03:00 fell inside the grace when the
        # suite ran between 03:00 and 04:00, and the "late" job's real 03:00 run fired then.
        at = (now + timedelta(hours=12)).strftime("%H:%M")
        scheduler.daily("late", "probe", at, "late", grace=3600)
        scheduler.daily("missed", "probe", at, "missed", grace=3600)
        aps = scheduler._aps
        aps.modify_job("missed", next_run_time=now - timedelta(minutes=10))
        aps.modify_job("late", next_run_time=now - timedelta(hours=2))
        assert done.wait(5), "the missed run did not fire"
        time.sleep(0.2)
        assert fired == ["missed"]
        assert all(j.next_run_time > now for j in aps.get_jobs())
    finally:
        scheduler.shutdown()


@pytest.mark.parametrize("start_at", ["2001-03-01 08:00", "2040-03-01 08:00"])
def test_interval_tasks_follow_the_injected_clock_whatever_the_machines_date(
        db_url: str, start_at: str) -> None:
    """Expiry runs every few minutes of the conversation's clock, not of the machine's: a
    script dated years before or after today still expires its jobs."""
    engine = make_engine(db_url)
    upgrade(engine)
    clock = ManualClock(datetime.strptime(start_at, "%Y-%m-%d %H:%M").replace(tzinfo=TZ))
    ran: list[datetime] = []
    scheduler = Scheduler(engine, Settings(), load_gazetteer("429021"), clock,
                          {"tick": lambda ctx: ran.append(ctx.now)})
    try:
        scheduler.every("tick", "tick", 10)
        first = scheduler.next_run_time()
        assert first is not None and first - clock.now() <= timedelta(minutes=10)
        clock.advance(timedelta(minutes=25))
        assert scheduler.run_due(clock.now()) == 1
        assert ran == [clock.now()]
    finally:
        scheduler.shutdown()
        engine.dispose()
