"""After the gig: the wage check, wage cases (欠薪) and 先行垫付, and ratings.

The evening of a job's last work day (``WAGE_CHECK_TIME``; quiet hours respected) every
confirmed worker is asked privately 「王老板的搬运活，工钱结清了吗？」 with [结清了] [还没结]
[没去成], and the employer is asked to rate each worker. 还没结 opens a wage case: the employer
is reminded kindly the next day (never told who said it), the officers of the job's place hear
once the promised settlement is past (日结 the next day, 完工结 three days, 月结 the month's
end), with both phones; 结清了 closes it, and an officer may record 「已垫付 编号」.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session

from bot import filters
from bot.clock import TZ
from bot.dispatcher import queue_replies
from bot.message import Button, Reply
from bot.router import Context, Router
from bot.scheduler import TaskContext
from handlers import cards, reading
from handlers.matching import dm, quiet_until
from nlp.gazetteer import Gazetteer
from storage import aftercare as store
from storage import jobs as job_store
from storage import outbox, people
from storage.db import transaction
from storage.models import Job, Officer, Person, Rating, WageCheck

router = Router("aftercare")

WAGE_CHECK_TIME = "19:00"  # the evening of the last work day
WAGE_CHECK_GRACE = 16 * 3600  # missed while down: still asked until 11:00 the next morning
FOLLOW_UP_TIME = "10:00"  # reminders to employers, notes to officers: in working hours
CATCH_UP_DAYS = 2  # a job whose last day was this recently is still asked about

PAID, UNPAID, ABSENT = "结清了", "还没结", "没去成"
ADVANCED = "已垫付"
ANSWER_WORDS = {
    "paid": ("结清了", "工钱结清了", "结清", "已结清", "结了", "钱结了", "给了", "钱给了",
             "工钱给了", "结完了", "已经结了", "已经结清了"),
    "unpaid": ("还没结", "没结", "没结清", "还没结清", "没给钱", "还没给钱", "没给", "还没给",
               "工钱还没结", "钱还没给", "没结账", "还没", "还没有", "没有", "还冇", "冇给",
               "还冇给", "冇结"),  # 「还没 老板说月底给」: the question's own "not yet"
    "absent": ("没去成", "没去", "我没去", "没有去", "去不成", "没去上"),
}
STAR_LABELS = tuple(f"{n}星" for n in range(5, 0, -1))
WORDS = {"worker": ("工钱按时", "活和说的一样"), "employer": ("准时", "干得好")}
_STARS = re.compile(r"^(?:打|给)?\s*(?P<n>[1-5一二三四五两])\s*(?:星|颗星|分|颗)$"
                    r"|^(?P<s>[★⭐]{1,5})$")
_BARE_STARS = re.compile(r"^[1-5一二三四五]$")
_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
SETTLE_NAMES = {"daily": "日结", "monthly": "月结", "on_completion": "完工结"}


def gig_name(session: Session, job: Job) -> str:
    """「王老板的搬运活」."""
    poster = session.get(Person, job.poster_id)
    who = (job.contact or (poster.name if poster else "") or "老板").strip()
    work = job.work_type or "零工"
    short = work.removesuffix("工").removesuffix("员")
    return f"{who}的{short if len(short) >= 2 else work}活"


def _day(day: date, today: date) -> str:
    return "今天" if day == today else f"{day.month}月{day.day}日"


# --------------------------------------------------------------------------- the asking


def wage_check(ctx: TaskContext) -> None:
    """Every evening: ask the workers of jobs whose last work day is today (and, after the
    bot was down, the last ``CATCH_UP_DAYS`` days) whether they were paid."""
    local = ctx.now.astimezone(TZ)
    today = local.date()
    hour, minute = (int(x) for x in WAGE_CHECK_TIME.split(":"))
    last = today if local.time() >= time(hour, minute) else today - timedelta(days=1)
    not_before = quiet_until(ctx.now, ctx.settings)
    with transaction(ctx.engine) as session:
        replies: list[Reply] = []
        for job in store.jobs_ending_between(session, today - timedelta(days=CATCH_UP_DAYS),
                                             last):
            replies.extend(ask_about(session, job, ctx.now, not_before))
        queue_replies(session, replies, None, ctx.now)


def ask_about(session: Session, job: Job, now: datetime, not_before: datetime | None
              ) -> list[Reply]:
    """One wage check per confirmed worker not asked yet; the employer is asked to rate each."""
    assert job.id is not None
    last_day = store.last_work_day(job)
    assert last_day is not None
    today = (not_before or now).astimezone(TZ).date()  # the day they read it
    name = gig_name(session, job)
    replies: list[Reply] = []
    for claim in store.confirmed_claims(session, job.id):
        if store.check_for(session, job.id, claim.person_id) is not None:
            continue
        check = WageCheck(job_id=job.id, worker_id=claim.person_id, employer_id=job.poster_id,
                          region_code=job.region_code, last_day=last_day,
                          due_on=store.settle_due(job, last_day), asked_at=now)
        session.add(check)
        session.flush()
        assert check.id is not None
        text = (f"{name}（{_day(last_day, today)}），工钱结清了吗？\n"
                f"{cards.short(job, today)}\n"
                "您的回答只有信息员能看到，老板不会知道是谁说的。")
        replies.extend(dm(session, claim.person_id, text, kind="ask",
                          buttons=tuple(Button(label, f"wage:{check.id}:{verdict}")
                                        for label, verdict in ((PAID, "paid"),
                                                               (UNPAID, "unpaid"),
                                                               (ABSENT, "absent"))),
                          not_before=not_before, dedupe_key=f"wage:{check.id}").replies)
        worker = session.get(Person, claim.person_id)
        who = worker.name if worker else "工人"
        replies.extend(dm(session, job.poster_id,
                          f"{cards.short(job, today)} 干完了。给{who}打个分吧（不打也行）：",
                          kind="ask", not_before=not_before, dedupe_key=f"rate:{check.id}",
                          buttons=star_buttons(check.id)).replies)
    return replies


def star_buttons(check_id: int) -> tuple[Button, ...]:
    return tuple(Button(label, f"rate:{check_id}:{label[0]}") for label in STAR_LABELS)


# --------------------------------------------------------------------------- the answers


def _keyed(ctx: Context, prefix: str) -> WageCheck | None:
    """The check a reply quotes: our question's outbox key is ``prefix:ID:chat``."""
    reply_to = ctx.message.reply_to
    row = outbox.by_platform_id(ctx.session, reply_to) if reply_to else None
    if row is None or not row.dedupe_key or not row.dedupe_key.startswith(prefix + ":"):
        return None
    check_id = row.dedupe_key.split(":")[1]
    return ctx.session.get(WageCheck, int(check_id)) if check_id.isdigit() else None


