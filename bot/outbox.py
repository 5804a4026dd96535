"""The sender: drains the outbox through the adapters within each platform's limits.

Any number of senders, one per process, share the outbox and the rate windows in the database
(storage/outbox.py says how rows are handed out and what is promised). Database work runs in
worker threads, never on the event loop. A database error never stops the sender: ``run``
retries with backoff, and sends the platform took but the database has not recorded yet are
kept (in memory, and in a journal file) until it has.
"""

from __future__ import annotations

import asyncio
import bisect
import json
import logging
import math
import os
import secrets
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.adapters.base import Adapter, Limits, Outgoing, PermanentSendError, RetryAfter
from bot.clock import TZ, Clock
from bot.message import Button
from storage import outbox
from storage.db import any_of, transaction
from storage.models import Job, OutboxMessage, SendWindow

try:
    import fcntl
except ImportError:  # not POSIX: no journal, the database alone records sends
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

# Chats a real platform's sender sends to at once (a platform call takes tens of milliseconds).
PLATFORM_CONCURRENCY = 8
# How long a sender holds the rows it took; after that another sender may take them over.
LEASE = timedelta(seconds=60)
BACKOFF_MAX = 30.0  # seconds between tries while the database is failing
# How late a platform call may start after its rate slot was taken. The slot is taken in the
# transaction that claims the row; the call follows after the commit, the hop back to the event
# loop and whatever else the loop is busy with, by a delay that varies from send to send. Until
# the send is recorded, its entry in the windows stands at slot + SEND_MARGIN, the latest its
# call may start (a call that would start later is not made: its slot is given back and the row
# taken again at once), so no window ever counts fewer sends than the platform sees. Once
# recorded, it stands at the time its call started: the margin costs no throughput, only a
# moment's extra hold on the entries of sends not recorded yet. Long enough that an ordinary
# busy moment (a handler's turn on the loop, a slow commit) does not turn sends back; short,
# because a sender that stops holds its last slots that much longer.
SEND_MARGIN = 0.25
# Rounds in a row whose every call came too late before a drain gives the loop back.
LATE_ROUNDS = 3


# --------------------------------------------------------------------------- limits


