"""Card and message texts: short lines a phone shows whole, phones masked outside private chats."""

from __future__ import annotations

from datetime import date, datetime

from bot.clock import TZ
from bot.message import Button
from handlers import records
from storage.models import Job

WEEKDAYS = "一二三四五六日"
UNITS = {"day": "天", "hour": "小时", "piece": "件", "month": "月", "job": "活"}
SETTLEMENTS = {"daily": "日结", "on_completion": "完工结", "monthly": "月结"}
PERKS = {"lodging": "包住", "meals": "管饭", "transport": "接送"}
FIELD_NAMES = {
    "work_type": "工种", "headcount": "人数", "start_date": "日期", "start_time": "开工时间",
    "end_time": "收工时间", "duration_days": "工期", "wage_min": "工价", "wage_unit": "工价",
    "wage_max": "工价", "settlement": "结算", "township": "地点", "village": "地点",
    "phone": "电话", "contact": "联系人", "gender": "性别", "age_max": "年龄",
    "age_min": "年龄", "perks": "待遇",
}
STATUS_LINES = {
    "filled": "✅ 已招满",
    "expired": "⌛ 已过期",
    "cancelled": "✖ 已取消",
    "held": "⚠️ 待信息员核实，暂不报名",
    "draft": "📝 待补全信息",
}

CLAIM_LABEL = "报名"
WITHDRAW_LABEL = "取消报名"
CLOSE_LABEL = "取消招工"
SUBSCRIBE_LABEL = "订阅"
STILL_HIRING_LABEL = "还招"
FILLED_LABEL = "招满了"
RELEASE_LABEL = "放行"
REJECT_LABEL = "驳回"


def mask_phone(phone: str | None) -> str:
    """138****5678: enough to recognise, not enough to call."""
    if not phone:
        return ""
    if len(phone) < 7:
        return "****"
    return phone[:3] + "****" + phone[-4:]


