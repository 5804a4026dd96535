"""Homophone and typo slips, corrected before any lexicon reads the text.

Pinyin input and voice input write a word by its sound: 日节/日洁 for 日结, 包次/包池 for 包吃,
包吃往 for 包吃住, 电化 for 电话, 月新 for 月薪, 泥公 for 泥工, 一天三白 for 三百. The words the
fields hang on are few, so each is listed with the characters that sound like its parts (the
region's dialects merge z/zh, c/ch, s/sh and n/l), and a slip is corrected only inside such a
word, never a character on its own. Every correction keeps the length, so spans found in the
corrected text index the text before it.
"""

from __future__ import annotations

import re

from nlp.recache import rcompile

# word → the characters each position may be mistyped as (the right one included)
_SOUNDS: dict[str, tuple[str, ...]] = {
    "日结": ("日", "结节洁接"),
    "月结": ("月", "结节洁"),
    "现结": ("现", "结节洁"),
    "当天结": ("当", "天添", "结节洁"),
    "中饭": ("中", "饭反范泛"),
    "午饭": ("午", "饭反范泛"),
    "管饭": ("管", "饭反范泛"),
    "月薪": ("月", "薪新心辛"),
    "日薪": ("日", "薪新心辛"),
    "底薪": ("底", "薪新心辛"),
    "工资": ("工公功", "资姿咨滋"),
    "电话": ("电点店", "话活化花"),
    "报名": ("报抱", "名"),
    "联系": ("联连", "系糸"),
    "明天": ("明", "天添"),
    "今天": ("今", "天添"),
    "后天": ("后", "天添"),
    "搬运": ("搬扳办般", "运"),
    "包吃住": ("包", "吃池迟次持七", "住主注驻往柱祝"),
    "管吃住": ("管", "吃池迟次持七", "住主注驻往柱祝"),
    # trades and what they lay, typed by sound ('木将', '磁砖')
    "木匠": ("木", "匠将酱降"),
    "瓷砖": ("瓷磁慈", "砖"),
    # what is dug and what is driven, typed by sound ('挖洋于', '开三论车')
    "洋芋": ("洋", "芋于鱼余"),
    "三轮车": ("三", "轮论伦", "车"),
}
# Words whose slip is also a real word or name elsewhere: corrected only where the context
# says it is this word ('包往返' is a fare; '节日节目' a show; '正月节' a festival).
_GUARDED = {
    "日结": (r"(?<![节生假])", r"(?![目日])"),
    "月结": (r"(?<![正腊冬闰中秋])", r"(?![目日])"),
    "包吃住": ("", ""),
}
# Single slips that are also everyday words: '找点活', '有点活干' is a bit of work, not 电话.
_FORM_GUARDED = {
    "点活": (r"(?<![找有干做搞接揽寻些弄])", r"(?![干做搞儿路])"),
}
# Two-character perk words typed alone ('包次', '管池', '包主'), right before a pause or a meal.
# ('包次包住': another perk word after it ends it too)
_PERK_SLIPS = rcompile(
    r"(?<=[包管])(?:[池迟次持](?=[饭,.;!\s]|$|[包管][住吃宿]|[中午晚早]饭)|[主注驻](?=[宿,.;!\s]|$|[包管][吃饭]))"
)
_PERK_FIX = {"池": "吃", "迟": "吃", "次": "吃", "持": "吃", "主": "住", "注": "住", "驻": "住"}
# A title written with 公/功 for 工 ('泥公', '小公'): the trades that end in 工.
_TITLE_SLIP = rcompile(
    r"(?<=[泥木瓦焊电普杂力壮小钢筋])[公功攻](?![司园安开共平务路夫主鸡鸭猪狗牛羊子])"
)
# '彻墙', '沏砖': 砌 (qi) typed as a character of the same sound, before what a mason lays
_MASON_SLIP = rcompile(r"[彻沏](?=墙|砖|坎|石头|堡坎|挡墙|灶台|猪圈)")
# '一天三白', '两白八': 白 (bai) for 百 after a numeral
_HUNDRED = rcompile(
    r"(?<=[一二两三四五六七八九])白(?=[\W\d_a-zA-Z]|$|[一二两三四五六七八九天元块钱/])"
)


# '一百武一天': 武/舞/午 (wu) for 五 after 百 or 千, where an amount ends
_FIVE = rcompile(r"(?<=[一二两三四五六七八九][百千])[武舞午](?=[\W\d_]|$|[一天元块钱/])")


# '两快五', '一百五十快': 快 (kuai) for 块 right after a numeral, where an amount goes on or ends
_KUAI = rcompile(
    r"(?<=[0-9一二两三四五六七八九十百千])快(?=[0-9一二两三四五六七八九钱]|[\s,.;!?/]|$)"
)