class RateLimiter:
    """A platform's limits, kept on the shared windows (storage.models.SendWindow): the
    platform's row holds its recent sends and the day's count (and, with a group interval,
    when the next group send may go in its ``free_at``), each chat's row its own.

    What a window counts is when the platform calls start. An entry is the latest time its
    call can have started: the time it did once the send is recorded (``settle``), its slot
    plus SEND_MARGIN while it is in flight (``in_time`` keeps calls within that). A new slot
    is counted against every entry after ``slot - span``, so however late within its margin
    each call starts, no span of call times holds more than the limit allows. This needs the
    senders of one database to share a clock (one machine, or synchronised clocks)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        rate = limits.per_second_total
        # A rate under one a second (WeChat: one per 3 s) needs a window that long.
        self.span = max(1.0, 1.0 / rate) if rate > 0 else 0.0
        self.allowed = max(1, int(rate * self.span)) if rate > 0 else 0
        self.chat_gap = 1.0 / limits.per_second_per_chat if limits.per_second_per_chat > 0 else 0
        self.per_group = int(limits.per_minute_per_group)
        self.chat_span = max(self.chat_gap, 60.0 if self.per_group > 0 else 0.0)
        self.margin = timedelta(seconds=SEND_MARGIN)
        self.spacing = timedelta(seconds=limits.group_interval)

    def capacity(self, platform: SendWindow, now: datetime) -> tuple[int, datetime | None]:
        """How many messages may go now; when none may, also the time one may."""
        t = now.timestamp()
        room, wake = 1 << 30, None
        if self.allowed:
            recent = sorted(_trim(_times(platform), t, self.span))
            room = self.allowed - len(recent)
            if room <= 0:
                wake = _at(recent[-self.allowed] + self.span)
        cap = self.limits.daily_cap
        if cap is not None:
            left = cap - (platform.day_count if platform.day == _day(now) else 0)
            if left <= 0:
                tomorrow = _midnight(now) + timedelta(days=1)
                wake = max(wake or tomorrow, tomorrow)
            room = min(room, left)
        return max(room, 0), wake

    def group_wait(self, platform: SendWindow, now: datetime) -> datetime | None:
        """When the next group send may go, if not now (WeChat spaces group sends)."""
        if self.spacing and platform.free_at is not None and platform.free_at > now:
            return platform.free_at
        return None

    def reserve(self, platform: SendWindow, chat: SendWindow, is_group: bool,
                now: datetime) -> None:
        """One message takes its slot ``now``: count it everywhere it counts, as going at the
        latest its call may start."""
        self.reserve_all(platform, [(chat, is_group)], now)

    def reserve_all(self, platform: SendWindow, chats: list[tuple[SendWindow, bool]],
                    now: datetime) -> None:
        """``reserve`` for messages to several chats (chat, is a group), the platform's window
        read and written once, and each chat's once however many of the messages it has (its
        window's text and its ``free_at`` are written once, as the last message left them)."""
        t = now.timestamp()
        latest = t + SEND_MARGIN
        recent = _trim(_times(platform), t, self.span)
        day = _day(now)
        windows: dict[int, tuple[SendWindow, list[float], bool]] = {}
        for chat, is_group in chats:
            found = windows.get(id(chat))
            times = (_trim(_times(chat), t, self.chat_span) if found is None else found[1])
            times.append(latest)
            windows[id(chat)] = (chat, times, is_group)
            recent.append(latest)
        if self.spacing and any(is_group for _, is_group in chats):
            platform.free_at = now + self.margin + self.spacing
        platform.day_count = (platform.day_count if platform.day == day else 0) + len(chats)
        platform.day = day
        for chat, times, is_group in windows.values():
            chat.recent = _dumps(times)
            chat.free_at = self._free_at(times, is_group)
        platform.recent = _dumps(recent)

    def in_time(self, slot: datetime, now: datetime) -> bool:
        """Whether the call of a message that took ``slot`` may start ``now``: within the
        margin its entries allow, and (with a daily cap) on the day it was counted for."""
        if now > slot + self.margin:
            return False
        return self.limits.daily_cap is None or _day(now) == _day(slot)

    def settle(self, platform: SendWindow, chat: SendWindow | None, slot: datetime,
               started: datetime, is_group: bool) -> None:
        """The message that took ``slot`` went, its call started at ``started``: it counts
        from then (not later, as while it was in flight)."""
        self.settle_all(platform, [(chat, slot, started, is_group)])

    def settle_all(self, platform: SendWindow,
                   sends: list[tuple[SendWindow | None, datetime, datetime, bool]],
                   released: list[tuple[SendWindow | None, datetime, bool]] | None = None
                   ) -> None:
        """``release`` for each of ``released`` (chat, slot, is a group), then ``settle`` for
        each of ``sends`` (chat, slot, started, is a group): the platform's window read and
        written once, each chat's once, and the entries moved in one pass (``_replace_all``:
        as one ``_replace`` after another)."""
        moves: list[tuple[float, float | None]] = []
        chats: dict[int, tuple[SendWindow, list[tuple[float, float | None]], bool]] = {}
        free_at, day_count = platform.free_at, platform.day_count

        def move(chat: SendWindow | None, held: float, at: float | None, is_group: bool) -> None:
            moves.append((held, at))
            if chat is not None:
                found = chats.get(id(chat))
                chats[id(chat)] = (chat, [*(found[1] if found else ()), (held, at)], is_group)

        for chat, slot, is_group in released or ():
            if is_group and self.spacing and free_at == slot + self.margin + self.spacing:
                free_at = None
            if platform.day == _day(slot) and day_count > 0:
                day_count -= 1
            move(chat, slot.timestamp() + SEND_MARGIN, None, is_group)
        for chat, slot, started, is_group in sends:
            if is_group and self.spacing and free_at == slot + self.margin + self.spacing:
                free_at = started + self.spacing
            move(chat, slot.timestamp() + SEND_MARGIN, started.timestamp(), is_group)
        if free_at != platform.free_at:
            platform.free_at = free_at
        if day_count != platform.day_count:
            platform.day_count = day_count
        for chat, chat_moves, is_group in chats.values():
            times = _replace_all(_times(chat), chat_moves)
            chat.recent = _dumps(times)
            chat.free_at = self._free_at(times, is_group)
        platform.recent = _dumps(_replace_all(_times(platform), moves))

    def release(self, platform: SendWindow, chat: SendWindow | None, slot: datetime,
                is_group: bool) -> None:
        """A message that took a slot at ``slot`` did not go: give the slot back."""
        self.settle_all(platform, [], [(chat, slot, is_group)])

    def _free_at(self, times: list[float], is_group: bool) -> datetime | None:
        """When the chat may have its next message."""
        times = sorted(times)
        free = [times[-1] + self.chat_gap] if self.chat_gap and times else []
        if is_group and self.per_group > 0 and len(times) >= self.per_group:
            free.append(times[-self.per_group] + 60.0)
        return _at(max(free)) if free else None


