"""Posting: a job post becomes jobs with a confirm card; drafts, corrections, scam holds."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from bot import filters, forms
from bot.clock import TZ
from bot.config import Settings
from bot.filters import squash
from bot.message import Message, Reply
from bot.router import Context, Filter, Router
from handlers import cards, exposure, notices
from handlers import held as held_review
from handlers.matching import card_reply, dm, job_in_sight, match, refresh_cards
from handlers.reading import _CLAUSE as CLAUSE
from handlers.reading import (
    ALSO_WANTED,
    CONFIRM_WORDS,
    CORRECTION_HEAD,
    reading,
    restating,
    trade_head,
)
from nlp import Job as ParsedJob
from nlp import extract_fields, mask_phones
from nlp import parse as nlp_parse
from nlp.extract import region_default
from nlp.gazetteer import Gazetteer
from storage import corrections as learned
from storage import jobs as store
from storage import people
from storage.models import Group, Job, Person

router = Router("posting")  # new posts
answers = Router("posting.answers")  # a poster answering the bot's question about a draft
corrections = Router("posting.corrections")  # "工价200" from a poster, officers' review

CORRECTION = re.compile(
    r"^\s*(改|工价|工钱|工资|价格|人数|要\d+个|日期|时间|地点|地址|电话|联系|结算|工期)")

BAD_CORRECTION = ("没看懂要改什么。可以这样回：工价200、改成后天、人数5、地点木鱼镇；"
                  "不招了回「取消」。")
CLOSED_JOB = {"expired": "这个活已经过期了", "cancelled": "这个活已经取消了"}


def job_fields(parsed: ParsedJob) -> dict[str, Any]:
    return {name: getattr(parsed, name) for name in (*store.JOB_FIELDS, "perks")}


def region_code(gazetteer: Gazetteer, township: str | None, village: str | None) -> str | None:
    for name in (village, township):
        if name:
            place = gazetteer.by_name(name) or gazetteer.resolve(name)
            if place is not None:
                return place.code
    return None


def mask_text(text: str) -> str:
    """The text with every phone-like number masked (138 1234 5678, １３８…, 0719-3456208, and
    a mobile number given as a WeChat id too: it still reaches the person); nothing else
    changes."""
    return mask_phones(text)


# --------------------------------------------------------------------------- new posts


def _unplaced(ctx: Context, parsed: ParsedJob, text: str) -> Callable[[str | None], bool] | None:
    """For a post in a bound group that names no place of its own (it took the group's): a
    job's place it may mean — one inside the group's area (「转发一下：…」 of 八角庙村's job in
    松柏镇's group). Asked only of a job that is the same but for the place, so the post is
    read again without the group's place only then."""
    group = ctx.group
    if group is None or not group.region_code:
        return None
    home = ctx.gazetteer.by_code(group.region_code)
    if home is None or home.level == "county":
        return None
    if (parsed.township, parsed.village) != region_default(home.name, ctx.gazetteer):
        return None  # the post named a place of its own
    area = group.region_code

    @functools.cache
    def names_no_place() -> bool:  # read once, for the first candidate job that needs it
        bare = nlp_parse(forms.mandarin(text), ctx.now, ctx.gazetteer)
        return not any(job.township or job.village for job in bare.jobs)

    def inside(code: str | None) -> bool:
        return (code is not None and ctx.gazetteer.contains(area, code)
                and names_no_place())

    return inside



@router.message(reading("post"))
def job_post(ctx: Context) -> list[Reply]:
    return publish_post(ctx)


def publish_post(ctx: Context) -> list[Reply]:
    """A post decided as one: every job in it, each a card, a draft or a repeat."""
    message, session, person, group = ctx.message, ctx.session, ctx.person, ctx.group
    now, settings, gazetteer = ctx.now, ctx.settings, ctx.gazetteer
    parse = filters.parsed(ctx)
    assert person.id is not None
    # a post typed in pieces keeps them all (bot/filters.py, _fragments)
    text = ctx.cache.get("fragments") or message.as_written
    post = store.create_post(session, source_message_id=message.id, chat_id=message.chat.id,
                             poster_id=person.id, text=text, now=now)
    # The parser's one scam lexicon (fees asked of workers, click farms) names the word.
    found = parse.extra.get("scam")
    scam = found if isinstance(found, str) and found else None
    if person.phone is None:
        person.phone = next((j.phone for j in parse.jobs if j.phone and j.phone[0] == "1"), None)
        session.add(person)
    private = group is None
    replies: list[Reply] = []
    held: list[Job] = []
    # A piece of a post typed word by word may have made a draft by itself (「要个开车的」, its
    # wage asked): the whole post is that draft, completed — not a second job.
    pieces = ctx.cache.get("fragment_ids")
    drafted = store.drafts_of_messages(session, person.id, pieces) if pieces else []
    # 「后天中岭村茶园也要人 四个…」: a post naming no work that says it wants people too is
    # more of the work the poster has up (their latest live job's), not a draft asking for it.
    also = (_also_of(session, person) if len(parse.jobs) == 1
            and parse.jobs[0].work_type is None and ALSO_WANTED.search(squash(text)) else None)
    # A scam ad may name no work at all: it is still held, so the group is warned.
    for parsed in parse.jobs or ([ParsedJob()] if scam else []):
        parsed.phone = parsed.phone or person.phone  # the poster's own, when the post has none
        if also is not None and parsed.work_type is None:
            parsed.work_type = also
        fields = job_fields(parsed)
        code = region_code(gazetteer, parsed.township, parsed.village)
        # A phone an officer confirmed as a scam's (曝光台) holds the post, in every group.
        blocker = None if scam else exposure.blocked(
            session, {parsed.phone or "", person.phone or ""}, now)
        if scam or blocker is not None:
            reason = scam if blocker is None else blocker
            held.append(store.create_job(
                session, post, fields, region_code=code, status="held", now=now,
                undated_days=settings.jobs.undated_expiry_days, hold_reason=reason))
            continue
        duplicate = store.find_duplicate(
            session, store.dedupe_key(parsed.phone, parsed.work_type, parsed.start_date,
                                      person.id),
            fields, post.id, unplaced=_unplaced(ctx, parsed, text))
        piece = None if duplicate is not None else next(
            (d for d in drafted if d.work_type in (None, parsed.work_type)), None)
        if piece is not None:
            # The draft's own words read whole: what they say wins over the defaults the
            # draft took (the poster's own phone, the group's place).
            replies.extend(_complete_repeat(session, piece, fields, person, now, settings,
                                            gazetteer, private, whole=True))
            continue
        if duplicate is not None and duplicate.status == "draft":
            # The same job again while it waits: what the new post adds completes it.
            store.link_chat(session, duplicate, message.chat.id, message.id, now)
            replies.extend(_complete_repeat(session, duplicate, fields, person, now,
                                            settings, gazetteer, private))
            continue
        if duplicate is not None:
            replies.extend(_repeat(session, duplicate, message, private, now))
            continue
        job = store.new_job(post, fields, region_code=code, status="draft", now=now,
                            undated_days=settings.jobs.undated_expiry_days)
        missing = store.missing_fields(job)
        doubt = store.date_doubt(job, now.astimezone(TZ).date())
        if not (missing or doubt):
            store.open_job(job, now)  # before it is written: one INSERT, no UPDATE
        store.insert_job(session, job, post, now)
        if missing or doubt:
            replies.extend(_ask_missing(session, job, missing + (["日期"] if doubt else []),
                                        person, group, message, now))
            continue
        replies.append(card_reply(job, now, private=private, reply_to=message.id))
        replies.extend(match(session, job, gazetteer, settings, now))
    if held:
        replies.extend(_hold(session, held, message, group, gazetteer, now))
    if group is not None and person.id is not None:
        _add_reach_hint(session, person, replies, now)
    if not replies:
        return [Reply("没从这条招工里读出活来。请写清工种、人数、工钱和地点，比如"
                      "「明天要3个搬运工，150一天，木鱼镇青天村，电话138…」")]
    return replies



def _also_of(session: Session, person: Person) -> str | None:
    """The work of the poster's latest live job that names one (none for someone with no
    job up: 「我们那边也要人」 from anyone else names no work)."""
    assert person.id is not None
    typed = [j for j in store.live_jobs_of(session, person.id)
             if j.work_type is not None and j.status != "held"]
    works = {j.work_type for j in typed}
    # jobs of more than one work up: which one is meant is asked, not guessed
    return typed[-1].work_type if len(works) == 1 else None


def _add_reach_hint(session: Session, person: Person, replies: list[Reply], now: datetime
                    ) -> None:
    """A poster the bot cannot reach privately learns, once, under the first card, how to
    hear who signed up."""
    assert person.id is not None
    first = next((i for i, r in enumerate(replies) if r.kind == "card" and r.chat_id is None
                  and not r.edit), None)
    if first is None or people.private_chats_of(session, [person.id]) or not (
            store.add_pending_once(session, person.id, "reach_hint", now)):
        return
    card = replies[first]
    replies[first] = replace(card, text=card.text + "\n" + REACH_HINT.format(name=person.name))


REACH_HINT = ("{name}，有人报名我会私信告诉您名字和电话：请先私聊我发一句「你好」。"
              "也可以在群里发「我的招工」看谁报了名。")


REPEAT_FIELDS = ("work_type", "township", "village", "wage_min", "wage_max", "wage_unit",
                 "headcount", "start_date", "phone")


def _complete_repeat(session: Session, job: Job, fields: dict[str, Any], person: Person,
                     now: datetime, settings: Settings, gazetteer: Gazetteer, private: bool,
                     whole: bool = False) -> list[Reply]:
    """A draft posted again with its missing part: the draft takes it and goes out. ``whole``:
    the post is the draft's own words read whole (typed in pieces), and what it says wins."""
    for name in store.JOB_FIELDS if whole else REPEAT_FIELDS:
        if (whole or getattr(job, name) is None) and fields.get(name) is not None:
            setattr(job, name, fields[name])
    if whole and fields.get("perks"):
        job.perks = "|".join(sorted(str(p) for p in fields["perks"]))
    if whole or not job.region_code:
        job.region_code = region_code(gazetteer, job.township, job.village)
    job.dedupe_key = store.dedupe_key(job.phone, job.work_type, job.start_date, job.poster_id)
    session.add(job)
    session.flush()
    return _finish_draft(session, job, person, now, settings, gazetteer, private)


def _repeat(session: Session, job: Job, message: Message, private: bool, now: datetime
            ) -> list[Reply]:
    """The same job posted again (same phone, work type and date): link it, do not copy it."""
    new_here = store.link_chat(session, job, message.chat.id, message.id, now)
    note = ("这个活已经在别处发过，是同一个活，在哪报名都算。" if new_here
            else "这条招工已经登记过了，不用重复发。")
    return [Reply(note, reply_to=message.id),
            card_reply(job, now, private=private, edit=True)]


def _ask_missing(session: Session, job: Job, missing: list[str], person: Person,
                 group: Group | None, message: Message, now: datetime) -> list[Reply]:
    """Ask the poster once, privately, for just what is missing (or to confirm a day that
    is gone or far away)."""
    assert job.id is not None and person.id is not None
    today = now.astimezone(TZ).date()
    store.add_pending(session, person.id, "missing_fields", job.id, now, {"fields": missing})
    gaps = [m for m in missing if m != "日期"]
    what = "、".join(gaps) if gaps else "核对日期"
    lack = f"还缺{what}" if gaps else "日期要核对"
    if group is None:
        return [Reply(cards.missing_question(job, missing, "", today), kind="ask",
                      job_id=job.id)]
    asked = dm(session, person.id,
               cards.missing_question(job, missing, f"在「{group.title}」", today),
               kind="ask", job_id=job.id)
    if asked.replies:
        return [Reply(f"收到招工，{lack}，已私信问发布人，核实后发出。",
                      reply_to=message.id), *asked.replies]
    # No private chat with the poster yet: ask under the post, once.
    question = cards.missing_question(job, missing, "", today).replace("您发的招工", "这条招工")
    return [Reply(f"{person.name}，{question}（回复本条就行）",
                  reply_to=message.id, kind="card", job_id=job.id)]


def _hold(session: Session, held: list[Job], message: Message, group: Group | None,
          gazetteer: Gazetteer, now: datetime) -> list[Reply]:
    """A post that asks workers for money: keep it from workers, warn, tell the officers."""
    word = held[0].hold_reason or ""
    warning = ("正规招工不收钱，大家先别交钱、别垫付。" if group is not None else
               "正规招工不向工人收钱。没有这项收费的话，请把这几个字去掉再发一次。")
    text = f"⚠️ 这条招工提到「{word}」，已交信息员审核，暂不推送。\n" + warning
    poster = session.get(Person, held[0].poster_id)
    assert poster is not None and poster.id is not None
    told: list[Reply] = []
    if held_review.is_blocked(held[0]):
        # Why stays with the officer: the entry naming the phone may still be under appeal.
        text = "这条招工要等信息员核实后才能发出，暂不推送，核实完会告诉您。"
        if group is not None:
            # The group hears that it waits; the poster, privately where he can be reached,
            # that he will be told (「您」 said to a group speaks to everyone in it)
            told = dm(session, poster.id, f"您在「{group.title}」发的{text.removeprefix('这条')}",
                      job_id=held[0].id).replies
            if told:
                text = "这条招工要等信息员核实后才能发出，暂不推送。"
    replies = [Reply(text, reply_to=message.id,
                     kind="card", job_id=held[0].id, card_key=f"card:{held[0].id}"), *told]
    # Who reviews it, and what happens when nobody can: handlers/held.py (officers' side).
    replies.extend(held_review.announce_held(session, gazetteer, held, group, poster, message.id))
    return replies


# --------------------------------------------------------------------------- corrections


def apply_correction(session: Session, job: Job, text: str, person: Person, now: datetime,
                     settings: Settings, gazetteer: Gazetteer, private: bool,
                     found: dict[str, Any] | None = None) -> list[Reply]:
    """The poster fixes a field in plain words (``found``: the fields, when a filter already
    read them); the cards follow, a finished draft opens."""
    assert job.id is not None
    if job.status in CLOSED_JOB:
        return [Reply(f"{CLOSED_JOB[job.status]}，改不了。还要招人请重新发一条。")]
    found = dict(extract_fields(text, now, gazetteer) if found is None else found)
    confirm_date = squash(text) in CONFIRM_WORDS
    if not found and not (confirm_date and job.status == "draft"):
        return [Reply(BAD_CORRECTION)]
    mixed = _mixed(text, found)
    refused: str | None
    if mixed is not None:  # what the named field says is refused first, with its own reason
        refused = _refuse({k: v for k, v in found.items() if k in mixed[0]}, now, job) or mixed[1]
    else:
        refused = _refuse(found, now, job)
    day = found.get("start_date")
    if (refused is None and isinstance(day, date) and not _YEAR_SAID.search(text)
            and (day - now.astimezone(TZ).date()).days > store.FAR_DAYS):
        # 「改到8月2号」 on 8月4日 reads as next year's: a day just gone, not one a year away
        refused = (f"{day.month}月{day.day}日已经过去了；要是说明年的这一天，"
                   f"请写「{day.year}年{day.month}月{day.day}日」")
    if refused:
        return [Reply(refused + "，这条没改。")]
    # Only what really changes counts: the same correction twice tells nobody again.
    found = {k: v for k, v in found.items() if _differs(job, k, v)}
    if not found and job.status != "draft":
        if not said_as_correction(text):
            # Talk under one's own card that holds a value the job already has (「今天客人
            # 真多」 on today's job), read from its fields alone: it asked for no change, so
            # nothing is said; 「信息没有变化」 answers a correction said as one.
            return []
        return [Reply("信息没有变化，不用改：" + cards.short(job, now.astimezone(TZ).date()))]
    before = learned.snapshot(job)
    was = cards.group_facts(job)  # what the groups read on the card, for a night's 改动 note
    changed: list[str] = []
    if "headcount" in found:
        count = found.pop("headcount")
        if not isinstance(count, int) or count < 1:
            return [Reply("人数要写成几个人，比如「人数5」。")]
        if count < job.confirmed:
            return [Reply(f"已经有{job.confirmed}人报名了，人数不能少于{job.confirmed}。"
                          "要退掉报名的人，请先和他们说好。")]
        store.set_headcount(session, job, count, now)
        changed.append("headcount")
    for name, value in found.items():
        if name == "perks":
            job.perks = "|".join(sorted(str(p) for p in value)) if isinstance(value, list) else ""
        elif name in store.JOB_FIELDS:
            setattr(job, name, value)
        else:
            continue
        changed.append(name)
    if "township" in found or "village" in found:
        job.region_code = region_code(gazetteer, job.township, job.village)
    if "start_date" in found or ("duration_days" in found and job.start_date is not None):
        job.expires_at = store.expiry_for(job.start_date, now, settings.jobs.undated_expiry_days,
                                          job.duration_days)
        job.asked_still_hiring = False
    job.dedupe_key = store.dedupe_key(job.phone, job.work_type, job.start_date, job.poster_id)
    session.add(job)
    session.flush()
    learned.record(session, job, before, changed, text, person, now)
    if job.status == "draft":
        return _finish_draft(session, job, person, now, settings, gazetteer, private,
                             confirm_date=confirm_date or "start_date" in found)
    replies = [Reply(cards.changed_text(changed) + "\n" + cards.short(job, now.date()))]
    replies.extend(refresh_cards(session, job, now, settings=settings))
    replies.extend(notices.group_changed(session, job, was, now, settings))
    # Whoever moved up (a raised headcount) hears 报名成功, not 有变动.
    moved = store.take_promoted(session)
    promoted = [r for c in moved for r in notices.promoted(session, job, c, now, settings)]
    newly = {c.id for c in moved}
    for claim in store.claims_of_job(session, job.id, "confirmed"):
        if claim.id in newly or not changed:
            continue
        replies.extend(notices.job_changed(session, job, claim, now, settings, changed))
    return replies + promoted


_YEAR_SAID = re.compile(r"\d{4}\s*年|明年|后年")
MAX_HEADCOUNT = 500
MAX_DAY_WAGE = 5000


HEAD_FIELDS = (
    (("人数",), {"headcount"}, "人数5"),
    (("工价", "工钱", "工资", "价格"), {"wage_min", "wage_max", "wage_unit", "settlement"},
     "工价200"),
    (("日期", "时间"), {"start_date", "start_time", "end_time", "duration_days"}, "日期后天"),
    (("地点", "地址"), {"township", "village"}, "地点木鱼镇青天村"),
)


def _mixed(text: str, found: dict[str, Any]) -> tuple[set[str], str] | None:
    """「人数五千」: one short correction that names one field but reads as another too (here
    a headcount and a wage) is not understood; nothing changes and the poster is shown how."""
    stripped = text.strip()
    if len([c for c in re.split(r"[\s,，。;；、]+", stripped) if c]) != 1 or "改" in stripped:
        return None
    for heads, names, example in HEAD_FIELDS:
        if stripped.startswith(heads):
            if set(found) - names:
                return names, f"「{stripped}」没看明白，要改{heads[0]}请写成「{example}」这样"
            return None
    return None


def _refuse(found: dict[str, Any], now: datetime, job: Job) -> str | None:
    """Why a correction cannot be taken (it would corrupt the job), or None."""
    if "township" in found or "village" in found:
        if not found.get("township") and not found.get("village"):
            return "没找到这个地点，地点要写本县的乡镇或村，比如「地点木鱼镇青天村」"
    count = found.get("headcount")
    if isinstance(count, int) and count > MAX_HEADCOUNT:
        return f"人数{count}太多了，请写实际要的人数"
    if "headcount" in found and (not isinstance(count, int) or count < 1):
        return "人数要写成几个人，比如「人数5」"
    wage = found.get("wage_min")
    if "wage_min" in found and (not isinstance(wage, int | float) or wage <= 0):
        return "工价要大于0，比如「工价200」"
    unit = found.get("wage_unit") or job.wage_unit
    if isinstance(wage, int | float) and unit in (None, "day") and wage > MAX_DAY_WAGE:
        return f"一天{cards.money(float(wage))}元不像真的工价，请再看看"
    day = found.get("start_date")
    if isinstance(day, date) and day < now.astimezone(TZ).date():
        return f"{day.month}月{day.day}日已经过去了，日期要写今天或以后"
    return None


def _differs(job: Job, name: str, value: Any) -> bool:
    if name == "perks":
        return "|".join(sorted(str(p) for p in value or [])) != (job.perks or "")
    return name not in store.JOB_FIELDS or getattr(job, name) != value


def _finish_draft(session: Session, job: Job, person: Person, now: datetime, settings: Settings,
                  gazetteer: Gazetteer, private: bool, confirm_date: bool = False
                  ) -> list[Reply]:
    assert job.id is not None
    missing = store.missing_fields(job)
    if missing:
        return [Reply(f"记下了，还缺{'、'.join(missing)}，补上就发出去。",
                      kind="ask", job_id=job.id)]
    today = now.astimezone(TZ).date()
    doubt = store.date_doubt(job, today)
    if doubt == "past" or (doubt == "far" and not confirm_date):
        return [Reply(cards.date_question(job, today), kind="ask", job_id=job.id)]
    store.open_job(job, now)
    session.add(job)
    store.close_pending(session, job.id, "missing_fields")
    replies = [Reply("好了，招工已发出：\n" + cards.short(job, now.astimezone(TZ).date()),
                     kind="reply", job_id=job.id)]
    replies.extend(refresh_cards(session, job, now, settings=settings))
    replies.extend(match(session, job, gazetteer, settings, now))
    return replies


@answers.message(reading("answer"))
def draft_answer(job: Job, found: dict[str, Any], text: str, session: Session, person: Person,
                 now: datetime, settings: Settings, gazetteer: Gazetteer, message: Message
                 ) -> list[Reply]:
    """A value of the asked type for the poster's waiting draft."""
    return apply_correction(session, job, text, person, now, settings, gazetteer,
                            message.chat.is_private, found)


@answers.message(reading("drop"))
def drop_draft(job: Job, session: Session, now: datetime, settings: Settings) -> list[Reply]:
    """「算了」「不招了」 while a draft waits: the draft ends, nothing is published."""
    assert job.id is not None
    job.status = "cancelled"
    session.add(job)
    store.close_pending(session, job.id)
    replies = [Reply("好，这条招工不发了：" + cards.short(job, now.astimezone(TZ).date()))]
    replies.extend(refresh_cards(session, job, now, settings=settings))
    return replies


@corrections.message(reading("correction"))
def correction(job: Job, text: str, session: Session, person: Person, now: datetime,
               settings: Settings, gazetteer: Gazetteer, message: Message,
               found: dict[str, Any]) -> list[Reply]:
    return apply_correction(session, job, text, person, now, settings, gazetteer,
                            message.chat.is_private, found)


def said_as_correction(text: str) -> bool:
    """A correction word heads a clause (「改成今天」「工价150」「不是明天 是今天」) or a value is
    said again (「说错了 是今天」)."""
    return restating(text) or trade_head(text) is not None or any(
        CORRECTION_HEAD.match(clause) or clause.startswith("不是")
        for clause in CLAUSE.split(text.strip()))


# --------------------------------------------------------------------------- cancel by poster


def cancel_job(session: Session, job: Job, now: datetime, settings: Settings) -> list[Reply]:
    """The poster takes the job down: cards say so, everyone who claimed is told."""
    assert job.id is not None
    if job.status in CLOSED_JOB:
        return [Reply(f"{CLOSED_JOB[job.status]}，不用再取消。")]
    locked = store.lock_job(session, job.id)
    assert locked is not None
    locked.status = "cancelled"
    session.add(locked)
    store.close_pending(session, job.id)
    replies = [Reply("已撤下：" + cards.short(locked, now.astimezone(TZ).date()))]
    replies.extend(refresh_cards(session, locked, now, settings=settings))
    for claim in store.claims_of_job(session, job.id):
        if claim.status in store.ACTIVE_CLAIM:
            replies.extend(dm(session, claim.person_id,
                              "老板取消了这个活，不用去了：\n" + cards.short(locked, now.date()),
                              kind="notice", job_id=job.id).replies)
            claim.status = "cancelled"  # the job is gone, so is every place in it
            claim.updated_at = now
            session.add(claim)
    session.flush()
    return replies


# --------------------------------------------------------------------------- officer review


def officer_of_job(session: Session, gazetteer: Gazetteer, person: Person, job: Job) -> bool:
    """Whether ``person`` is an officer for the job's place (any officer, for a job with no
    place)."""
    assert person.id is not None
    for code in people.officer_regions(session, person.id):
        if job.region_code is None or gazetteer.contains(code, job.region_code):
            return True
    return False


def review(session: Session, job: Job, person: Person, approve: bool, now: datetime,
           settings: Settings, gazetteer: Gazetteer) -> list[Reply]:
    if job.status != "held":
        return [Reply("这条招工已经处理过了。")]
    if not officer_of_job(session, gazetteer, person, job):
        return [Reply("只有负责这个片区的信息员能处理扣下的招工。")]
    if not approve:
        job.status = "cancelled"
        session.add(job)
        # The 驳回 is an officer's word that this was a scam: it goes on the 曝光台 (the poster
        # hears first and may 申诉) and its phone holds new posts (handlers/exposure.py).
        entered, told = exposure.on_rejected(session, gazetteer, settings, job, person, now)
        told_poster = ("已私下告诉发布人，可以申诉" if told
                       else "发布人私聊联系不上，没法先告诉他")
        note = (f"会登上曝光台（{told_poster}）；发「曝光台」看您片区的。" if entered else "")
        return [Reply("已驳回，这条招工不会推送。" + note),
                *held_review.review_told(session, job, person, False, now), *told]
    job.hold_reason = None
    job.exposure_id = None  # released: no longer held for the 曝光台 entry either
    missing = store.missing_fields(job)
    if missing:
        job.status = "draft"
        session.add(job)
        return [Reply(f"已放行，但还缺{'、'.join(missing)}，发布人补全后才发出。"),
                *held_review.review_told(session, job, person, True, now)]
    store.open_job(job, now)
    session.add(job)
    replies = [Reply("已放行：" + cards.short(job, now.astimezone(TZ).date()))]
    replies.extend(held_review.review_told(session, job, person, True, now))
    replies.extend(refresh_cards(session, job, now, settings=settings))
    replies.extend(match(session, job, gazetteer, settings, now))
    return replies


def _review_target(approve: bool) -> Filter:
    words = (cards.RELEASE_LABEL,) if approve else (cards.REJECT_LABEL,)
    pattern = re.compile(rf"^\s*{words[0]}\s*#?(\d+)?\s*$")

    def flt(ctx: Context) -> dict[str, Any] | bool:
        m = pattern.match(ctx.message.text)
        if m is None:
            return False
        if m.group(1):
            job = ctx.session.get(Job, int(m.group(1)))
        else:
            chat = ctx.message.chat
            job = job_in_sight(ctx.session, chat.id, chat.is_private, ctx.message.reply_to)
        return {"job": job}

    return flt


@corrections.message(_review_target(True))
def release_text(job: Job | None, session: Session, person: Person, now: datetime,
                 settings: Settings, gazetteer: Gazetteer) -> list[Reply]:
    if job is None:
        return [Reply("要放行哪条？请点招工提醒下的「放行」，或发「放行 编号」。")]
    return review(session, job, person, True, now, settings, gazetteer)


@corrections.message(_review_target(False))
def reject_text(job: Job | None, session: Session, person: Person, now: datetime,
                settings: Settings, gazetteer: Gazetteer) -> list[Reply]:
    if job is None:
        return [Reply("要驳回哪条？请点招工提醒下的「驳回」，或发「驳回 编号」。")]
    return review(session, job, person, False, now, settings, gazetteer)


def _review_button(ctx: Context) -> dict[str, Any] | bool:
    """[放行] (``release:ID``) or [驳回] (``reject:ID``) under a held post."""
    head, _, arg = (ctx.message.button_data or "").partition(":")
    if head not in ("release", "reject"):
        return False
    return {"approve": head == "release", "arg": arg}


@corrections.button(_review_button)
def review_button(approve: bool, arg: str, session: Session, person: Person, now: datetime,
                  settings: Settings, gazetteer: Gazetteer) -> list[Reply]:
    job = session.get(Job, int(arg)) if arg.isdigit() else None
    if job is None:
        return [Reply("找不到这条招工了。")]
    return review(session, job, person, approve, now, settings, gazetteer)