def money(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def day_text(day: date, today: date | None = None) -> str:
    text = f"{day.month}月{day.day}日 周{WEEKDAYS[day.weekday()]}"
    if today is not None and day.year != today.year:
        text = f"{day.year}年{text}"
    if today is not None:
        delta = (day - today).days
        relative = {0: "今天", 1: "明天", 2: "后天"}.get(delta)
        if relative:
            text = f"{relative} {text}"
    return text


def when_text(job: Job, today: date | None = None) -> str:
    parts = [day_text(job.start_date, today) if job.start_date else "日期未定"]
    if job.start_time:
        parts.append(job.start_time + (f"-{job.end_time}" if job.end_time else ""))
    if job.duration_days and job.duration_days > 1:
        parts.append(f"干{job.duration_days}天")
    return " ".join(parts)


def wage_text(job: Job) -> str:
    if job.wage_min is None:
        return "工价未写"
    amount = money(job.wage_min)
    if job.wage_max is not None and job.wage_max != job.wage_min:
        amount += f"-{money(job.wage_max)}"
    unit = UNITS.get(job.wage_unit or "")
    text = f"{amount}元" + (f"/{unit}" if unit and job.wage_unit != "job" else "")
    if job.wage_unit == "job":
        text = f"包活{text}"
    extras = [SETTLEMENTS[job.settlement]] if job.settlement in SETTLEMENTS else []
    extras += [PERKS[p] for p in job.perks.split("|") if p in PERKS]
    return " · ".join([text, *extras])


def place_text(job: Job) -> str:
    if job.village and job.township and not job.village.startswith(job.township):
        return job.township + job.village
    return job.village or job.township or "地点未写"


def contact_text(job: Job, full_phone: bool) -> str:
    phone = (job.phone if full_phone else mask_phone(job.phone)) or ""
    return " ".join(x for x in (job.contact or "", phone) if x) or "找发布人"


def title(job: Job) -> str:
    head = f"{job.headcount}人" if job.headcount else "人数不限"
    return f"{job.work_type or '工种未写'} {head}"


def short(job: Job, today: date | None = None) -> str:
    """One line: 搬运工 3人 · 明天 11月27日 周五 · 木鱼镇青天村."""
    return f"{title(job)} · {when_text(job, today)} · {place_text(job)}"


def job_card(job: Job, now: datetime, *, full_phone: bool = False, hint: str = "") -> str:
    """The card a group (or the poster) sees; ``hint`` adds one line of what to do."""
    today = now.astimezone(TZ).date()
    lines = [
        f"【招工】{title(job)}",
        f"时间：{when_text(job, today)}",
        f"工价：{wage_text(job)}",
        f"地点：{place_text(job)}",
        f"联系：{contact_text(job, full_phone)}",
    ]
    lines += [line for line in (records.card_line(job),) if line]  # the employer's record
    asked = requirements(job)
    if asked:
        lines.append("要求：" + asked)
    status = STATUS_LINES.get(job.status)
    if status:
        lines.append(status)
    elif job.headcount:
        lines.append(f"已报名 {job.confirmed}/{job.headcount}")
    else:
        lines.append(f"已报名 {job.confirmed}人")
    if hint:
        lines.append(hint)
    return "\n".join(lines)


def requirements(job: Job) -> str:
    """限男工，18-50岁: the card's 要求 line, empty when it asks nothing."""
    extras = []
    if job.gender:
        extras.append("限男工" if job.gender == "male" else "限女工")
    if job.age_min and job.age_max:
        extras.append(f"{job.age_min}-{job.age_max}岁")
    elif job.age_max:
        extras.append(f"{job.age_max}岁以下")
    elif job.age_min:
        extras.append(f"{job.age_min}岁以上")
    return "，".join(extras)


def group_facts(job: Job, today: date | None = None) -> dict[str, str]:
    """What a group reads on a card, line by line (the phone masked): a change note names the
    lines that differ. Without ``today`` the day reads without 明天/后天, to compare."""
    return {"工种": job.work_type or "工种未写", "人数": title(job).split(" ")[-1],
            "时间": when_text(job, today), "工价": wage_text(job), "地点": place_text(job),
            "联系": contact_text(job, full_phone=False), "要求": requirements(job) or "无"}


def needed(job: Job) -> str:
    """How many places are left: 缺3人 (要人 when the post gave no number)."""
    if job.headcount is None:
        return "要人"
    return f"缺{max(job.headcount - job.confirmed, 0)}人"


def list_line(job: Job, today: date, place: str = "") -> str:
    """One job in a list, short enough for a phone to show whole:
    ``【12】搬运工 缺3人 · 150元/天 · 明天 11月27日 周五 · 木鱼镇青天村``; the number is how
    people claim it (「报名【12】」)."""
    bits = [f"【{job.id}】{job.work_type or '零工'} {needed(job)}", wage_text(job),
            day_text(job.start_date, today) if job.start_date else "", place]
    return " · ".join(b for b in bits if b)


def number_claim_button(job: Job) -> Button:
    """[报名【12】]: a button where there are buttons, the words to send where there are not."""
    return Button(f"{CLAIM_LABEL}【{job.id}】", f"claim:{job.id}")


def claim_buttons(job: Job) -> tuple[Button, ...]:
    if job.status in ("open", "filled"):
        return (Button(CLAIM_LABEL, f"claim:{job.id}"),)
    return ()


POSTER_HINT = "发布人回复本条可改，如「工价200」「改成后天」「人数5」，撤下回「取消」"
GROUP_HINT = "想去回复「报名」；发布人回复本条可改或「取消」"
FILLED_HINT = "想排候补回复「报名」，有人退出按先后补上"
PUSH_HINT = "想去就回复「报名」"


def push_text(job: Job, now: datetime, for_name: str | None = None) -> str:
    head = f"（转告{for_name}）" if for_name else ""
    return head + "有个活适合您：\n" + job_card(job, now, hint=PUSH_HINT)


MISSING_EXAMPLES = {"工种": "搬运工", "地点": "木鱼镇青天村", "工价": "150一天", "日期": "明天"}


def date_question(job: Job, today: date | None = None) -> str:
    """The words asking a poster to confirm a day that is gone or most of a year away."""
    if job.start_date is None:
        return ""
    past = today is not None and job.start_date < today
    said = day_text(job.start_date, None if past else today)
    if today is not None and job.start_date.year != today.year and past:
        said = f"{job.start_date.year}年{said}"
    why = "已经过去了" if past else "离现在快一年了"
    confirm = "" if past else "日期没错请回「对」，"
    return (f"日期是{said}，{why}，先不发出。{confirm}"
            "不对请回复正确日期，比如「明天」「12月8号」。")


def missing_question(job: Job, missing: list[str], where: str, today: date | None = None
                     ) -> str:
    others = [m for m in missing if m != "日期"]
    lines = []
    if others:
        sample = "，".join(MISSING_EXAMPLES[m] for m in others)
        lines.append(f"您{where}发的招工还缺{'、'.join(others)}，补上就发出去。\n"
                     f"请直接回复，比如「{sample}」")
    if "日期" in missing:
        lines.append((f"您{where}发的招工：" if not others else "") + date_question(job, today))
    return "\n".join(lines)


def changed_text(fields: list[str]) -> str:
    names = list(dict.fromkeys(FIELD_NAMES.get(f, f) for f in fields))
    return "已改好：" + "、".join(names)


def confirmed_for_worker(job: Job, now: datetime) -> str:
    return "\n".join([f"报名成功：{short(job, now.astimezone(TZ).date())}",
                      f"工价：{wage_text(job)}",
                      f"老板电话：{contact_text(job, full_phone=True)}",
                      "去不了请回「取消报名」，别让老板白等"])


def waitlisted_for_worker(job: Job, now: datetime, position: int, count: int = 1) -> str:
    left = (job.headcount or 0) - job.confirmed
    head = (f"只剩{left}个名额，您报了{count}人，先排在候补第{position}位" if left > 0
            else f"这个活人已报满，您排在候补第{position}位")
    return (f"{head}：{short(job, now.astimezone(TZ).date())}\n"
            "有人退出会马上通知您；不想等了回「取消报名」")
