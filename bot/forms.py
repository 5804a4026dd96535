"""One normalisation of how people write, ahead of routing: Traditional characters, dialect
words and full-width letters and digits become the Simplified, Mandarin, half-width forms the
handlers' words are written in — 「訂閱 搬運」 routes as 「订阅 搬运」, 「明天得空」 as
「明天有空」, 「ｔ１」 as 「t1」.

The dispatcher applies it once per message (``normalised``); the message keeps what the sender
wrote in ``Message.written`` (when it differs), which is what is stored; the parser reads it
with only the dialect words made Mandarin (``mandarin``), so a contact stays 「張老闆」 as its
poster wrote it. Chinese punctuation (，：？【】「」) is
left alone: the handlers read it as it is typed.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.message import Message
from nlp import normalize as nlp_normalize

# Full-width Latin letters and digits, and the ASCII signs people type in full width inside
# commands (＋1, ／start, ＠张三, １５０％), become ASCII; U+3000 becomes a space.
_WIDTH: dict[int, str] = {0x3000: " "}
for _first, _last in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)):
    for _code in range(_first, _last + 1):
        _WIDTH[_code] = chr(_code - 0xFEE0)
for _sign in "＋－＠＃％＊／＝．":
    _WIDTH[ord(_sign)] = chr(ord(_sign) - 0xFEE0)

# Dialect words of the mountain counties (and Cantonese ones migrant workers bring), longest
# first where one contains another. Each is replaced where it stands as that word.
_DIALECT: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), plain) for pattern, plain in (
        # "no time": 莫得空 / 冇得空 / 没得空 / 不得空 / 唔得闲
        (r"(?:莫得|冇得|没得|沒得|不得|唔得)(?:空|闲|閒)", "没空"),
        # "free": 得空 / 得闲 (not 记得空出来, 获得空间, 觉得空虚, 显得空)
        (r"(?<![记記獲获觉覺显顯使懂晓曉落取值])得(?:空|闲|閒)"
         r"(?!间|間|虚|虛|调|調|气|氣|白)", "有空"),
        # "there is none": 冇得 / 莫得 / 冇 (冇活 → 没活)
        (r"冇得|莫得", "没有"),
        (r"冇", "没"),
        # "what": 么子 / 啥子 (有么子活 → 有什么活)
        (r"么子|麼子|啥子", "什么"),
    )
)
# 要得 ("all right") only as a whole answer: inside a sentence it is "needed" (要得急).
_AGREE = re.compile(r"^\s*(?:要得|要得嘛|要得要得|要得哈)\s*[!！。.~～]*\s*$")
AGREE = "好的"


def _simplified(text: str) -> str:
    """Traditional characters in Simplified, by the parser's own converter (OpenCC t2s); text
    without a Traditional character is returned as it is, at the cost of one set test."""
    traditional = nlp_normalize._traditional()
    if traditional.isdisjoint(text):
        return text
    converter = nlp_normalize._opencc()
    if converter is None:
        return text
    try:
        return converter.convert(text) or text
    except Exception:  # a converter failure must not lose the message: route it as written
        return text


def mandarin(text: str) -> str:
    """Dialect words in Mandarin, in either script (「明天莫得空」 → 「明天没空」): what the parser
    reads, which has its own Traditional and full-width reading and keeps contacts as written."""
    if not text or text.isascii():
        return text
    if _AGREE.match(text):
        return AGREE
    for pattern, word in _DIALECT:
        text = pattern.sub(word, text)
    return text


def plain(text: str) -> str:
    """``text`` as the handlers' words are written: Simplified, Mandarin, half-width letters
    and digits. Idempotent; length may change."""
    if not text or text.isascii():
        return text
    return mandarin(_simplified(text).translate(_WIDTH))


# the one of the family a grandchild types for on their phone (「帮我爷爷订阅一下 挖洋芋 红坪镇」):
# the phone's owner, who is the one subscribed
_ELDER = (r"(?:爷爷|奶奶|外公|外婆|姥爷|姥姥|嘎公|嘎婆|爹爹|婆婆|公公|爸爸|爸|妈妈|妈|老汉|"
          r"老爸|老妈|爹|娘|老爷子|老太太)")
# A command asked for in a sentence's words: 「我还想订阅 帮厨 木鱼镇」「帮我订阅一下 种植 红坪镇」
# 「帮我奶奶订阅一下…」「我要退订 保洁」 are 「订阅 …」「退订 …」 — the wish or the favour before
# the command word (also for the elder whose phone it is), and 「一下」 after it, say nothing
# the command needs; nor does voice input's 「就是说」 between
# the wish and the word (「我想就是说 订阅一下那个搬运的活」).
_COMMAND_LEAD = re.compile(
    r"^\s*(?:请|麻烦)?(?:你)?(?:帮我|给我|替我)?(?:我)?(?:还|也|再)?(?:想|要)(?:就是说|就是)?\s*"
    r"(?:再)?(?P<word>订阅|退订)(?:一下(?:那个)?|(?=$|[\s:：,，]))"
    r"|^\s*(?:请|麻烦)?(?:你)?(?:(?:帮|给|替)(?:我|俺)"
    rf"(?:家|屋里)?{_ELDER}?)?(?:再)?(?P<favour>订阅|退订)"
    r"(?:一下(?:那个)?|(?=$|[\s:：,，]))"
    # 「那我订阅 搬运 阳日镇」「好 我退订」: the sender doing it now, after a word that takes up
    # what was said before (「我订阅了什么」「那退订了还能订不」 ask, a word glued after)
    r"|^\s*(?:(?:那|那么|那就|那好|好|好的|行|嗯|哦)[\s,，]*(?:我|俺)?|(?:我|俺))"
    r"(?:就|也|还是|再)?(?P<own>订阅|退订)(?:一下(?:那个)?|(?=$|[\s:：,，]))")
# What voice input says before a command while the speaker thinks (「嗯 那个 订阅…」「喂 嗯
# 恢复接活」「嗯 那个 还有么子活路冇得」): a hello and fillers, dropped only when a command follows.
# 那个/这个 only as a pause (a space or comma after): 「这个订阅是干啥的」 asks about the word.
_VOICE_LEAD = re.compile(r"^\s*(?:(?:喂+|嗯+|呃+|额+)[\s,，。、]*"
                         r"|(?:那个|这个|就是说|是这样的)[\s,，。、]+)+")
_VOICE_COMMAND = re.compile(
    r"(?:订阅|退订|恢复接活|恢复推送|可以接活了|我的报名|我的订阅|我的招工|找活|"
    r"(?:还|请问|最近|现在)*有(?:什么|啥)活)")


# Pinyin input picks a command word's sound with the wrong characters (「定阅 摘茶叶 松柏」,
# 「退定 保洁」): each command word with the characters that sound like its parts. A slip is the
# command only where a command word stands — first in the message (or after the words that may
# lead one: 我的, 取消, 我想, 帮我 …) and ended by a space, a stop or the message's end — since
# some slips are words of their own inside a sentence (订约, 订月饼, 退定金).
_COMMAND_SOUNDS: dict[str, tuple[str, ...]] = {
    "订阅": ("订定顶", "阅月约悦越"),
    "退订": ("退推", "订定顶"),
}
# slips that are words of their own wherever they stand (订约, 定约: to sign an agreement)
_COMMAND_SLIP_WORDS_OWN = ("订约", "定约")
_COMMAND_SLIP_WORD: dict[str, str] = {
    first + second: word
    for word, (firsts, seconds) in _COMMAND_SOUNDS.items()
    for first in firsts for second in seconds
    if first + second not in (word, *_COMMAND_SLIP_WORDS_OWN)
}
_COMMAND_SLIP = re.compile(
    r"(?:^|(?<=[\s:：,，我俺的消想要帮给替再还也就那好行嗯哦请]))"
    rf"(?P<slip>{'|'.join(sorted(_COMMAND_SLIP_WORD, key=lambda w: (-len(w), w)))})"
    r"(?=$|[\s:：,，。.!！]|一下)")


def command_slips(text: str) -> str:
    """「定阅 摘茶叶 松柏」 as 「订阅 摘茶叶 松柏」, 「我的定阅」 as 「我的订阅」: a command word's
    slip where the command word stands; any other text as it is."""
    head = _COMMAND_SLIP.sub(lambda m: _COMMAND_SLIP_WORD[m.group("slip")], text[:12], count=1)
    return head + text[12:]


def command_form(text: str) -> str:
    """「我还想订阅 帮厨」 as 「订阅 帮厨」, 「嗯 那个 恢复接活」 as 「恢复接活」; any other text
    as it is."""
    text = command_slips(text)
    bare = _VOICE_LEAD.sub("", text, count=1)
    if bare != text and (_COMMAND_LEAD.match(bare) or _VOICE_COMMAND.match(bare)):
        text = bare.strip()
    m = _COMMAND_LEAD.match(text)
    if m is None:
        return text
    rest = text[m.end():]
    word = m.group("word") or m.group("favour") or m.group("own")
    return word + (" " + rest if rest and not rest[0].isspace() else rest)


def normalised(message: Message) -> Message:
    """The message as routing reads it; ``written`` keeps the original when they differ."""
    text = command_form(plain(message.text))
    if text == message.text:
        return message
    return replace(message, text=text, written=message.text)