def speaks_for(session: Session, person: Person, person_id: int) -> bool:
    """The person themself, or the officer who looks after them (villagers without phones)."""
    if person.id == person_id:
        return True
    other = session.get(Person, person_id)
    return other is not None and other.managed_by is not None and other.managed_by == person.id


_CLAUSES = re.compile(r"[\s,，。.!！;；、]+")
# After 「结清了」, words that take it back (「结清了 还差100没给」) or ask (「结清了吗」).
_UNSURE = re.compile(r"[?？吗呢]|没|还差|欠|不|一半|部分")


# 「结清了结清了」: said twice (as people do, by voice), meant once.
_SAID_TWICE = re.compile(r"^(.{2,6}?)\1+$")


def _once(said: str) -> str:
    twice = _SAID_TWICE.match(said)
    return twice.group(1) if twice is not None else said


# What voice says before the answer: a hello, fillers, and the question's topic named back
# (「喂 那个工钱啊 还冇结 老板说过两天给」).
_TOPIC = re.compile(r"^(?:那个|这个)?(?:工钱|工资|钱)(?:的事|的话)?[啊呀嘛哦哈呢]*$")
# Where voice runs the remark on after the answer: before a day, a time of day or the employer
# (「嗯结了结了昨天晚上汤老板送过来的」).
_RUNON = re.compile(r"(?<=[\u4e00-\u9fff])(?=昨天|昨晚|前天|今天|今早|早上|上午|中午|下午|"
                    r"晚上|老板)")


