"""Text clean-up done once per message before any parsing.

`normalize` may change the length of the text (OpenCC, emoji removal, whitespace
collapsing). `fold` never does: it maps characters one-to-one, so spans found in the
folded text index the original text. The number and date finders use `fold`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol

from nlp.recache import rcompile

# A Chinese character in a pattern: a word character that is no digit, underscore or Latin letter
# (in normalised text, the Han characters). It compiles in a tenth of a millisecond, where the
# range [\u4e00-\u9fff] takes two and more: Python builds that class a character at a time.
HAN = r"[^\W\d_a-zA-Z]"


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


_converter: _Converter | None = None
_converter_failed = False


def _opencc() -> _Converter | None:
    """The Traditional→Simplified converter, built on first use (it loads dictionaries)."""
    global _converter, _converter_failed
    if _converter is None and not _converter_failed:
        try:
            import opencc

            _converter = opencc.OpenCC("t2s")
        except Exception:
            # Without OpenCC we still parse; fold() covers the characters numbers and dates need.
            _converter_failed = True
    return _converter


def warm_up() -> None:
    """Load OpenCC now rather than on the first message."""
    _opencc()
    _traditional()


@lru_cache(maxsize=1)
def _traditional() -> frozenset[str]:
    """The characters OpenCC writes otherwise in Simplified: a text with none of them needs no
    conversion (the test is one pass in C, the conversion much more)."""
    conv = _opencc()
    if conv is None:
        return frozenset()
    chars = [chr(i) for i in range(0x3400, 0xA000)] + [chr(i) for i in range(0xF900, 0xFB00)]
    try:
        out = conv.convert("\n".join(chars)).split("\n")
    except Exception:
        return frozenset()
    if len(out) != len(chars):
        return frozenset(chars)  # cannot tell: convert every text
    return frozenset(a for a, b in zip(chars, out, strict=True) if a != b)


# One-to-one folding: full-width ASCII → ASCII, ideographic space → space, and the
# Traditional forms of characters that numbers, dates and times depend on.
_FOLD_TABLE: dict[int, str] = {0xFF01 + i: chr(0x21 + i) for i in range(94)}
_FOLD_TABLE[0x3000] = " "
for _trad, _simp in zip(
    "萬億兩倆貳陸負點幾個對雙塊號週禮後鐘時這臘曆農陰閏還餘來約頭隻圓從於",
    "万亿两俩贰陆负点几个对双块号周礼后钟时这腊历农阴闰还余来约头只圆从于",
    strict=True,
):
    _FOLD_TABLE[ord(_trad)] = _simp
for _trad, _simp in zip("貮參", "贰叁", strict=True):
    _FOLD_TABLE[ord(_trad)] = _simp


@lru_cache(maxsize=256)
def fold(text: str) -> str:
    """Same-length canonical form for span finding (full-width→ASCII, key Traditional chars).

    Cached: the number, date, time and duration finders all fold the same message.
    """
    return text.translate(_FOLD_TABLE)


# Emoji, dingbats, stars, geometric shapes, arrows, enclosed numbers and decorative brackets.
_DECORATION = rcompile(
    "["
    "\U0001f000-\U0001faff"
    "\u2190-\u21ff"
    "\u2460-\u24ff"
    "\u25a0-\u27bf"
    "\u2b00-\u2bff"
    "\u3010\u3011\u3016\u3017\u3014\u3015"
    "\u203b\u2022\u00b7\u2606\u2605"
    "]+"
)
_INVISIBLE = rcompile("[\ufe0e\ufe0f\u200b-\u200d\u2060\ufeff]")
# WeChat writes its built-in stickers as their names in square brackets (「我去[抱拳]」「[强][强]」
# 「[捂脸]」「[红包]恭喜发财」): a face, not words — read as emoji are. Only the names WeChat has
# (a post's own 「[急招]」 or 「[包吃住]」 heads stay words).
WECHAT_STICKERS = (
    "微笑 撇嘴 色 发呆 得意 流泪 害羞 闭嘴 睡 大哭 尴尬 发怒 调皮 呲牙 惊讶 难过 酷 冷汗 抓狂 吐 "
    "偷笑 愉快 可爱 白眼 傲慢 饥饿 困 惊恐 流汗 憨笑 悠闲 大兵 奋斗 咒骂 疑问 嘘 晕 疯了 折磨 衰 "
    "骷髅 敲打 再见 擦汗 抠鼻 鼓掌 糗大了 坏笑 左哼哼 右哼哼 哈欠 鄙视 委屈 快哭了 阴险 亲亲 吓 "
    "可怜 菜刀 西瓜 啤酒 篮球 乒乓 咖啡 饭 猪头 玫瑰 凋谢 嘴唇 示爱 爱心 心碎 蛋糕 闪电 炸弹 刀 "
    "足球 瓢虫 便便 月亮 太阳 礼物 拥抱 强 弱 握手 胜利 抱拳 勾引 拳头 差劲 爱你 NO OK 爱情 飞吻 "
    "跳跳 发抖 怄火 转圈 磕头 回头 跳绳 投降 激动 乱舞 献吻 左太极 右太极 嘿哈 捂脸 奸笑 机智 "
    "皱眉 耶 吃瓜 加油 汗 天啊 Emm 社会社会 旺柴 好的 打脸 哇 翻白眼 666 让我看看 叹气 苦涩 "
    "裂开 合十 烟花 爆竹 红包 福 發 庆祝 破涕为笑 笑脸 生病 脸红 恐惧 失望 无语 鬼魂 囧"
).split()
# longest first, and in one order every run (a set's order is not: the compiled pattern is
# cached by its text, nlp/recache.py)
_STICKER = rcompile(r"\[(?:" + "|".join(sorted(map(re.escape, set(WECHAT_STICKERS)),
                                                  key=lambda s: (-len(s), s))) + r")\]")
# circled and parenthesised numbers number a list's items ('①厨师1名 ②服务员4名'): written as
# '1、' so that the list reader sees the items (other decoration is dropped)
_CIRCLED = rcompile("[\u2460-\u2473\u2474-\u2487\u2776-\u277f\u2780-\u2789\u278a-\u2793]")
_CIRCLED_BASE = ((0x2460, 0x2473), (0x2474, 0x2487), (0x2776, 0x277F), (0x2780, 0x2789),
                 (0x278A, 0x2793))


def _circled(m: re.Match[str]) -> str:
    c = ord(m.group())
    n = next(c - lo + 1 for lo, hi in _CIRCLED_BASE if lo <= c <= hi)
    return f" {n}、"
_HSPACE = rcompile(r"[^\S\n]+")
_NEWLINES = rcompile(r"\s*\n\s*")
_INITIALS = {"zp": "招聘", "bcz": "包吃住", "rj": "日结", "dh": "电话"}
_INITIALS_RE = rcompile(r"(?<![A-Za-z])(zp|bcz|rj|dh)(?![A-Za-z])", re.IGNORECASE)
# what every initial starts with, in either case (no other character folds to z, b, r or d): a
# text without one has none, and is spared the search above — case folded, it is tried at
# every position (nlp/recache.py gives no set of first characters to a pattern that folds case)
_INITIALS_FIRST = rcompile("[zZbBrRdD]")
_NEEDS_CJK = rcompile(r"[^\x00-\x7f]")


def _expand(m: re.Match[str]) -> str:
    return _INITIALS[m.group(1).lower()]


def as_written(text: str, normalized_span: str) -> str:
    """The words of the original text that normalize() turned into normalized_span ('張老闆'
    for '张老板'): a contact is kept as its poster wrote it. The span itself when it cannot be
    found (or was written so)."""
    if not normalized_span or normalized_span in text:
        return normalized_span
    chars, origin = _with_origin(text)
    norm = "".join(chars)
    at = norm.find(normalized_span)
    if at < 0:
        return normalized_span
    start, end = origin[at], origin[at + len(normalized_span) - 1] + 1
    return text[start:end]


def _with_origin(text: str) -> tuple[list[str], list[int]]:
    """normalize() character by character, with where each output character came from."""
    chars: list[str] = []
    origin: list[int] = []
    conv = _opencc()
    for i, ch in enumerate(text):
        if _INVISIBLE.match(ch):
            continue
        if conv is not None and ord(ch) > 0x7F:
            try:
                ch = conv.convert(ch) or ch
            except Exception:
                pass
        for c in ch.translate(_FOLD_TABLE):
            chars.append(c)
            origin.append(i)
    return chars, origin


def strip_decoration(text: str) -> str:
    """The text without emoji, stars and decorative brackets (「报名🙋」 → 报名)."""
    if "[" in text:
        text = _STICKER.sub("", text)
    return _DECORATION.sub("", _INVISIBLE.sub("", text)) if _NEEDS_CJK.search(text) else text


def normalize(text: str) -> str:
    """Simplified, half-width, emoji- and sticker-free text with collapsed whitespace and expanded
    pinyin initials (zp→招聘, bcz→包吃住, rj→日结, dh→电话).

    Line breaks survive as single "\\n" (posts often put one job a line); other runs of
    whitespace become one space.
    """
    if not isinstance(text, str) or not text:
        return ""
    if "[" in text:
        text = _STICKER.sub(" ", text)
    if _NEEDS_CJK.search(text):
        text = _INVISIBLE.sub("", text)
        conv = _opencc()
        if conv is not None and not _traditional().isdisjoint(text):
            try:
                text = conv.convert(text)
            except Exception:
                pass
        text = text.translate(_FOLD_TABLE)
        text = _CIRCLED.sub(_circled, text)
        text = _DECORATION.sub(" ", text)
    if _INITIALS_FIRST.search(text):
        text = _INITIALS_RE.sub(_expand, text)
    text = _HSPACE.sub(" ", text)
    text = _NEWLINES.sub("\n", text)
    return text.strip()