def _times(window: SendWindow) -> list[float]:
    text = window.recent or "[]"
    found = _PARSED.get(text)
    if found is None:
        found = _PARSED[text] = tuple(float(t) for t in json.loads(text))
    return list(found)


def _dumps(times: list[float]) -> str:
    """A window's times as stored; remembered, so that reading them back costs no parse.
    Every entry is a float already (read by ``_times``, or a ``timestamp()``)."""
    text = json.dumps(times)
    if len(_PARSED) >= _PARSED_MAX:
        _PARSED.clear()
    _PARSED[text] = tuple(times)
    return text


# The windows' times as last written or read, by their text: a platform's window holds a
# second's sends (hundreds at a high rate), read and written several times a round, and parsing
# it each time was most of the limiter's CPU (issue 12).
_PARSED: dict[str, tuple[float, ...]] = {}
_PARSED_MAX = 256


def _trim(times: list[float], t: float, span: float) -> list[float]:
    return [x for x in times if x > t - span]


def _replace(times: list[float], old: float, new: float | None) -> list[float]:
    """``times`` with one entry ``old`` made ``new`` (None: taken out); as it was without one
    (recorded twice, or already out of the window)."""
    for i, x in enumerate(times):
        if abs(x - old) < 1e-6:
            return times[:i] + ([] if new is None else [new]) + times[i + 1 :]
    return times


def _replace_all(times: list[float], moves: list[tuple[float, float | None]]) -> list[float]:
    """``times`` after ``_replace(times, old, new)`` for each (old, new) of ``moves`` in turn,
    in one pass: the entries are found through buckets of a microsecond (an entry within 1e-6
    of ``old`` lies within two buckets of it, allowing for the rounding of ``x * 1e6``), and
    the first still there is the one moved. A platform's window holds a second's sends, and a
    round settles tens of them: one ``_replace`` each scanned the whole window (issue 12)."""
    if len(moves) == 1:
        return _replace(times, *moves[0])
    out: list[float | None] = list(times)
    buckets: dict[int, list[int]] = {}
    for i, entry in enumerate(times):
        buckets.setdefault(math.floor(entry * 1e6), []).append(i)
    for old, new in moves:
        k = math.floor(old * 1e6)
        first: int | None = None
        for b in range(k - 2, k + 3):
            for i in buckets.get(b, ()):  # ascending: the first that matches is the bucket's
                here = out[i]
                if here is not None and abs(here - old) < 1e-6:
                    if first is None or i < first:
                        first = i
                    break
        if first is None:
            continue
        moved = out[first]
        assert moved is not None
        buckets[math.floor(moved * 1e6)].remove(first)
        out[first] = new
        if new is not None:
            bisect.insort(buckets.setdefault(math.floor(new * 1e6), []), first)
    return [x for x in out if x is not None]


def _at(t: float) -> datetime:
    return datetime.fromtimestamp(t, TZ)


def _day(now: datetime) -> str:
    return now.astimezone(TZ).date().isoformat()


def _midnight(now: datetime) -> datetime:
    return now.astimezone(TZ).replace(hour=0, minute=0, second=0, microsecond=0)


# --------------------------------------------------------------------------- the journal