def _clauses(text: str) -> list[str]:
    """The clauses of a spoken or typed answer, without what is said before it."""
    clauses = [c for part in _CLAUSES.split(text.strip()) if part
               for c in _RUNON.split(part) if c]
    while clauses:
        head = filters.squash(clauses[0])
        lead = reading.FILLER_LEAD.sub("", head)
        if reading.HELLO.match(head) or not lead or _TOPIC.match(lead):
            clauses = clauses[1:]
        elif lead != head:
            clauses[0] = lead
            break
        else:
            break
    return clauses


# Paid in part is not settled: 「还没结完」「没给齐」 (the answer's "not yet" with the pay's end
# after it), 「只给了一半」「才结了一部分」 (a part named as all that came; 「结了一半 还差两百」
# without 只 is left unread, as before).
_PART_PAID = re.compile(r"^(?:还|都)?(?:没|冇|没有)(?:结|给|付|发)(?:完|齐|全|够)(?:钱|工钱)?$"
                        r"|^(?:只|才)(?:结|给|付|发)了?(?:一半|一部分|部分|一点|一点点|一些|半)了?$")


def _head_verdict(head: str) -> str | None:
    for verdict, words in ANSWER_WORDS.items():
        if head in words:
            return verdict
    return "unpaid" if _PART_PAID.match(head) else None


def _verdict(text: str) -> str | None:
    """The answer, said bare or as the first words with a remark after them (「结清了 今天上午
    给了」, 「还没结 老板说月底」), also after a hello, fillers and the topic, as voice says it;
    None when the remark takes it back or asks."""
    said = _once(filters.squash(text).rstrip("?？"))
    for verdict, words in ANSWER_WORDS.items():
        if said in words:
            return verdict
    first, *rest = _clauses(text) or [""]
    found = _head_verdict(_once(filters.squash(first)))
    if found is None or (found == "paid" and _UNSURE.search(" ".join(rest))):
        return None
    return None if re.search(r"[?？吗]", text) else found


def _wage_answer(ctx: Context) -> dict[str, Any] | bool:
    """「结清了」/「还没结」/「没去成」 privately from a worker the bot asked (or whose case is
    open); from anyone else it is not an answer."""
    verdict = _verdict(ctx.message.text)
    if verdict is None or ctx.person.id is None:
        return False
    quoted = _keyed(ctx, "wage")
    if quoted is not None:
        if not speaks_for(ctx.session, ctx.person, quoted.worker_id):
            return False
        return {"check": quoted, "verdict": verdict}
    statuses = ("asked", "unpaid") if verdict == "paid" else ("asked",)
    mine = store.checks_of_worker(ctx.session, ctx.person.id, statuses)
    if not mine:
        return False
    if len(mine) > 1:
        return {"check": None, "verdict": verdict, "many": mine}
    return {"check": mine[0], "verdict": verdict}


@router.message(filters.private, _wage_answer)
def wage_answer_text(check: WageCheck | None, verdict: str, session: Session, person: Person,
                     now: datetime, gazetteer: Gazetteer, many: list[WageCheck] | None = None
                     ) -> list[Reply]:
    if check is None:
        today = now.astimezone(TZ).date()
        listed = []
        for c in many or []:
            job = session.get(Job, c.job_id)
            if job is not None:
                listed.append(f"· {gig_name(session, job)}（{_day(c.last_day, today)}）")
        return [Reply("您有几个活在问工钱：\n" + "\n".join(listed)
                      + "\n请回复问那个活的消息说「结清了」「还没结」或「没去成」。")]
    return answer(session, check, verdict, person, now, gazetteer)


@router.button(filters.button("wage"))
def wage_answer_button(arg: str, session: Session, person: Person, now: datetime,
                       gazetteer: Gazetteer) -> list[Reply]:
    check_id, _, verdict = arg.partition(":")
    check = session.get(WageCheck, int(check_id)) if check_id.isdigit() else None
    if check is None or verdict not in ANSWER_WORDS:
        return [Reply("找不到这次问工钱的记录了。")]
    if not speaks_for(session, person, check.worker_id):
        return [Reply("这是问干活的人的，您不用回答。")]
    return answer(session, check, verdict, person, now, gazetteer)


def answer(session: Session, check: WageCheck, verdict: str, person: Person, now: datetime,
           gazetteer: Gazetteer) -> list[Reply]:
    """A worker's answer; 还没结 opens a case, 结清了 closes one."""
    assert check.id is not None
    job = session.get(Job, check.job_id)
    assert job is not None
    name = gig_name(session, job)
    today = now.astimezone(TZ).date()
    if verdict == "absent":
        if check.status != "asked":
            return [Reply(f"{name}您已经回答过了（{_state(check)}）。")]
        check.status, check.answered_at = "absent", now
        session.add(check)
        return [Reply(f"好的，记下了：{name}您没去成。这次不用打分。")]
    if verdict == "paid":
        if check.status in ("paid", "advanced"):
            return [Reply(f"{name}已经记过{_state(check)}了，不用再说。")]
        if check.status == "absent":
            return [Reply(f"您说过{name}没去成。要是其实去了，请跟信息员说一声。")]
        was_case = check.status == "unpaid"
        check.status = "paid"
        check.answered_at = check.answered_at or now
        session.add(check)
        if not was_case:
            return [Reply(f"好的，记下了：{name}工钱已结清。"), rate_question(check, job)]
        check.closed_at = now
        store.add_event(session, "wage", check.id, "paid", now, by_id=person.id)
        replies = [Reply(f"好的，{name}的工钱结清了，这件事就算了结。谢谢您告诉我！")]
        if check.escalated_at is not None:
            replies.extend(tell_officers(session, gazetteer, check,
                                          f"欠薪【{check.id}】已结清：工人说{name}的工钱结了。"))
        return replies
    # unpaid
    if check.status == "unpaid":
        return [Reply(f"{name}的工钱正在跟进（欠薪编号【{check.id}】），结清了请回「{PAID}」。")]
    if check.status in ("absent", "advanced"):
        return [Reply(f"{name}已经记过{_state(check)}了。有变化请跟信息员说。")]
    first = check.status == "asked"
    check.status = "unpaid"
    check.answered_at = check.answered_at or now
    check.opened_at = now
    session.add(check)
    store.add_event(session, "wage", check.id, "unpaid", now, by_id=person.id)
    due = check.due_on
    settle = SETTLE_NAMES.get(job.settlement or "", "完工结")
    text = (f"记下了：{name}工钱还没结（欠薪编号【{check.id}】）。\n"
            f"明天我会提醒老板，不会说是谁反映的；说好{settle}，过了{_day(due, today)}还没结，"
            "我会告诉管这里的信息员帮您跟进。\n结清了请回「结清了」。")
    replies = [Reply(text)]
    if first:
        replies.append(rate_question(check, job))
    return replies


def _state(check: WageCheck) -> str:
    return {"paid": "结清", "unpaid": "还没结", "absent": "没去成", "advanced": "站里垫付",
            "asked": "还没回答", "withdrawn": "工人已注销"}[check.status]


def rate_question(check: WageCheck, job: Job) -> Reply:
    assert check.id is not None
    # Keyed like the employer's question (``rate:ID:…``) so that a typed 「4」 answering it is
    # known for a rating.
    return Reply("顺手给老板打个分吧（不打也行）：", kind="ask", buttons=star_buttons(check.id),
                 dedupe_key=f"rate:{check.id}:worker")


# --------------------------------------------------------------------------- ratings


_ALL_WORDS = frozenset(w for words in WORDS.values() for w in words)


# A remark after the stars (「3星 工钱拖了两天」): why, in one's own words — no question, no
# other count of stars or number (「3星 不对 4星」「三星 还是四星」 are not sure which), nothing
# put off.
_NOT_A_REMARK = re.compile(r"[?？吗呢]|(?:不|没|么)$|[0-9一二两三四五](?:星|颗|分)|[★⭐]|还是|不对|"
                           r"说错|再说|再打|回头|想想|等等")  # 「四星 明天再说」: put off


def _stars(text: str) -> int | None:
    """「4星」「四星」「★★★★」, also with one of the rating's words after it (「四星 工钱按时」)
    or a remark of one's own (「3星 工钱拖了两天」)."""
    clauses = [filters.squash(c) for c in _CLAUSES.split(text.strip()) if c]
    if len(clauses) >= 2 and _STARS.match(clauses[0]) and (
            clauses[1] in _ALL_WORDS or not _NOT_A_REMARK.search("".join(clauses[1:]))):
        text = clauses[0]
    m = _STARS.match(filters.squash(text))
    if m is None:
        return None
    if m.group("s"):
        return len(m.group("s"))
    n = m.group("n")
    return int(n) if n.isdigit() else _CN[n]


def can_rate(session: Session, check: WageCheck, person: Person) -> str | None:
    """Which side ``person`` rates from on this check, or None."""
    if speaks_for(session, person, check.worker_id):
        return "worker"
    if person.id == check.employer_id:
        return "employer"
    return None


def rateable(session: Session, person: Person, now: datetime) -> list[WageCheck]:
    """Checks ``person`` may still rate (asked in the last ``RATE_DAYS``)."""
    assert person.id is not None
    since = now - timedelta(days=store.RATE_DAYS)
    out = []
    for check in store.checks_of_worker(session, person.id, store.ANSWERED):
        if check.asked_at >= since and store.rating_of(
                session, check.job_id, person.id, check.employer_id) is None:
            out.append(check)
    for check in store.checks_of_employer(session, person.id):
        if check.status != "absent" and check.asked_at >= since and store.rating_of(
                session, check.job_id, person.id, check.worker_id) is None:
            out.append(check)
    return out


def _asked_to_rate(ctx: Context) -> WageCheck | None:
    """The rating question a message answers: the one it quotes, else (WeChat cannot quote)
    the bot's latest message in this private chat when that is one."""
    quoted = _keyed(ctx, "rate")
    if quoted is not None:
        return quoted
    row = outbox.latest_sent(ctx.session, ctx.message.chat.id)
    key = row.dedupe_key if row is not None and row.dedupe_key else ""
    check_id = key.split(":")[1] if key.startswith("rate:") else ""
    return ctx.session.get(WageCheck, int(check_id)) if check_id.isdigit() else None


def _star_answer(ctx: Context) -> dict[str, Any] | bool:
    stars = _stars(ctx.message.text)
    asked = None
    if stars is None:
        # A bare 「4」 is a rating only as the answer to a rating question.
        bare = filters.squash(ctx.message.text)
        if not _BARE_STARS.match(bare) or ctx.person.id is None:
            return False
        asked = _asked_to_rate(ctx)
        if asked is None:
            return False
        stars = int(bare) if bare.isdigit() else _CN[bare]
    quoted = asked or _keyed(ctx, "rate")
    if quoted is not None:
        return {"check": quoted, "stars": stars}
    mine = rateable(ctx.session, ctx.person, ctx.now)
    if len(mine) == 1:
        return {"check": mine[0], "stars": stars}
    if mine:
        return {"check": None, "stars": stars}
    done = _rated_lately(ctx.session, ctx.person, ctx.now)
    # Rated already: 「已经打过分了（4星）」 rather than 没看明白.
    return {"check": done, "stars": stars} if done is not None else False


def _rated_lately(session: Session, person: Person, now: datetime) -> WageCheck | None:
    """The check of the person's latest rating, while a rating question is still answerable."""
    if person.id is None:
        return None
    latest = store.latest_rating_by(session, person.id)
    if latest is None or latest.created_at < now - timedelta(days=store.RATE_DAYS):
        return None
    worker = latest.rater_id if latest.side == "worker" else latest.ratee_id
    return store.check_for(session, latest.job_id, worker)


@router.message(filters.private, _star_answer)
def star_text(check: WageCheck | None, stars: int, session: Session, person: Person,
              now: datetime, text: str) -> list[Reply]:
    if check is None:
        return [Reply("您有好几个可以打分的，请回复要打分的那条消息说「5星」之类。")]
    return rate(session, check, person, stars, now, text)


@router.button(filters.button("rate"))
def star_button(arg: str, session: Session, person: Person, now: datetime) -> list[Reply]:
    check_id, _, n = arg.partition(":")
    check = session.get(WageCheck, int(check_id)) if check_id.isdigit() else None
    if check is None or n not in ("1", "2", "3", "4", "5"):
        return [Reply("找不到这次打分了。")]
    return rate(session, check, person, int(n), now)


