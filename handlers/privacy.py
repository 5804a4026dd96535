"""A person's own data, privately: 「我的信息」 shows it, 「导出我的信息」 sends all of it,
「删除我的信息」 erases it (after one question with a button). Also the one-line consent note on
first claiming or subscribing, and the scheduled forgetting of old messages and reveals.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from bot import filters
from bot.clock import TZ, local
from bot.config import Settings
from bot.dispatcher import queue_reply
from bot.message import Button, Message, Reply
from bot.router import Context, Filter, Router
from bot.scheduler import TaskContext
from handlers import aftercare as aftercare_handlers
from handlers import cards, records
from handlers import claims as claim_handlers
from handlers import link as link_handlers
from handlers import officers as officer_handlers
from handlers import posting as post_handlers
from handlers import subscribe as subscribe_handlers
from handlers.matching import dm
from nlp.gazetteer import Gazetteer
from nlp.normalize import normalize
from storage import aftercare as wage_store
from storage import jobs as store
from storage import outbox, people, privacy
from storage.db import transaction
from storage.models import Group, Job, Officer, Pending, Person, Subscription

router = Router("privacy")

SHOW_WORDS = ("我的信息", "我的资料", "我的个人信息", "查看我的信息", "我的数据", "我的资讯",
              "看我的信息", "个人信息")
EXPORT_WORDS = ("导出我的信息", "导出我的资料", "导出我的数据", "下载我的信息", "导出信息",
                "导出我的资讯")
ERASE_WORDS = ("删除我的信息", "删除我的资料", "删除我的数据", "删除我的个人信息", "删掉我的信息",
               "删除我的资讯", "注销账号", "注销我的账号", "注销我的信息")
CONFIRM_WORDS = ("确认删除", "确定删除", "确认", "确定", "删吧", "删除吧", "确认删")
KEEP_WORDS = ("不删了", "不删", "不要删", "别删", "算了", "取消", "不用了", "先不删", "不删除")
CONFIRM_LABEL = "确认删除"
KEEP_LABEL = "不删了"
KIND = "erase"
ERASE_TTL = timedelta(minutes=10)
REVEALS_SHOWN = 10

IN_GROUP = "个人信息只在私聊里看和删：请私聊我发「我的信息」「导出我的信息」或「删除我的信息」。"
CONSENT = "提示：您报上名的活，老板会看到您的名字和电话。想看或删除我存的您的信息，发「我的信息」。"
NO_QUESTION = "要删除您的信息，请先发「删除我的信息」。"
EXPIRED = "删除的确认已过期（10分钟内有效），什么都没删。要删除请重新发「删除我的信息」。"
KEPT = "好的，不删了，您的信息都还在。"
FAREWELL = ("已删除。您的名字、电话、账号、订阅和发给我的消息都清掉了{done}。以前的报名和招工只留下"
            "不带名字的次数，用于统计。删除不能恢复；以后再找我，就当是新用户。")
CLAIM_STATES = {"confirmed": "已报上", "waitlisted": "候补", "cancelled": "已取消",
                "no_show": "记了没来"}
JOB_STATES = {"draft": "待补全", "held": "待核实", "open": "在招", "filled": "已招满",
              "expired": "已过期", "cancelled": "已撤下"}


def said(ctx: Context) -> str:
    """The message as a short command: Simplified, without spaces or punctuation."""
    found = ctx.cache.get("privacy.said")
    if found is None:
        found = ctx.cache["privacy.said"] = filters.squash(normalize(ctx.message.text))
    return str(found)


def words(*choices: str) -> Filter:
    wanted = {filters.squash(normalize(w)) for w in choices}

    def flt(ctx: Context) -> bool:
        return said(ctx) in wanted

    return flt


# --------------------------------------------------------------------------- consent


def consent_note(session: Session, person: Person, now: datetime) -> str:
    """The first time someone claims or subscribes: a line on who sees their phone, to end
    the message they read privately ("" after that, and until they can be written to)."""
    if person.privacy_told_at is not None or person.id is None:
        return ""
    if not people.private_chats(session, person.id):
        return ""
    person.privacy_told_at = now
    session.add(person)
    return "\n" + CONSENT


# --------------------------------------------------------------------------- seeing it


@router.message(filters.in_group, words(*SHOW_WORDS, *EXPORT_WORDS, *ERASE_WORDS))
def in_group() -> Reply:
    return Reply(IN_GROUP)


@router.message(filters.private, words(*SHOW_WORDS))
def show(session: Session, person: Person, now: datetime, gazetteer: Gazetteer,
         settings: Settings) -> Reply:
    assert person.id is not None
    kept = privacy.kept_about(session, person.id)
    today = now.astimezone(TZ).date()
    lines = ["零工驿站存着的您的信息：", f"· 名字：{kept.person.name}"]
    lines.append(f"· 电话：{kept.person.phone}（只在您报上名后私下告诉老板）"
                 if kept.person.phone else "· 电话：没留")
    platforms = [_platform(i.id) for i in kept.identities]
    lines.append(f"· 账号：{'、'.join(platforms) or '无'}")
    if kept.subscriptions:
        lines.append("· 订阅：" + "；".join(_describe(s, gazetteer) for s in kept.subscriptions))
    else:
        lines.append("· 订阅：没有")
    active = [(c, j) for c, j in kept.claims
              if c.status in store.ACTIVE_CLAIM and j.status in privacy.LIVE]
    line = f"· 报名：共{len(kept.claims)}次"
    if active:
        line += "，正在报的：" + "；".join(cards.short(j, today) for _, j in active)
    lines.append(line)
    jobs = [j for _, js in kept.posts for j in js]
    live = sum(1 for j in jobs if j.status in privacy.LIVE)
    lines.append(f"· 发的招工：{len(kept.posts)}条" + (f"（在招{live}个）" if live else ""))
    if kept.roles:
        lines.append("· 信息员：" + "、".join(_place(gazetteer, r.region_code)
                                            for r in kept.roles))
    if kept.reveals:
        lines.append(f"· 谁看过您的电话（{len(kept.reveals)}次）：")
        for reveal, name, job in kept.reveals[-REVEALS_SHOWN:]:
            lines.append(f"  {_when(reveal.created_at)} {name}（{_why(person.id, job, today)}）")
        if len(kept.reveals) > REVEALS_SHOWN:
            lines.append(f"  ……更早的{len(kept.reveals) - REVEALS_SHOWN}次在导出的文件里")
    else:
        lines.append("· 谁看过您的电话：没有人")
    lines += records.kept_lines(session, person.id)  # after the gig: wages, ratings, 投诉
    lines.append(f"· 您发给我的消息：{len(kept.messages)}条（文字保存"
                 f"{settings.privacy.keep_messages_days}天，之后只留条数）")
    lines.append("发「导出我的信息」拿到全部内容；发「删除我的信息」全部删除。")
    return Reply("\n".join(lines))


def _describe(sub: Subscription, gazetteer: Gazetteer) -> str:
    return subscribe_handlers.describe(sub, gazetteer)


def _place(gazetteer: Gazetteer, code: str | None) -> str:
    place = gazetteer.by_code(code) if code else None
    return officer_handlers.full_name(gazetteer, place) if place else (code or "未登记")


def _platform(identity_id: str) -> str:
    platform = identity_id.split(":", 1)[0]
    return link_handlers.PLATFORM_NAMES.get(platform, platform)


def _when(when: datetime) -> str:
    t = local(when)
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"


def _why(person_id: int, job: Job | None, today: date) -> str:
    if job is None:
        return "查看报名时"
    what = cards.short(job, today)
    if job.poster_id == person_id:
        return f"报名了您的招工：{what}"
    return f"您报名了他的招工：{what}"


@router.message(filters.private, words(*EXPORT_WORDS))
def export(session: Session, person: Person, now: datetime, gazetteer: Gazetteer,
           settings: Settings) -> list[Reply]:
    assert person.id is not None
    day = now.astimezone(TZ).date()
    return [
        Reply("这是零工驿站存着的您的全部信息，请自己收好，别转给别人。"),
        Reply(export_text(session, person.id, now, gazetteer, settings), kind="notice",
              attachment=f"零工驿站-我的信息-{day:%Y%m%d}.txt"),
    ]


def export_text(session: Session, person_id: int, now: datetime, gazetteer: Gazetteer,
                settings: Settings) -> str:
    """Everything lingong keeps about the person, in plain words (the file's content)."""
    kept = privacy.kept_about(session, person_id)
    person = kept.person
    today = now.astimezone(TZ).date()
    out = [f"零工驿站 · 我的信息（{_when(now)}导出）", "", "【基本】", f"名字：{person.name}",
           f"电话：{person.phone or '没留'}",
           f"家在：{_place(gazetteer, person.region_code) if person.region_code else '没登记'}",
           f"第一次来：{_when(person.created_at)}", f"记了没来上工：{person.no_shows}次"]
    if person.managed_by is not None:
        officer = session.get(Person, person.managed_by)
        out.append(f"代管的信息员：{officer.name if officer else '无'}")
    out += ["", "【账号】"]
    out += [f"{_platform(i.id)}：{i.id.split(':', 1)[1]}"
            f"（名字 {i.display_name or '无'}）" for i in kept.identities] or ["无"]
    out += ["", "【订阅】"]
    out += [f"{n}. {_describe(s, gazetteer)}" for n, s in enumerate(kept.subscriptions, 1)] \
        or ["没有"]
    out += ["", f"【报名】共{len(kept.claims)}次"]
    out += [f"{_when(c.created_at)} {cards.short(j, today)}（{c.count}人，"
            f"{CLAIM_STATES.get(c.status, c.status)}）" for c, j in kept.claims]
    out += ["", f"【发的招工】共{len(kept.posts)}条"]
    for post, jobs in kept.posts:
        out.append(f"{_when(post.created_at)} {_chat_name(session, post.chat_id)}："
                   f"{post.text or '（文字已按保存期限清除）'}")
        out += [f"  → {cards.short(j, today)}（{JOB_STATES.get(j.status, j.status)}）"
                for j in jobs]
    if kept.roles:
        out += ["", "【信息员】"]
        out += [f"{_place(gazetteer, r.region_code)}（{_when(r.created_at)}起）"
                for r in kept.roles]
    out += ["", f"【谁看过您的电话】共{len(kept.reveals)}次"]
    out += [f"{_when(r.created_at)} {name}（{_why(person_id, job, today)}）"
            for r, name, job in kept.reveals]
    out += records.export_lines(session, person_id)  # after the gig
    out += ["", f"【您发给我的消息】共{len(kept.messages)}条（文字保存"
            f"{settings.privacy.keep_messages_days}天，之后只留条数）"]
    for m in kept.messages:
        what = m.text or (f"（按钮 {m.button_data}）" if m.button_data else "（文字已清除）")
        out.append(f"{_when(m.received_at)} {_chat_name(session, m.chat_id)}：{what}")
    return "\n".join(out)


def _chat_name(session: Session, chat_id: str) -> str:
    group = session.get(Group, chat_id)
    return f"在「{group.title}」" if group is not None and group.title else "私聊"


# --------------------------------------------------------------------------- erasing it


@router.message(filters.private, words(*ERASE_WORDS))
def ask_erase(session: Session, person: Person, now: datetime, gazetteer: Gazetteer) -> Reply:
    """One question, with a button; nothing changes until it is answered."""
    assert person.id is not None
    for row in session.exec(select(Pending).where(Pending.person_id == person.id,
                                                  Pending.kind == KIND,
                                                  col(Pending.closed).is_(False))):
        row.closed = True
        session.add(row)
    pending = store.add_pending(session, person.id, KIND, None, now)
    active = [c for c in store.active_claims_of(session, person.id)
              if (j := session.get(Job, c.job_id)) is not None and j.status in privacy.LIVE]
    live = _live_jobs(session, person.id)
    roles = list(session.exec(select(Officer).where(Officer.person_id == person.id)))
    lines = ["删除后不能恢复：", "· 名字、电话、账号、订阅和您发给我的消息都会清掉"]
    if active:
        lines.append(f"· 正在报名的{len(active)}个活会替您取消，老板会收到通知")
    if live:
        lines.append(f"· 您在招的{len(live)}个活会撤下，报了名的人会收到通知")
    if roles:
        lines.append("· 您的信息员身份（" + "、".join(_place(gazetteer, r.region_code)
                                                  for r in roles) + "）会结束")
    lines.append("以前的报名和招工只留下不带名字的次数，用于统计。想先留一份，发「导出我的信息」。")
    lines.append(f"确定删除吗？10分钟内回「{CONFIRM_LABEL}」或「{KEEP_LABEL}」。")
    return Reply("\n".join(lines), buttons=(Button(CONFIRM_LABEL, f"erase:{pending.id}"),
                                            Button(KEEP_LABEL, f"keep:{pending.id}")))


def _live_jobs(session: Session, person_id: int) -> list[Job]:
    return list(session.exec(select(Job).where(Job.poster_id == person_id,
                                               col(Job.status).in_(privacy.LIVE))
                             .order_by(col(Job.id))))


def _latest_question(session: Session, person_id: int) -> Pending | None:
    return session.exec(select(Pending).where(Pending.person_id == person_id,
                                              col(Pending.closed).is_(False))
                        .order_by(col(Pending.id).desc()).limit(1)).first()


def _erase_answer(ctx: Context) -> dict[str, Any] | bool:
    """「确认删除」 or 「不删了」 while the erase question is the person's latest one; anything
    else is handled as itself and the question stays."""
    confirm = said(ctx) in _CONFIRM
    if not (confirm or said(ctx) in _KEEP) or ctx.person.id is None:
        return False
    pending = _latest_question(ctx.session, ctx.person.id)
    if pending is None or pending.kind != KIND:
        return False
    if not confirm and ctx.now - pending.created_at > ERASE_TTL:
        return False  # an old question no longer takes 「取消」: it is the usual command again
    return {"pending": pending, "confirm": confirm}


_CONFIRM = {filters.squash(normalize(w)) for w in CONFIRM_WORDS}
_KEEP = {filters.squash(normalize(w)) for w in KEEP_WORDS}


@router.message(filters.private, _erase_answer)
def erase_answer(pending: Pending, confirm: bool, session: Session, person: Person,
                 message: Message, now: datetime, settings: Settings, gazetteer: Gazetteer
                 ) -> list[Reply]:
    return _answer(session, pending, confirm, person, message, now, settings, gazetteer)


@router.message(filters.private, words("确认删除", "确定删除"))
def confirm_without_question() -> Reply:
    return Reply(NO_QUESTION)


@router.button(filters.button("erase"))
def erase_button(arg: str, session: Session, person: Person, message: Message, now: datetime,
                 settings: Settings, gazetteer: Gazetteer) -> list[Reply]:
    return _pressed(arg, True, session, person, message, now, settings, gazetteer)


@router.button(filters.button("keep"))
def keep_button(arg: str, session: Session, person: Person, message: Message, now: datetime,
                settings: Settings, gazetteer: Gazetteer) -> list[Reply]:
    return _pressed(arg, False, session, person, message, now, settings, gazetteer)


def _pressed(arg: str, confirm: bool, session: Session, person: Person, message: Message,
             now: datetime, settings: Settings, gazetteer: Gazetteer) -> list[Reply]:
    pending = session.get(Pending, int(arg)) if arg.isdigit() else None
    if pending is None or pending.kind != KIND or pending.person_id != person.id:
        return [Reply(NO_QUESTION)]
    if pending.closed:
        return [Reply("这个确认已经用过了。要删除请重新发「删除我的信息」。")]
    return _answer(session, pending, confirm, person, message, now, settings, gazetteer)


def _answer(session: Session, pending: Pending, confirm: bool, person: Person,
            message: Message, now: datetime, settings: Settings, gazetteer: Gazetteer
            ) -> list[Reply]:
    pending.closed = True
    session.add(pending)
    if not confirm:
        return [Reply(KEPT)]
    if now - pending.created_at > ERASE_TTL:
        return [Reply(EXPIRED)]
    return erase(session, person, message, now, settings, gazetteer)


def erase(session: Session, person: Person, message: Message, now: datetime,
          settings: Settings, gazetteer: Gazetteer) -> list[Reply]:
    """Release what others count on, telling them; then erase; then say goodbye.

    The notes to others are queued here, before the erasure, which replaces the person's name
    and phone in them as everywhere; the goodbye after it, so it is the one row that still knows
    their chat (until it is sent: ``outbox.FAREWELL``). Nothing is returned for the dispatcher
    to queue (its rows would carry their chat and message ids).
    """
    assert person.id is not None
    who = privacy.who(session, person.id)
    notes: list[Reply] = []
    done: list[str] = []
    withdrawn = 0
    for claim in store.active_claims_of(session, person.id):
        job = session.get(Job, claim.job_id)
        if job is not None and job.status in privacy.LIVE:
            notes += claim_handlers.do_withdraw(session, job, person, now, settings, gazetteer)
            withdrawn += 1
    if withdrawn:
        done.append(f"正在报名的{withdrawn}个活已替您取消")
    live = _live_jobs(session, person.id)
    for job in live:
        notes += post_handlers.cancel_job(session, job, now, settings)
    if live:
        done.append(f"在招的{len(live)}个活已撤下")
    notes += _close_wage_cases(session, person.id, now, gazetteer)
    ended, told = _end_roles(session, person, gazetteer)
    notes += told
    if ended:
        done.append("信息员身份已结束")
    for note in notes:
        if note.chat_id is not None and note.chat_id not in who.chats:
            queue_reply(session, note, None, now)
    privacy.erase_person(session, who)
    text = FAREWELL.format(done="；" + "，".join(done) if done else "")
    queue_reply(session, Reply(text, chat_id=message.chat.id, kind=outbox.FAREWELL), None, now)
    return []


def _close_wage_cases(session: Session, person_id: int, now: datetime, gazetteer: Gazetteer
                      ) -> list[Reply]:
    """A wage case of theirs still open stops: nobody is left to say 结清了 or to be called, so
    the employer is not reminded and the officers are not asked to follow it up; it stays as
    an anonymous record (``withdrawn``). Officers who already had it hear that it stopped,
    without the name they saw then."""
    notes: list[Reply] = []
    for check in wage_store.checks_of_worker(session, person_id, ("unpaid",)):
        assert check.id is not None
        check.status, check.closed_at = "withdrawn", now
        session.add(check)
        wage_store.add_event(session, "wage", check.id, "withdrawn", now, via="erasure")
        if check.escalated_at is not None:
            notes += aftercare_handlers.tell_officers(
                session, gazetteer, check,
                f"欠薪【{check.id}】：反映的工人删除了自己的信息，这件事不再跟进，"
                "存为不记名的记录（先前消息里的电话请不要再用）。")
    return notes


def _end_roles(session: Session, person: Person, gazetteer: Gazetteer
               ) -> tuple[int, list[Reply]]:
    """Each officer role ends with the erasure; whoever appointed it hears, and takes over
    the villagers the officer looked after."""
    assert person.id is not None
    roles = list(session.exec(select(Officer).where(Officer.person_id == person.id)
                              .order_by(col(Officer.id))))
    villagers = list(session.exec(select(Person).where(Person.managed_by == person.id)
                                  .order_by(col(Person.id))))
    replies: list[Reply] = []
    heir: int | None = None
    for role in roles:
        boss = role.appointed_by
        if boss is None or boss == person.id:
            continue
        place = _place(gazetteer, role.region_code)
        text = (f"您设的{place}信息员删除了自己的信息，信息员身份已结束。"
                f"需要的话请另设一位：「设为信息员 @名字 {place}」。")
        if heir is None and villagers:
            heir = boss
            names = "、".join(v.name for v in villagers[:10])
            text += f"他代管的{len(villagers)}位村民（{names}）改由您代管。"
        replies += dm(session, boss, text, kind="notice").replies
    for villager in villagers:
        villager.managed_by = heir
        session.add(villager)
    return len(roles), replies


# --------------------------------------------------------------------------- on the clock


def retention(ctx: TaskContext) -> None:
    """Daily: message texts older than ``keep_messages_days`` are cleared, the phone-reveal log
    older than ``keep_reveals_days`` dropped, expired 曝光台 entries' phones cleared; counts
    and job records stay."""
    keep = ctx.settings.privacy
    with transaction(ctx.engine) as session:
        privacy.forget_old_messages(session, ctx.now - timedelta(days=keep.keep_messages_days))
        privacy.forget_old_reveals(session, ctx.now - timedelta(days=keep.keep_reveals_days))
        privacy.forget_expired_exposures(session, ctx.now)


def nightly_backup(ctx: TaskContext) -> None:
    """Nightly (``[backup] dir``): a backup file, the oldest beyond ``keep`` removed."""
    from pathlib import Path

    from storage.backup import backup_to_dir

    backup_to_dir(ctx.engine, Path(ctx.settings.backup.dir).expanduser(),
                  ctx.settings.backup.keep, ctx.now)