class Journal:
    """What the platforms took, one line a part, written the moment they answer and before
    the database is told. A sender killed in between, or cut off from its database, leaves
    its sends here, and the next start on this machine records them instead of sending them
    again. One file per sender, locked while it lives (a lockable file is a dead sender's)."""

    def __init__(self, directory: Path, owner: str, database: str) -> None:
        assert fcntl is not None
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / f"outbox-{owner.replace(':', '-').replace('/', '-')}.sent"
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._header = json.dumps({"owner": owner, "database": database}) + "\n"
        self._lines = 0
        self._restart()

    def _restart(self) -> None:
        os.ftruncate(self._fd, 0)
        os.write(self._fd, self._header.encode())
        self._lines = 0

    def write(self, sent: outbox.Sent) -> None:
        line = [sent.row_id, sent.message_id, sent.parts, sent.done, sent.at.isoformat()]
        os.write(self._fd, (json.dumps(line) + "\n").encode())
        self._lines += 1

    def recorded(self) -> None:
        """Everything written so far is in the database: the file may start over."""
        if self._lines >= 1000:
            self._restart()

    def close(self, keep: bool) -> None:
        os.close(self._fd)
        if not keep:
            self.path.unlink(missing_ok=True)

    @staticmethod
    def orphans(directory: Path, database: str) -> list[Orphan]:
        """Journals of dead senders of this database in ``directory``, locked for us."""
        found: list[Orphan] = []
        if fcntl is None or not directory.is_dir():
            return found
        for path in sorted(directory.glob("outbox-*.sent")):
            fd = os.open(path, os.O_RDWR)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)  # a live sender's
                continue
            with open(fd, encoding="utf-8", closefd=False) as f:
                lines = f.read().splitlines()
            try:
                header = json.loads(lines[0])
                if header["database"] != database:
                    raise ValueError("another database")
                sent = [outbox.Sent(int(r), str(m), int(p), bool(d), datetime.fromisoformat(a))
                        for r, m, p, d, a in (json.loads(line) for line in lines[1:] if line)]
            except (ValueError, KeyError, IndexError, TypeError):
                os.close(fd)  # not ours to read, or not finished being created
                continue
            found.append(Orphan(str(header["owner"]), sent, path, fd))
        return found


@dataclass
class Orphan:
    owner: str
    sent: list[outbox.Sent]
    path: Path
    fd: int

    def done(self, remove: bool) -> None:
        if remove:
            self.path.unlink(missing_ok=True)
        os.close(self.fd)


# --------------------------------------------------------------------------- the sender


@dataclass
class DrainResult:
    sent: int = 0
    failed: int = 0
    next_wake: datetime | None = None  # when something held back may go


def group_safe(text: str) -> str:
    """The last guard before a group send: whatever wrote the text (a display name that is a
    number, a quoted message), a group never sees a whole phone."""
    from nlp import mask_phones  # the parser loads on the first group send, not at import

    return mask_phones(text)


@dataclass
class _Job:
    """A row this sender took, to send now."""

    row: OutboxMessage
    is_group: bool
    slot: datetime  # when its rate slot (for the part to send next) was taken
    edit_of: str | None = None


@dataclass
class _Outcome:
    job: _Job
    sent: outbox.Sent | None = None  # what the platform took (all parts, or the first ones)
    error: str | None = None  # the send failed: the slot is given back
    retry_in: float | None = None  # … and the row is retried then (None with an error: dead)
    held_until: datetime | None = None  # the next part must wait for its slot (not an error)
    started: datetime | None = None  # the call of the job's slot started then (its window
    # entry not yet settled to that time)
    late: bool = False  # the call would have started too long after its slot: not made


@dataclass
class _Claimed:
    jobs: list[_Job] = field(default_factory=list)
    dropped: int = 0
    next_wake: datetime | None = None