def _variants() -> tuple[re.Pattern[str], dict[str, str]]:
    forms: dict[str, str] = {}
    for word, positions in _SOUNDS.items():
        combos = [""]
        for chars in positions:
            combos = [c + ch for c in combos for ch in chars]
        for form in combos:
            if form != word:
                forms[form] = word
    parts = []
    for form in sorted(forms, key=len, reverse=True):
        before, after = _FORM_GUARDED.get(form) or _GUARDED.get(forms[form], ("", ""))
        parts.append(before + re.escape(form) + after)
    # every slip starts with one of these: the scan tests one character where none does
    first = "".join(sorted({form[0] for form in forms}))
    return rcompile(f"(?=[{first}])(?:" + "|".join(parts) + ")"), forms


_WORD_SLIP, _FORMS = _variants()
# '包往返' (the fare both ways) is not 包吃住's slip; keep the rest of that table honest
_FORMS_NOT = rcompile(r"包吃往返|管吃往返")


# Voice input keeps the speaker's second thoughts: 「要三个 不对不对 要四个」「明天 哦不 后天」
# 「一百三 哦说错了 一百五」. What was taken back — the value of the same kind right before the
# marker — is blanked with the marker (spaces keep the length), so only the corrected one counts.
# Markers may come in a row ('不对不对 说错了'): one taking back.
_TAKEN_BACK = rcompile(r"(?:(?:(?:哦|噢|啊|呃)?\s*(?:不对不对|不对|说错了|搞错了)|口误|哦不|"
                         r"不是不是)[\s,，。]*)+(?:是|要)?\s*")
_NUMBERISH = r"[0-9一二两三四五六七八九十百千万俩仨]+(?:个人|个|人|块|元)?"
_DAYISH = (r"(?:大后天|今天|明天|后天|明早|[0-9一二三四五六七八九十]{1,3}号|"
           r"(?:下|这)?(?:周|礼拜)[一二三四五六日天])")
_SAID_THEN = (rcompile(rf"{_NUMBERISH}\s*$"), rcompile(rf"^{_NUMBERISH}"),
              rcompile(rf"{_DAYISH}\s*$"), rcompile(rf"^{_DAYISH}"))


# a count said with what it counts, then said again with the same noun ('请两个泥瓦工 不对不对
# 说错了 要三个泥瓦工'): the whole first phrase is taken back
_COUNTED_THEN = rcompile(rf"({_NUMBERISH})\s*([\u4e00-\u9fff]{{1,4}})\s*$")


def _counted_again(before: str, after: str) -> re.Match[str] | None:
    old = _COUNTED_THEN.search(before)
    if old is None:
        return None
    new = re.match(rf"{_NUMBERISH}\s*", after)
    if new is None or not after.startswith(old.group(2), new.end()):
        return None
    return old


def _take_back(text: str) -> str:
    for m in reversed(list(_TAKEN_BACK.finditer(text))):
        before, after = text[:m.start()], text[m.end():]
        for prior, then in ((_SAID_THEN[0], _SAID_THEN[1]), (_SAID_THEN[2], _SAID_THEN[3])):
            old = prior.search(before)
            if old is not None and then.match(after):
                text = text[:old.start()] + " " * (m.end() - old.start()) + after
                break
        else:
            counted = _counted_again(before, after)
            if counted is not None:
                text = text[:counted.start()] + " " * (m.end() - counted.start()) + after
                continue
            # a word for another word (「砍柴 哦不对 是搬柴」): as many characters as the new one
            new = re.match(r"[\u4e00-\u9fff]{2,3}", after)
            word = re.search(r"([\u4e00-\u9fff]{2,3})\s*$", before)
            if new is not None and word is not None and len(word.group(1)) == len(new.group()):
                text = text[:word.start(1)] + " " * (m.end() - word.start(1)) + after
    return text


# 「不是两百 是两百二」「不是明天是后天」: a value put aside for another of its kind
_VALUE = rcompile(rf"(?P<day>{_DAYISH})|(?P<num>{_NUMBERISH})")
_NOT_BUT = rcompile(rf"不是\s*(?:{_DAYISH}|{_NUMBERISH})\s*[,，]?\s*(?:而)?是\s*")


def _not_but(m: re.Match[str]) -> str:
    said = m.group()
    old = _VALUE.search(said)
    new = _VALUE.match(m.string, m.end())
    # only a value of the same kind: a number for a number, a day for a day
    if old is None or new is None or old.lastgroup != new.lastgroup:
        return said
    return " " * len(said)


def fix_typos(text: str) -> str:
    """The text with homophone slips in the field words corrected; same length."""
    if _TAKEN_BACK.search(text):
        text = _take_back(text)
    if "不是" in text:
        text = _NOT_BUT.sub(_not_but, text)
    protected = [m.span() for m in _FORMS_NOT.finditer(text)]

    def word(m: re.Match[str]) -> str:
        if any(s <= m.start() < e for s, e in protected):
            return m.group()
        return _FORMS[m.group()]

    text = _WORD_SLIP.sub(word, text)
    text = _PERK_SLIPS.sub(lambda m: _PERK_FIX[m.group()], text)
    text = _TITLE_SLIP.sub("工", text)
    if "彻" in text or "沏" in text:
        text = _MASON_SLIP.sub("砌", text)
    text = _FIVE.sub("五", text)
    if "快" in text:
        text = _KUAI.sub("块", text)
    return _HUNDRED.sub("百", text)