def rate(session: Session, check: WageCheck, person: Person, stars: int, now: datetime,
         text: str = "") -> list[Reply]:
    """One rating per side and job: a worker rates the employer, the employer a worker."""
    side = can_rate(session, check, person)
    if side is None:
        return [Reply("这个活您没参与，不能打分。")]
    job = session.get(Job, check.job_id)
    assert job is not None
    rater = check.worker_id if side == "worker" else check.employer_id
    ratee = check.employer_id if side == "worker" else check.worker_id
    if side == "worker" and check.status not in store.ANSWERED:
        return [Reply("没去成的活不用打分。" if check.status == "absent"
                      else f"先说说{gig_name(session, job)}的工钱结清了没有，再打分。")]
    if side == "employer" and check.status == "absent":
        return [Reply("这位工人说没去成，不用打分。")]
    done = store.rating_of(session, check.job_id, rater, ratee)
    if done is not None:
        return [Reply(f"这个活您已经打过分了（{done.stars}星），每个活只能打一次。")]
    rating = Rating(job_id=check.job_id, rater_id=rater, ratee_id=ratee, side=side,
                    stars=stars, created_at=now)
    session.add(rating)
    session.flush()
    assert rating.id is not None
    words = WORDS[side]
    said = [filters.squash(c) for c in _CLAUSES.split(text.strip()) if c][1:]
    if said and said[0] in words:  # 「四星 工钱按时」: the word said with the stars
        rating.word = said[0]
        return [Reply(f"谢谢！记下了{stars}星，「{said[0]}」。")]
    if said and _stars(text) == stars:
        # 「3星 工钱拖了两天」: the stars are kept, the remark is not — said, not dropped unseen
        return [Reply(f"谢谢！记下了{stars}星。您说的「{' '.join(said)}」没有记下：打分只记星数"
                      f"和下面两句话，想加一句就点（不加也行）：",
                      buttons=tuple(Button(w, f"rword:{rating.id}:{i}") for i, w in
                                    enumerate(words)))]
    return [Reply(f"谢谢！记下了{stars}星。想加一句就点下面（不加也行）：",
                  buttons=tuple(Button(w, f"rword:{rating.id}:{i}") for i, w in
                                enumerate(words)))]


def _word_text(ctx: Context) -> dict[str, Any] | bool:
    said = filters.squash(ctx.message.text)
    side = next((s for s, words in WORDS.items() if said in words), None)
    if side is None or ctx.person.id is None:
        return False
    latest = store.latest_rating_by(ctx.session, ctx.person.id)
    if (latest is None or latest.side != side or latest.word is not None
            or latest.created_at < ctx.now - timedelta(days=1)):
        return False
    return {"rating": latest, "word": said}


@router.message(filters.private, _word_text)
def word_text(rating: Rating, word: str, session: Session) -> Reply:
    return add_word(session, rating, word)


@router.button(filters.button("rword"))
def word_button(arg: str, session: Session, person: Person) -> Reply:
    rating_id, _, index = arg.partition(":")
    rating = session.get(Rating, int(rating_id)) if rating_id.isdigit() else None
    if rating is None or not index.isdigit() or int(index) >= len(WORDS[rating.side]):
        return Reply("找不到这次打分了。")
    if not speaks_for(session, person, rating.rater_id):
        return Reply("这不是您打的分。")
    return add_word(session, rating, WORDS[rating.side][int(index)])


def add_word(session: Session, rating: Rating, word: str) -> Reply:
    if rating.word is not None:
        return Reply(f"已经加过「{rating.word}」了。")
    rating.word = word
    session.add(rating)
    return Reply(f"好的，加上了「{word}」。谢谢！")


# --------------------------------------------------------------------------- follow-up