class Sender:
    def __init__(self, engine: Engine, adapters: Mapping[str, Adapter], clock: Clock,
                 concurrency: int = 1, *,
                 renderers: Mapping[str, outbox.Renderer] | None = None,
                 lease: timedelta = LEASE) -> None:
        self.engine = engine
        self.concurrency = max(1, concurrency)
        self.adapters = dict(adapters)
        self.clock = clock
        self.renderers = dict(renderers or {})
        self.lease = lease
        self.limiters = {p: RateLimiter(a.limits) for p, a in adapters.items()}
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.journal: Journal | None = None
        self._unrecorded: list[_Outcome] = []  # done on the platform, not yet in the database
        self._made = False  # the platforms' windows exist in the database
        self._wakeup = asyncio.Event()
        self._queued = False  # told that something was queued since the last look

    # ----------------------------------------------------------------- start and stop

    def recover(self, journal_dir: Path | None = None) -> int:
        """On start: what dead senders of this machine sent but did not record is recorded,
        and their rows in flight go back to the queue; this sender opens its own journal in
        ``journal_dir``. Rows in flight of live senders are left alone. Returns the rows put
        back in the queue."""
        released = 0
        if journal_dir is not None:
            database = self.engine.url.render_as_string(hide_password=True)
            for orphan in Journal.orphans(journal_dir, database):
                try:
                    with transaction(self.engine) as session:
                        outbox.mark_sent(session, orphan.sent)
                        released += outbox.release_owner(session, orphan.owner)
                except Exception:
                    orphan.done(remove=False)
                    raise
                orphan.done(remove=True)
                if orphan.sent:
                    log.info("recorded %d sends a stopped sender had not", len(orphan.sent))
            if fcntl is not None:
                try:
                    self.journal = Journal(journal_dir, self.owner, database)
                except OSError as exc:
                    log.warning("no outbox journal in %s (%s): a crash right after a send "
                                "may send it again", journal_dir, exc)
        return released

    def close(self) -> None:
        """Stopping: the journal goes, unless it holds sends the database has not taken."""
        if self.journal is not None:
            self.journal.close(keep=bool(self._unrecorded))
            self.journal = None

    def notify(self) -> None:
        """Something was queued: wake the sending loop."""
        self._queued = True
        self._wakeup.set()

    async def run(self, stop: asyncio.Event, poll: float = 1.0) -> None:
        """Send until ``stop`` is set, then once more for what was queued just before. Wakes
        when notified, when held rows fall due, or every ``poll`` seconds; a database error is
        logged and retried with backoff (0.5 s, doubling, at most 30 s)."""
        failures = 0
        try:
            while True:
                try:
                    result = await self.drain()
                except Exception as exc:
                    failures += 1
                    delay = min(BACKOFF_MAX, 0.5 * 2 ** (failures - 1))
                    if failures == 1:
                        log.exception("the sender could not use the database; retrying")
                    else:
                        log.warning("the sender still cannot use the database (%s: %s); "
                                    "retry %d in %.1f s", type(exc).__name__,
                                    str(exc).splitlines()[0] if str(exc) else "", failures,
                                    delay)
                    if stop.is_set():
                        return
                    await asyncio.sleep(delay)
                    continue
                if failures:
                    log.info("the sender can use the database again")
                    failures = 0
                if stop.is_set():
                    return
                timeout = poll
                if result.next_wake is not None:
                    until = (result.next_wake - self.clock.now()).total_seconds()
                    timeout = min(poll, max(0.01, until))
                await self._sleep(stop, timeout)
        finally:
            self.close()

    async def _sleep(self, stop: asyncio.Event, timeout: float) -> None:
        waits = [asyncio.ensure_future(self._wakeup.wait()), asyncio.ensure_future(stop.wait())]
        try:
            await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for w in waits:
                w.cancel()
            self._wakeup.clear()

    # ----------------------------------------------------------------- draining

    async def drain(self) -> DrainResult:
        """Send everything that is due and allowed now.

        Up to ``concurrency`` chats are sent to at once (platform calls take tens of
        milliseconds: one at a time, a thousand-group digest would take minutes longer than the
        limits need); a chat has at most one message in flight, so its order holds. Raises a
        database error after recording what it could; the next call goes on from there.
        """
        result = DrainResult()
        late_rounds = 0
        while True:
            # What was sent is recorded in the transaction that takes the next rows: one
            # transaction a round. If it fails, the sends stay unrecorded (in memory and in
            # the journal) and the next round records them.
            outcomes = list(self._unrecorded)
            # Told that something was queued: no probe first, straight to taking it.
            probe, self._queued = not self._queued, False
            claimed = await asyncio.to_thread(self._claim, outcomes, probe)
            self._recorded(outcomes, result)
            if not claimed.jobs:
                if claimed.dropped:
                    continue
                result.next_wake = claimed.next_wake
                return result
            sent = await asyncio.gather(*(self._send(job) for job in claimed.jobs))
            self._unrecorded.extend(sent)
            late_rounds = late_rounds + 1 if all(o.late for o in sent) else 0
            if late_rounds >= LATE_ROUNDS:
                # Every call of several rounds came too late (a slow commit, a busy machine):
                # the rows go back with a later round, after the loop has looked at ``stop``
                # and slept a moment, instead of being taken again and again at once.
                log.warning("outbox: %d rounds running, every call would have started more "
                            "than %.2f s after its slot; taken again shortly", late_rounds,
                            SEND_MARGIN)
                result.next_wake = self.clock.now()
                return result

    def _claim(self, outcomes: list[_Outcome] | None = None, probe: bool = True) -> _Claimed:
        """Record ``outcomes``, then take what may go now, take its rate slots, render what is
        rendered at send time. ``probe``: first look whether anything is ready at all."""
        now = self.clock.now()
        claimed = _Claimed()
        platforms = sorted(self.adapters)
        with transaction(self.engine) as session:
            windows: dict[str, SendWindow] | None = None
            if outcomes:
                # Recording changes the windows (sends count from when they went, slots not
                # used are given back): they are locked first, as everywhere.
                windows = self._lock_windows(session, platforms)
                self._record_in(session, outcomes, now, windows)
            # Idle (the common case between messages): an index probe, no lock. Not when
            # recording took the lock already: taking finds out as cheaply.
            if windows is None:
                if probe and not outbox.any_ready(session, now, platforms):
                    claimed.next_wake = outbox.next_due_time(session, platforms)
                    return claimed
                windows = self._lock_windows(session, platforms)
            # The time again once the windows are ours: another process may have held them
            # a while, and slots counted from before the wait would be taken in the past.
            now = self.clock.now()
            room: dict[str, int] = {}
            wakes: list[datetime] = []
            for platform in platforms:
                room[platform], wake = self.limiters[platform].capacity(windows[platform], now)
                if wake is not None:
                    wakes.append(wake)
            heads = outbox.take(session, now, [p for p in platforms if room[p] > 0],
                                 self.concurrency)
            _load_jobs(session, [h.row for h in heads if h.row.render])
            taken: list[outbox.Head] = []
            spaced: set[str] = set()  # platforms whose one group send of the round is taken
            for head in heads:
                row = head.row
                if room[row.platform] <= 0:
                    continue
                limiter = self.limiters[row.platform]
                if head.is_group and limiter.spacing:
                    group_free = limiter.group_wait(windows[row.platform], now)
                    if group_free is not None:
                        wakes.append(group_free)
                        continue
                    if row.platform in spaced:
                        continue
                if row.render and not self._render(session, row, now):
                    claimed.dropped += 1
                    continue
                if head.is_group and limiter.spacing:
                    spaced.add(row.platform)
                room[row.platform] -= 1
                taken.append(head)
            rows = [head.row for head in taken]
            edits = outbox.card_message_ids(session, rows)
            # The slots are taken last, as close to the calls as the transaction allows: a
            # slot may be any time from the count above (made under the lock) to its call,
            # and the time the rest of this transaction takes (queries, rendering, a busy
            # machine) would otherwise count against the calls' margin.
            slot = self.clock.now()
            chats: dict[str, list[tuple[SendWindow, bool]]] = {p: [] for p in platforms}
            for head in taken:
                chat = head.window or SendWindow(key=head.row.chat_id)
                session.add(chat)
                chats[head.row.platform].append((chat, head.is_group))
                claimed.jobs.append(_Job(head.row, head.is_group, slot,
                                         edits.get(head.row.id or 0)))
            for platform in platforms:
                if chats[platform]:
                    self.limiters[platform].reserve_all(windows[platform], chats[platform],
                                                        slot)
            outbox.claim(session, rows, self.owner, self.lease, slot, windows=True)
            if not claimed.jobs and not claimed.dropped:
                due = outbox.next_due_time(session, platforms)
                if due is not None and due > now:
                    claimed.next_wake = due
                elif due is not None:
                    # Due but not taken: a platform is at its limit, or another sender holds
                    # the rows for a moment.
                    claimed.next_wake = min(wakes) if wakes else now + timedelta(seconds=0.05)
        # Only once committed: a first transaction rolled back leaves no windows to lock.
        self._made = True
        return claimed

    def _lock_windows(self, session: Session, platforms: list[str]) -> dict[str, SendWindow]:
        return outbox.windows(session, platforms, lock=True, create=not self._made)

    def _render(self, session: Session, row: OutboxMessage, now: datetime) -> bool:
        """Make the row's text again; False when it was dropped."""
        renderer = self.renderers.get(row.render or "")
        if renderer is None:
            log.warning("outbox %s: no renderer %r; sent as queued", row.id, row.render)
            return True
        rendered = renderer(session, row, now)
        if rendered is None:
            outbox.drop(session, row, f"{row.render}: no longer true")
            return False
        # Said the same as when it was queued (most are): the row is left as it is. Set to an
        # equal value it counted as changed, and every query of the round's later renderers
        # flushed it again to find nothing to write (issue 12).
        buttons = json.dumps([list(b) for b in rendered.buttons], ensure_ascii=False)
        if row.text != rendered.text:
            row.text = rendered.text
        if row.buttons != buttons:
            row.buttons = buttons
        return True

    async def _send(self, job: _Job) -> _Outcome:
        row = job.row
        assert row.id is not None
        adapter = self.adapters[row.platform]
        edit_of = job.edit_of if adapter.supports_edit else None
        buttons = tuple(Button(label, data) for label, data in outbox.buttons_of(row))
        # A file where the platform takes one; its text as messages elsewhere.
        as_file = row.attachment if getattr(adapter, "supports_files", False) else None
        text = group_safe(row.text) if job.is_group else row.text
        parts = [text] if as_file else split_text(text, adapter.limits.max_text)
        first = row.platform_message_id if row.parts_sent else None
        sent: outbox.Sent | None = None
        limiter = self.limiters[row.platform]
        for i in range(min(row.parts_sent, len(parts) - 1), len(parts)):
            last = i == len(parts) - 1
            out = Outgoing(
                chat_id=row.chat_id,
                text=parts[i],
                buttons=buttons if last else (),
                reply_to=row.reply_to if i == 0 else None,
                edit_of=edit_of if i == 0 else None,
                file_name=as_file,
            )
            # The call starts now. Later than its slot allows, it could go in a window already
            # counted full without it: it is not made, the slot goes back and the row is taken
            # again at once.
            started = self.clock.now()
            if not limiter.in_time(job.slot, started):
                log.debug("outbox %s: its call would start %.3f s after its slot; taken again",
                          row.id, (started - job.slot).total_seconds())
                return _Outcome(job, sent, late=True)
            try:
                message_id = await adapter.send(out)
            except RetryAfter as exc:
                return _Outcome(job, sent, str(exc), exc.seconds)
            except PermanentSendError as exc:
                log.warning("giving up on outbox %s to %s: %s", row.id, row.chat_id, exc)
                return _Outcome(job, sent, str(exc), None)
            except Exception as exc:
                log.warning("send of outbox %s failed: %r", row.id, exc)
                # back off 2, 4, 8 … seconds, at most 5 minutes
                return _Outcome(job, sent, repr(exc), min(2.0 ** row.attempts, 300.0))
            first = first or edit_of or message_id
            sent = outbox.Sent(row.id, first, i + 1, last, self.clock.now())
            if self.journal is not None:
                self.journal.write(sent)
            if last:
                return _Outcome(job, sent, started=started)
            try:
                wait = await asyncio.to_thread(self._next_part, job, sent, started)
            except Exception as exc:
                log.warning("outbox %s: could not take a slot for its next part: %r", row.id,
                            exc)
                # The part sent is recorded with the outcome, its time with it.
                return _Outcome(job, sent, held_until=self.clock.now() + timedelta(seconds=1),
                                started=started)
            if wait > 0:
                return _Outcome(job, sent, held_until=self.clock.now() + timedelta(seconds=wait))
        return _Outcome(job, sent)

    def _next_part(self, job: _Job, sent: outbox.Sent, started: datetime) -> float:
        """Record the part sent (its call started at ``started``); take a slot for the next
        one. Seconds to wait, 0: go on."""
        row = job.row
        limiter = self.limiters[row.platform]
        with transaction(self.engine) as session:
            platform = outbox.windows(session, [row.platform], lock=True)[row.platform]
            now = self.clock.now()  # once the window is ours, as in _claim
            chat = outbox.windows(session, [row.chat_id])[row.chat_id]
            outbox.mark_sent(session, [sent])
            limiter.settle(platform, chat, job.slot, started, job.is_group)
            room, wake = limiter.capacity(platform, now)
            when = max(now if room > 0 else (wake or now), chat.free_at or now)
            if job.is_group:
                when = max(when, limiter.group_wait(platform, now) or now)
            if when > now:
                return (when - now).total_seconds()
            limiter.reserve(platform, chat, job.is_group, now)
            row.slot_at = now
            row.lease_until = now + self.lease
            session.add(row)
        job.slot = now
        return 0.0

    def _recorded(self, outcomes: list[_Outcome], result: DrainResult) -> None:
        """``outcomes`` are in the database now."""
        if not outcomes:
            return
        del self._unrecorded[: len(outcomes)]
        if self.journal is not None and not self._unrecorded:
            self.journal.recorded()
        for o in outcomes:
            if o.error is None and o.held_until is None and not o.late:
                result.sent += 1
            elif o.error is not None:
                result.failed += 1

    def _record_in(self, session: Session, outcomes: list[_Outcome], now: datetime,
                   windows: Mapping[str, SendWindow]) -> None:
        """Sends recorded and counted from when they went, failed rows' slots given back and
        rows retried (keeping their place) or given up, rows waiting for a part's slot put
        back, rows whose call came too late taken again at once. ``windows``: the platforms',
        locked."""
        rows = {o.job.row.id or 0: o.job.row for o in outcomes}
        self._settle(session, outcomes, windows)
        outbox.write_windows(session)
        outbox.mark_sent(session, [o.sent for o in outcomes if o.sent is not None], rows)
        late: list[int] = []
        for o in outcomes:
            assert o.job.row.id is not None
            if o.error is not None:
                dead = o.retry_in is None or o.job.row.attempts >= outbox.MAX_ATTEMPTS
                retry_at = None if o.retry_in is None else now + timedelta(
                    seconds=o.retry_in)
                outbox.release(session, o.job.row.id, error=o.error, retry_at=retry_at,
                               dead=dead)
            elif o.late:
                late.append(o.job.row.id)
            elif o.held_until is not None:
                outbox.release(session, o.job.row.id, error=None, retry_at=o.held_until)
        outbox.put_back(session, late, self.owner)

    def _settle(self, session: Session, outcomes: list[_Outcome],
                windows: Mapping[str, SendWindow]) -> None:
        """The windows after the sends: what went counts from when its call started; a slot
        whose call failed or was not made is given back (a failed attempt does not count
        against the limits; a call that timed out after the platform took it is an exception
        the README names). Only while the row is still ours with that slot: recording twice (a
        commit that failed after it was made) moves nothing twice, not even another send's
        entry at the same time."""
        went = [o for o in outcomes if o.started is not None]
        back = [o for o in outcomes if o.error is not None or o.late]
        if not went and not back:
            return
        current = {row.id: row for row in outbox.taken(
            session, [o.job.row.id or 0 for o in went + back])}
        settled: dict[str, list[tuple[SendWindow | None, datetime, datetime, bool]]] = {}
        given_back: dict[str, list[tuple[SendWindow | None, datetime, bool]]] = {}
        for o in went + back:
            row = current.get(o.job.row.id or 0)
            if row is None or row.owner != self.owner or row.slot_at != o.job.slot:
                continue
            chat = row.window
            if o.started is not None:
                settled.setdefault(row.platform, []).append(
                    (chat, o.job.slot, o.started, o.job.is_group))
            else:
                given_back.setdefault(row.platform, []).append(
                    (chat, o.job.slot, o.job.is_group))
        # Slots given back first, then the sends settled, as one after another; each
        # platform's window written once (a late round gives back tens of slots).
        for platform in {**given_back, **settled}:
            self.limiters[platform].settle_all(windows[platform], settled.get(platform, []),
                                               given_back.get(platform, []))


def _load_jobs(session: Session, rows: list[OutboxMessage]) -> None:
    """The jobs of rows about to be rendered, in one query: a renderer's ``session.get`` of
    its job then finds it in the session."""
    ids = {r.job_id for r in rows if r.job_id is not None}
    # Renderers may read what they need of all these jobs at once (handlers/matching.py).
    # Kept here too: the session holds what it loaded only weakly, and jobs let go at once
    # were read again one by one.
    loaded: dict[int, Job | None] = dict.fromkeys(ids)
    if len(ids) > 1:
        loaded.update((job.id or 0, job)
                      for job in session.exec(_JOBS, params={"ids": sorted(ids)}))
    session.info[outbox.RENDERING_JOBS] = loaded


_JOBS = select(Job).where(any_of(col(Job.id), "ids"))  # made once


def split_text(text: str, limit: int) -> list[str]:
    """Split at line breaks so every part fits the platform's message size."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts
