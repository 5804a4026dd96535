"""Load: a realistic mix of messages through ``App.on_message``, one or two processes.

    python bench/load.py [--messages 2000] [--concurrency 4] [--setups sqlite,pg1,pg2]
                         [--pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

The mix: 30 % job posts in 20 village groups, 40 % chatter there, 20 % claims (a reply to a
group's latest card, or the 报名 button of a private push), 10 % private subscriptions, from a
pool of 300 people. Each setup gets a fresh database: SQLite with one process, PostgreSQL with
one process and with two. Every process runs the whole app (dispatcher, sender, scheduler) with
a recording adapter; each feeds its share of the messages, ``--concurrency`` at a time, and the
senders share the outbox. Printed per setup: messages/s (all messages over the time from the
first in to the last handled), p50 and p95 handling time (``App.on_message``), reply lag (from
queueing to the platform call) and where the work went. Then the checks, counted together as
violations: every message recorded once, every reply sent once, in order per chat (a reply goes
after the replies to every message handled before its own message arrived, and after the
earlier replies to its own message), and no platform limit exceeded (the sends replayed
through bench/fanout.py's independent check). The last line:
``load sqlite=<msg/s> pg1=<msg/s> pg2=<msg/s> violations=<n>``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlmodel import Session, col, select  # noqa: E402

from bot.adapters.base import Inbound, Limits, Outgoing  # noqa: E402
from bot.clock import TZ  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.message import Chat, ChatKind, Message, User  # noqa: E402
from nlp.gazetteer import load_gazetteer  # noqa: E402
from storage import people, regions  # noqa: E402
from storage.db import make_engine, transaction, upgrade  # noqa: E402
from storage.models import Group, InboundMessage, Job, OutboxMessage  # noqa: E402

# People's day starts at 09:00 whatever the machine's time, so quiet hours hold nothing back.
DAY_START = datetime(2026, 11, 26, 9, 0, tzinfo=TZ)
PLATFORM = "telegram"
# Binding but not throttling: Telegram's ceilings would hold replies back for minutes.
LIMITS = Limits(per_second_total=400.0, per_minute_per_group=120.0, per_second_per_chat=10.0,
                daily_cap=100_000)
GROUPS = 20
PEOPLE = 300
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"

WORK = [("搬运工", "搬运"), ("保洁员", "保洁"), ("采茶工", "采茶"), ("泥瓦工", "泥瓦"),
        ("小工", "小工"), ("木工", "木工"), ("厨师", "厨师"), ("司机", "开车")]
DAYS = ["明天", "后天", "大后天", "下周一", "这周六"]
CHATTER = [
    "今天天气不错", "吃了没", "哈哈哈", "明天去镇上赶集", "这个价格还行", "谁家的狗跑出来了",
    "下午开会别忘了", "收到", "好的好的", "晚上一起打牌", "路上结冰了小心点", "腊肉熏好了",
    "孩子放假回来了", "今年的茶叶价格怎么样", "村里修路了", "👍", "有人知道班车几点吗",
    "我儿子在外面打工", "天冷了多穿点", "明天可能下雪",
]


# What the statements run now belong to: a message kind, the bench's own look-ups, or (unset)
# the sender and the scheduler.
DOING: contextvars.ContextVar[str] = contextvars.ContextVar("doing", default="send")


class StatementCount:
    """SQL statements per kind of work (SQLAlchemy's cursor event, so every round trip)."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def attach(self, engine: Any) -> None:
        from sqlalchemy import event

        event.listen(engine, "before_cursor_execute", self._one)

    def _one(self, *_: Any) -> None:
        kind = DOING.get()
        self.counts[kind] = self.counts.get(kind, 0) + 1


class BenchClock:
    """Wall time shifted so the run starts at 09:00 on a fixed day, shared by processes."""

    def __init__(self, t0: float) -> None:
        self.t0 = t0

    def now(self) -> datetime:
        return DAY_START + timedelta(seconds=time.time() - self.t0)


class RecordingAdapter:
    platform = PLATFORM
    limits = LIMITS
    supports_buttons = True
    supports_edit = True
    supports_files = False

    def __init__(self, tag: str, clock: BenchClock) -> None:
        self.tag = tag
        self.clock = clock
        self.sent: list[tuple[float, str, str]] = []  # (bench seconds, chat id, message id)

    async def start(self, inbound: Inbound) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(self, out: Outgoing) -> str:
        if out.edit_of:
            msg_id = out.edit_of + f"#e{len(self.sent)}{self.tag}"
        else:
            msg_id = f"{out.chat_id}:{self.tag}{len(self.sent)}"
        self.sent.append((time.time(), out.chat_id, msg_id))
        return out.edit_of or msg_id


# --- the messages ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Planned:
    kind: str  # post | chatter | claim | subscribe
    sender: int
    group: int  # index of the village group (posts, chatter, group claims)
    text: str
    private_claim: bool = False


def plan(n: int, seed: int, townships: list[str]) -> list[Planned]:
    rng = random.Random(seed)
    out: list[Planned] = []
    for i in range(n):
        roll = rng.random()
        who = rng.randrange(PEOPLE)
        group = rng.randrange(GROUPS)
        if roll < 0.30:
            work, _ = rng.choice(WORK)
            text = (f"{rng.choice(DAYS)}要{rng.randint(1, 6)}个{work}，"
                    f"{rng.choice([120, 130, 150, 160, 180, 200, 250])}一天，"
                    f"电话13{rng.randint(100000000, 999999999)}")
            out.append(Planned("post", who, group, text))
        elif roll < 0.70:
            out.append(Planned("chatter", who, group, rng.choice(CHATTER)))
        elif roll < 0.90:
            out.append(Planned("claim", who, group, rng.choice(["我去", "报名", "我去 算我一个"]),
                               private_claim=rng.random() < 0.5))
        else:
            _, short = rng.choice(WORK)
            text = f"订阅 {short} {rng.choice(townships)}"
            if i % 3 == 0:
                text = f"订阅 {short}"
            out.append(Planned("subscribe", who, group, text))
    return out


def group_id(g: int) -> str:
    return f"{PLATFORM}:-100{g:04d}"


def person_chat(p: int) -> str:
    return f"{PLATFORM}:{700000 + p}"


def seed_db(url: str) -> list[str]:
    """Schema, regions, 20 village groups bound to villages; returns the townships' names."""
    engine = make_engine(url)
    upgrade(engine)
    gazetteer = load_gazetteer()
    villages = [p for p in gazetteer.places if p.level == "village"]
    with transaction(engine) as session:
        regions.import_gazetteer(session, gazetteer)
        for g in range(GROUPS):
            place = villages[(g * 7) % len(villages)]
            session.add(Group(chat_id=group_id(g), title=f"{place.name}群",
                              region_code=place.code))
        # A county's people are mostly known already (a new person's first two messages racing
        # is the dispatcher's own test, not this bench's).
        for p in range(PEOPLE):
            people.person_for(session, f"{PLATFORM}:{700000 + p}", f"工友{p}")
    engine.dispose()
    return [p.name for p in gazetteer.places if p.level == "township"]


# --- one process ----------------------------------------------------------------------------

def worker(url: str, shard: int, shards: int, messages: int, seed: int, t0: float,
           concurrency: int, out: Path, done_dir: Path, profile: bool) -> None:
    from bot.app import build_app

    settings = Settings()
    settings.database.url = url
    settings.bot.data_dir = str(done_dir)  # the sender's journal
    clock = BenchClock(t0)
    adapter = RecordingAdapter(f"p{shard}-", clock)
    engine = make_engine(url)
    statements = StatementCount()
    statements.attach(engine)
    app = build_app(settings, {PLATFORM: adapter}, clock=clock, engine=engine, migrate=False)
    # CPU of the threads doing each part of the work (the rest: the event loop, the adapter,
    # the scheduler, the bench itself).
    parts: dict[str, float] = {"dispatcher": 0.0, "sender": 0.0}

    def cpu_of(part: str, func: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.thread_time()
            try:
                return func(*args, **kwargs)
            finally:
                spent = time.thread_time() - start
                parts[part] += spent
                if part == "dispatcher":  # also by the message's kind (the thread's context)
                    key = f"{part} {DOING.get()}"
                    parts[key] = parts.get(key, 0.0) + spent
        return run

    app.dispatcher.handle = cpu_of("dispatcher", app.dispatcher.handle)  # type: ignore[method-assign]
    app.sender._claim = cpu_of("sender", app.sender._claim)  # type: ignore[method-assign]
    # The recording adapter answers at once: more rows a batch, as a fast platform would take.
    app.sender.concurrency = 32
    gazetteer = load_gazetteer()
    townships = [p.name for p in gazetteer.places if p.level == "township"]
    mine = [(i, m) for i, m in enumerate(plan(messages, seed, townships)) if i % shards == shard]
    timings: list[tuple[str, float, float]] = []
    kinds: dict[str, int] = {}

    def message_for(i: int, p: Planned) -> Message:
        sender = User(f"{PLATFORM}:{700000 + p.sender}", f"工友{p.sender}")
        reply_to = button = None
        if p.kind == "claim":
            with Session(engine) as s:
                if p.private_claim:
                    job = s.exec(select(Job.id).where(Job.status == "open")
                                 .order_by(col(Job.id).desc()).limit(10)).all()
                    if job:
                        button = f"claim:{random.Random(i).choice(job)}"
                else:
                    card = s.exec(select(OutboxMessage.platform_message_id).where(
                        OutboxMessage.chat_id == group_id(p.group), OutboxMessage.kind == "card",
                        OutboxMessage.status == "sent").order_by(col(OutboxMessage.id).desc())
                        .limit(1)).first()
                    reply_to = card
        if button is not None:
            chat = Chat(person_chat(p.sender), ChatKind.PRIVATE, sender.name)
            return Message(id=f"{chat.id}:cb{i}", chat=chat, sender=sender, date=clock.now(),
                           button_data=button, content_kind="button")
        if p.kind == "subscribe" or (p.kind == "claim" and p.private_claim):
            chat = Chat(person_chat(p.sender), ChatKind.PRIVATE, sender.name)
        else:
            chat = Chat(group_id(p.group), ChatKind.GROUP, f"群{p.group}")
        return Message(id=f"{chat.id}:m{i}", chat=chat, sender=sender, date=clock.now(),
                       text=p.text, reply_to=reply_to)

    async def feed() -> None:
        queue: asyncio.Queue[tuple[int, Planned]] = asyncio.Queue()
        for item in mine:
            queue.put_nowait(item)

        async def one_at_a_time() -> None:
            while not queue.empty():
                i, p = queue.get_nowait()
                DOING.set("bench")
                msg = await asyncio.to_thread(message_for, i, p)
                kind = p.kind if p.kind != "claim" else (
                    "claim-button" if msg.button_data else "claim-reply")
                DOING.set(kind)
                start = time.time()
                await app.on_message(msg)
                timings.append((msg.id, start, time.time()))
                kinds[kind] = kinds.get(kind, 0) + 1
                DOING.set("send")

        await asyncio.gather(*(one_at_a_time() for _ in range(concurrency)))

    def unsent() -> int:
        with Session(engine) as s:
            return len(s.exec(select(OutboxMessage.id).where(
                col(OutboxMessage.status).in_(("pending", "sending"))).limit(1)).all())

    async def main() -> None:
        stop = asyncio.Event()
        running = asyncio.create_task(app.run(stop))
        # every process is up before any message goes in
        (done_dir / f"ready{shard}").touch()
        while len(list(done_dir.glob("ready*"))) < shards:
            await asyncio.sleep(0.01)
        fed_at = time.time()
        cpu_start = sum(os.times()[:2])
        await feed()
        (done_dir / f"fed{shard}").touch()
        deadline = time.time() + 120
        while time.time() < deadline:
            if len(list(done_dir.glob("fed*"))) == shards and not await asyncio.to_thread(unsent):
                break
            await asyncio.sleep(0.05)
        stop.set()
        app.sender.notify()
        await running
        cpu = sum(os.times()[:2]) - cpu_start
        out.write_text(json.dumps({"timings": timings, "sent": adapter.sent, "fed_at": fed_at,
                                   "kinds": kinds, "statements": statements.counts,
                                   "cpu": cpu, "parts": parts}))

    if profile:
        import cProfile
        import pstats
        import threading

        # The database work runs in worker threads (asyncio.to_thread): each thread gets its
        # own profiler, on only while it runs the work, and the event loop's thread another.
        # Each counts its thread's CPU time: wall time would count the waits for the database
        # and for the GIL (on a busy machine, most of it) as the functions' own.
        local = threading.local()
        profilers: list[cProfile.Profile] = []
        to_thread = asyncio.to_thread

        def profiled(func: Any) -> Any:
            def run(*args: Any, **kwargs: Any) -> Any:
                prof = getattr(local, "prof", None)
                if prof is None:
                    prof = local.prof = cProfile.Profile(time.thread_time)
                    profilers.append(prof)
                prof.enable()
                try:
                    return func(*args, **kwargs)
                finally:
                    prof.disable()
            return run

        async def to_thread_profiled(func: Any, /, *args: Any, **kwargs: Any) -> Any:
            return await to_thread(profiled(func), *args, **kwargs)

        asyncio.to_thread = to_thread_profiled
        loop_prof = cProfile.Profile(time.thread_time)
        loop_prof.enable()
        asyncio.run(main())
        loop_prof.disable()
        path = out.with_suffix(".prof")
        stats = pstats.Stats(loop_prof)
        for prof in profilers:
            stats.add(prof)
        stats.dump_stats(path)
        print(f"--- profile of process {shard}: the event loop and the worker threads")
        stats.sort_stats("tottime").print_stats(30)
        stats.sort_stats("cumulative").print_stats(50)
    else:
        asyncio.run(main())
    engine.dispose()


# --- a setup: fresh database, N processes, the checks -----------------------------------------

@dataclass
class Run:
    name: str
    rate: float
    p50: float
    p95: float
    lag50: float
    lag95: float
    replies: int
    violations: dict[str, int]
    statements: dict[str, float]  # per message of a kind; "send": per reply sent
    cpu_ms: float  # lingong's processes' CPU per message, from the first message in to the end
    server_cpu_ms: float = 0.0  # the PostgreSQL server's CPU per message (all its processes)
    parts_ms: dict[str, float] = field(default_factory=dict)  # lingong's CPU by part
    kind_counts: dict[str, int] = field(default_factory=dict)  # messages handled of each kind
    # PostgreSQL connections running, waiting for a lock, waiting for lingong (on average)
    server_states: dict[str, float] = field(default_factory=dict)

    def report(self) -> str:
        total = sum(self.kind_counts.values())
        bad = ", ".join(f"{k} {v}" for k, v in self.violations.items())
        per = " ".join(f"{k} {v:.1f}" for k, v in sorted(self.statements.items()))
        return (f"{self.name:7} {self.rate:6.1f} msg/s  handling p50 {self.p50:5.1f} ms "
                f"p95 {self.p95:6.1f} ms  reply lag p50 {self.lag50:6.1f} ms "
                f"p95 {self.lag95:7.1f} ms  replies {self.replies}  ({bad})\n"
                f"        SQL statements per message: {per}\n"
                f"        CPU per message: lingong {self.cpu_ms:.1f} ms (dispatcher "
                f"{self.parts_ms['dispatcher']:.1f}, sender {self.parts_ms['sender']:.1f}), "
                f"PostgreSQL server {self.server_cpu_ms:.1f} ms; load average "
                f"{os.getloadavg()[0]:.1f}\n"
                f"        dispatcher's CPU a message of each kind: " + " ".join(
                    f"{kind} {self.parts_ms.get('dispatcher ' + kind, 0.0) * total / n:.1f}"
                    for kind, n in sorted(self.kind_counts.items()) if n)
                + " ms"
                + ("\n        PostgreSQL connections on average: " + ", ".join(
                    f"{v:.2f} {k}" for k, v in sorted(self.server_states.items()))
                   if self.server_states else ""))


def server_cpu() -> float:
    """CPU seconds used so far by the PostgreSQL server's processes on this machine (0 when
    they cannot be read): other users of the same server count too."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)
            if not fields[0].endswith("(postgres"):
                continue
            rest = fields[1].split()
            # utime, stime, and of exited children (a closed connection's backend) the same
            total += sum(int(x) for x in rest[11:15]) / tick
        except (OSError, IndexError, ValueError):
            continue
    return total


class Sampler:
    """What the database's connections are doing, looked at every 20 ms from outside
    (pg_stat_activity): running a statement, waiting for a lock another transaction holds,
    waiting inside a transaction for lingong's next statement, or idle."""

    def __init__(self, url: str) -> None:
        import threading

        self.counts: dict[str, int] = {}
        self.engine = create_engine(url, isolation_level="AUTOCOMMIT")
        self.database = url.rsplit("/", 1)[1]
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        query = text("SELECT state, wait_event_type FROM pg_stat_activity "
                     "WHERE datname = :db AND pid <> pg_backend_pid()")
        with self.engine.connect() as conn:
            while not self.done.wait(0.02):
                for state, wait in conn.execute(query, {"db": self.database}):
                    if state == "active":
                        kind = "lock" if wait == "Lock" else "running"
                    elif state == "idle in transaction":
                        kind = "in transaction, waiting for lingong"
                    else:
                        continue
                    self.counts[kind] = self.counts.get(kind, 0) + 1

    def stop(self) -> dict[str, float]:
        """Per kind: connections doing it, on average over the samples."""
        self.done.set()
        self.thread.join()
        self.engine.dispose()
        return dict(self.counts)


def run_setup(name: str, url: str, processes: int, messages: int, concurrency: int, seed: int,
              profile: bool) -> Run:
    seed_db(url)
    server_before = server_cpu()
    sampler = Sampler(url) if url.startswith("postgresql") else None
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="lingong-load-") as tmp:
        tmpdir = Path(tmp)
        t0 = time.time() + 0.0
        procs = []
        for shard in range(processes):
            out = tmpdir / f"w{shard}.json"
            args = [sys.executable, __file__, "--worker", url, str(shard), str(processes),
                    str(messages), str(seed), repr(t0), str(concurrency), str(out), str(tmpdir)]
            if profile:
                args.append("--profile")
            procs.append((subprocess.Popen(args, cwd=ROOT), out))
        for proc, _ in procs:
            if proc.wait() != 0:
                raise SystemExit(f"{name}: a worker failed ({proc.returncode})")
        results = [json.loads(out.read_text()) for _, out in procs]
    samples = sampler.stop() if sampler is not None else {}
    ticks = max(1.0, (time.time() - started) / 0.02)
    run = check(name, url, results, messages, t0)
    run.server_states = {k: v / ticks for k, v in samples.items()}
    run.parts_ms = {k: sum(r["parts"].get(k, 0.0) for r in results) * 1000 / messages
                    for k in {k for r in results for k in r["parts"]}}
    # The dispatcher's CPU by kind: per message of that kind.
    for r in results:
        for kind, n in r["kinds"].items():
            run.kind_counts[kind] = run.kind_counts.get(kind, 0) + n
    # Started after seeding; includes the workers' start-up, so an upper bound.
    run.server_cpu_ms = (server_cpu() - server_before) * 1000 / messages
    return run


def check(name: str, url: str, results: list[dict[str, Any]], messages: int, t0: float
          ) -> Run:
    import importlib.util

    spec = importlib.util.spec_from_file_location("lingong_fanout", ROOT / "bench" / "fanout.py")
    assert spec is not None and spec.loader is not None
    fanout = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = fanout
    spec.loader.exec_module(fanout)

    timings = {mid: (start, end) for r in results for mid, start, end in r["timings"]}
    sends = sorted((t, chat, mid) for r in results for t, chat, mid in r["sent"])
    first_in = min(r["fed_at"] for r in results)
    last_done = max(end for _, end in timings.values())
    handling = sorted((end - start) * 1000 for start, end in timings.values())
    engine = make_engine(url)
    with Session(engine) as s:
        inbound = s.exec(select(InboundMessage.id)).all()
        rows = s.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
        groups = set(s.exec(select(Group.chat_id)).all())
    engine.dispose()
    shift = t0 - DAY_START.timestamp()  # bench clock → wall time
    violations = {"not recorded once": messages - len(set(inbound) & set(timings))
                  + (len(inbound) - len(set(inbound)))}
    by_msg_id: dict[str, list[float]] = {}
    for t, _chat, mid in sends:
        by_msg_id.setdefault(mid, []).append(t)
    sent_rows = [r for r in rows if r.status == "sent"]
    violations["not sent"] = sum(1 for r in rows if r.status not in ("sent", "dropped"))
    # An edit keeps the card's id; our adapter tags each edit call, so every send is one row.
    violations["sent twice"] = len(sends) - len(sent_rows)
    send_time: dict[int, float] = {}
    for r in sent_rows:
        assert r.id is not None
        if r.edit and r.platform_message_id:
            continue
        got = by_msg_id.get(r.platform_message_id or "", [])
        if len(got) != 1:
            violations["sent twice"] += max(len(got) - 1, 0)
        if got:
            send_time[r.id] = got[0]
    violations["out of order"] = out_of_order(sent_rows, send_time, timings)
    violations["over a limit"] = fanout.violations(
        [(datetime.fromtimestamp(t, TZ), chat) for t, chat, _ in sends], LIMITS, groups)
    lags = sorted((send_time[r.id] - (r.created_at.timestamp() + shift)) * 1000
                  for r in sent_rows if r.id in send_time)
    counts: dict[str, int] = {}
    kinds: dict[str, int] = {"send": max(len(sends), 1)}
    for res in results:
        for k, v in res["statements"].items():
            counts[k] = counts.get(k, 0) + v
        for k, v in res["kinds"].items():
            kinds[k] = kinds.get(k, 0) + v
    per = {k: v / kinds[k] for k, v in counts.items() if k in kinds}
    return Run(name, messages / (last_done - first_in), _pct(handling, 0.5),
               _pct(handling, 0.95), _pct(lags, 0.5), _pct(lags, 0.95), len(sent_rows),
               violations, per, sum(r["cpu"] for r in results) * 1000 / messages)


def out_of_order(rows: list[OutboxMessage], send_time: dict[int, float],
                 timings: dict[str, tuple[float, float]]) -> int:
    """Rows sent before a row that had to go first: an earlier reply to the same message, or
    any reply to a message of that chat handled completely before this row's message came."""
    per_chat: dict[str, list[OutboxMessage]] = {}
    for r in rows:
        if r.id in send_time:
            per_chat.setdefault(r.chat_id, []).append(r)
    bad = 0
    for chat_rows in per_chat.values():
        for b in chat_rows:
            assert b.id is not None
            b_start = timings.get(b.source_inbound_id or "", (0.0, 0.0))[0]
            for a in chat_rows:
                assert a.id is not None
                if a.id >= b.id:
                    continue
                a_end = timings.get(a.source_inbound_id or "", (0.0, float("inf")))[1]
                must = (a.source_inbound_id == b.source_inbound_id) or a_end < b_start
                if must and send_time[a.id] > send_time[b.id]:
                    bad += 1
                    break
    return bad


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def scratch_pg(admin: str) -> tuple[str, Any]:
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    name = f"lingong_load_{uuid.uuid4().hex[:8]}"
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    return admin.rsplit("/", 1)[0] + "/" + name, drop


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--worker":
        url, shard, shards, n, seed, t0, conc, out, done = argv[1:10]
        worker(url, int(shard), int(shards), int(n), int(seed), float(t0), int(conc), Path(out),
               Path(done), "--profile" in argv)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4,
                        help="messages in flight per process (default 4)")
    parser.add_argument("--setups", default="sqlite,pg1,pg2")
    parser.add_argument("--pg", default=os.environ.get("LINGONG_TEST_PG", PG_DEFAULT))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="cProfile each worker")
    args = parser.parse_args(argv)
    rates: dict[str, float] = {}
    total = 0
    for setup in args.setups.split(","):
        if setup == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                run = run_setup("sqlite", f"sqlite:///{tmp}/load.db", 1, args.messages,
                                args.concurrency, args.seed, args.profile)
        else:
            url, drop = scratch_pg(args.pg)
            try:
                run = run_setup(setup, url, 2 if setup == "pg2" else 1, args.messages,
                                args.concurrency, args.seed, args.profile)
            finally:
                drop()
        print(run.report(), flush=True)
        rates[setup] = run.rate
        total += sum(run.violations.values())
    print("load " + " ".join(f"{k}={v:.1f}" for k, v in rates.items()) + f" violations={total}")
    return 0 if total == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