def wage_follow_up(ctx: TaskContext) -> None:
    """Every morning: employers of cases opened before today are reminded kindly (once);
    cases still open past the promised settlement go to the officers of the place (once)."""
    today = ctx.now.astimezone(TZ).date()
    with transaction(ctx.engine) as session:
        replies: list[Reply] = []
        reminded_jobs: set[int] = set()
        for check in store.open_cases(session):
            assert check.id is not None and check.opened_at is not None
            if check.reminded_at is None:
                if check.opened_at.astimezone(TZ).date() >= today:
                    continue
                if check.job_id not in reminded_jobs:
                    replies.extend(_remind(session, check, ctx.now))
                    reminded_jobs.add(check.job_id)
                check.reminded_at = ctx.now
                session.add(check)
                store.add_event(session, "wage", check.id, "reminded", ctx.now, via="clock")
            elif (check.escalated_at is None and today > check.due_on
                  and check.reminded_at.astimezone(TZ).date() < today):
                replies.extend(_escalate(session, ctx.gazetteer, check, ctx.now))
                check.escalated_at = ctx.now
                session.add(check)
                store.add_event(session, "wage", check.id, "escalated", ctx.now, via="clock")
        queue_replies(session, replies, None, ctx.now)


def _remind(session: Session, check: WageCheck, now: datetime) -> list[Reply]:
    job = session.get(Job, check.job_id)
    assert job is not None
    today = now.astimezone(TZ).date()
    text = (f"您好！{cards.short(job, today)}\n有干活的人说工钱还没结清。"
            "要是已经给了，请跟工人对一下；还没给的，麻烦尽快结给大家。谢谢您！")
    return dm(session, check.employer_id, text, kind="notice",
              dedupe_key=f"wage-remind:{check.job_id}:{today}").replies


def officers_of_place(session: Session, gazetteer: Gazetteer, code: str | None) -> list[int]:
    """The officers nearest the place: those of the deepest region that holds it (the
    county's when no one nearer, or when the place is unknown)."""
    from sqlmodel import select

    best: list[int] = []
    depth = -1
    if code is not None:
        for officer in session.exec(select(Officer)):
            if not gazetteer.contains(officer.region_code, code):
                continue
            place = gazetteer.by_code(officer.region_code)
            level = {"county": 0, "township": 1, "village": 2}.get(
                place.level if place else "", 0)
            if level > depth:
                best, depth = [], level
            if level == depth and officer.person_id not in best:
                best.append(officer.person_id)
    return best or people.county_officers(session)


def tell_officers(session: Session, gazetteer: Gazetteer, check: WageCheck, text: str
                   ) -> list[Reply]:
    replies: list[Reply] = []
    for officer_id in officers_of_place(session, gazetteer, check.region_code):
        replies.extend(dm(session, officer_id, text, kind="notice").replies)
    return replies


def _escalate(session: Session, gazetteer: Gazetteer, check: WageCheck, now: datetime
              ) -> list[Reply]:
    """The officers hear of a case past its settlement, with both phones (logged)."""
    assert check.id is not None
    job = session.get(Job, check.job_id)
    worker = session.get(Person, check.worker_id)
    employer = session.get(Person, check.employer_id)
    assert job is not None and worker is not None and employer is not None
    today = now.astimezone(TZ).date()
    settle = SETTLE_NAMES.get(job.settlement or "", "完工结")
    boss_phone = job.phone or employer.phone or "没留"
    opened = check.opened_at.astimezone(TZ).date() if check.opened_at else today
    text = (f"欠薪跟进【{check.id}】：{worker.name}（电话 {worker.phone or '没留'}）说"
            f"{gig_name(session, job)}的工钱还没结。\n{cards.short(job, today)}\n"
            f"说好{settle}，{_day(check.last_day, today)}干完，{_day(opened, today)}反映，"
            f"已提醒过老板。\n老板电话：{boss_phone}\n"
            f"请帮忙联系。站里先行垫付了请回「{ADVANCED} {check.id}」；"
            "工人说结清了会自动结案。")
    replies: list[Reply] = []
    for officer_id in officers_of_place(session, gazetteer, check.region_code):
        told = dm(session, officer_id, text, kind="notice",
                  dedupe_key=f"wage-escalate:{check.id}:{officer_id}")
        replies.extend(told.replies)
        if told.reader_id is None:
            continue
        for reply in told.replies:
            assert reply.chat_id is not None
            if worker.phone:
                job_store.log_reveal(session, job_id=job.id, owner_id=worker.id or 0,
                                     shown_to_id=told.reader_id, chat_id=reply.chat_id,
                                     reason="wage_case", now=now)
            if job.phone or employer.phone:
                job_store.log_reveal(session, job_id=job.id, owner_id=employer.id or 0,
                                     shown_to_id=told.reader_id, chat_id=reply.chat_id,
                                     reason="wage_case", now=now)
    return replies


# --------------------------------------------------------------------------- officers


def may_handle(session: Session, gazetteer: Gazetteer, person: Person, code: str | None
               ) -> bool:
    """Whether ``person`` is an officer whose area holds the place (any officer when the
    place is unknown)."""
    assert person.id is not None
    regions = people.officer_regions(session, person.id)
    return any(code is None or gazetteer.contains(r, code) for r in regions)


def record_advance(session: Session, gazetteer: Gazetteer, check: WageCheck, officer: Person,
                   now: datetime, via: str = "chat", note: str = "") -> tuple[bool, str,
                                                                              list[Reply]]:
    """「已垫付」: the station paid the worker (先行垫付). (done, answer, messages to others)."""
    assert check.id is not None
    if not may_handle(session, gazetteer, officer, check.region_code):
        return False, "这个欠薪不在您负责的片区，不能记垫付。", []
    if check.status != "unpaid":
        return False, f"欠薪【{check.id}】现在是「{_state(check)}」，不用记垫付。", []
    job = session.get(Job, check.job_id)
    assert job is not None
    check.status = "advanced"
    check.closed_at = now
    check.closed_by = officer.id
    session.add(check)
    store.add_event(session, "wage", check.id, "advanced", now, by_id=officer.id, note=note,
                    via=via)
    told = dm(session, check.worker_id,
              f"{gig_name(session, job)}的工钱，零工驿站已先行垫付给您（欠薪【{check.id}】）。"
              "有疑问请找信息员。", kind="notice").replies
    return True, f"记下了：欠薪【{check.id}】站里已先行垫付，已告诉工人。", told


def _advance_command(ctx: Context) -> dict[str, Any] | bool:
    m = re.match(rf"^\s*{ADVANCED}\s*[【\[#＃]?\s*(\d+)\s*[】\]]?\s*(.*)$", ctx.message.text)
    if m is None:
        return False
    return {"case_id": int(m.group(1)), "note": m.group(2).strip()}


@router.message(_advance_command)
def advance_text(case_id: int, note: str, session: Session, person: Person, now: datetime,
                 gazetteer: Gazetteer) -> list[Reply]:
    if not people.officer_regions(session, person.id or 0):
        return [Reply("只有信息员能记垫付。")]
    check = session.get(WageCheck, case_id)
    if check is None or check.opened_at is None:
        return [Reply(f"没有编号【{case_id}】的欠薪。发「欠薪」看您片区的欠薪。")]
    _done, text, told = record_advance(session, gazetteer, check, person, now, note=note)
    return [Reply(text), *told]


def is_officer(ctx: Context) -> bool:
    return bool(people.officer_regions(ctx.session, ctx.person.id or 0))


NOT_OFFICER = "只有信息员能{action}。需要开通请找区里的信息员。"


def not_officer(ctx: Context) -> bool:
    """An officer's command from someone who is none is told so (「只有信息员能…」), never
    answered 没看明白: its routes follow the officers' own."""
    return not is_officer(ctx)


@router.message(filters.text_equals("欠薪", "欠薪列表", "欠薪情况"), is_officer)
def wage_cases(session: Session, person: Person, now: datetime, gazetteer: Gazetteer
               ) -> Reply:
    today = now.astimezone(TZ).date()
    lines = []
    for check in store.open_cases(session):
        if not may_handle(session, gazetteer, person, check.region_code):
            continue
        job = session.get(Job, check.job_id)
        worker = session.get(Person, check.worker_id)
        if job is None or worker is None:
            continue
        lines.append(f"【{check.id}】{worker.name} · {gig_name(session, job)} · "
                     f"{_day(check.last_day, today)}干完 · 到期{_day(check.due_on, today)}")
    if not lines:
        return Reply("您片区现在没有没结的欠薪。")
    return Reply("没结的欠薪：\n" + "\n".join(lines)
                 + f"\n站里垫付了回「{ADVANCED} 编号」；工人说结清了会自动结案。")


@router.message(filters.text_equals("欠薪", "欠薪列表", "欠薪情况"), not_officer)
def wage_cases_not_officer() -> str:
    return NOT_OFFICER.format(action="看欠薪")
