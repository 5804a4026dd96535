"""Reading the room: the one place where a message's meaning is decided.

``read`` lists the candidate readings of a message — ``claim``, ``party`` (a change of the
party size of one's claim), ``correction``, ``answer`` (to a pending question), ``post``,
``drop`` (「算了」 ending a draft), ``chatter`` — each with the evidence behind it and a
strength. ``decide`` acts on the best reading only when it is strong and no other reading is
close; a weaker one is asked about privately (with buttons) and is let go in a group. Routes
match on the decided reading with the ``reading(kind)`` filter, aiogram-style.

``read`` is pure: it looks at a :class:`Situation` (the text, the chat, the job it replies to
or has in sight, the pending question, the parse), so the decision is testable without a bot.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from bot import filters, forms
from bot.clock import TZ
from bot.router import Context, Filter
from nlp import Parse, extract_fields, find_phones, lexicon
from nlp import parse as parse_text
from nlp.dates import find_dates
from storage import jobs as store
from storage.models import Identity, InboundMessage, Job, JobChat, Person, Post

CLAIM_WORDS = filters.CLAIM_WORDS
# A claim stands alone: fillers around at most "我(们)(N个)(也)(明天)去/报名/来".
# Voice input adds its own: 「嗯那个我去」「喂 老板 我去」.
_FILLERS = re.compile(r"^(?:好(?:的|滴|哒|噠|呀|嘞|咧)?|行|可以|嗯+|呃|额|喂|那个|就是|老板|师傅|"
                      r"要得|得行|中|没问题)+"
                      r"|(?:了|啊|呀|哈|吧|哦|嘛)+$")
_SAID_TWICE = re.compile(r"^(.{2,6}?)\1+$")  # 「我去我去」「报名报名」: said again, meant once
_NUMBER = {"一": 1, "两": 2, "俩": 2, "二": 2, "三": 3, "仨": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9, "十": 10}
_N = r"(?P<n>\d{1,3}|[一两俩二三仨四五六七八九十])"
_WHEN = r"(?:今天|明天|后天|明早|明天早上)?"
CLAIM_ALONE = re.compile(
    r"^(?:(?:今天|明天|后天|明早|明天早上)(?=我|俺))?"
    rf"(?:我|俺)?(?:们)?(?:(?:屋里|家里|这边)?{_N}(?:个|位)?(?:人)?)?(?:也)?{_WHEN}"
    r"(?:要|都)?(?:去|来)?(?:报名|报个名|报一个|去|来|参加|接单|干|(?<=[我俺也])报)$")
MOVING = re.compile(r"(?:来|去|走)了[啊呀哈哦]*$")
WE = re.compile(r"^(?:今天|明天|后天|明早|明天早上)?(?:我|俺)们")  # "我们去" says not how many
# ... and 来 with a count after it, said by the speaker (「我们来四个」; 「来四个」 alone may be
# anyone's bidding, 「我们来四个人吃饭」 more)
CLAIM_COUNT = re.compile(r"^(?:(?:我|俺)?(?:们)?(?:报名?|要去|去)"
                         rf"|(?:我|俺)(?:们)?(?:也|就)?(?:要来|来)){_N}(?:个|位)?人?$")
# 「算我们两个」「算上我们仨」「也算我们三个人」: the party counted in, as 「算我一个」 counts one
CLAIM_COUNT_US = re.compile(rf"^(?:也|就)?算(?:上)?(?:我|俺)们(?:也)?{_N}(?:个|位)?人?$")
# Family and friends who come along: 「我和我老婆两个人去」「我带我儿子来」「我们两口子都去」.
KIN = ("老婆", "老公", "媳妇", "爱人", "婆娘", "堂客", "男人", "儿子", "女儿", "女婿", "儿媳",
       "老表", "表哥", "表弟", "兄弟", "哥哥", "弟弟", "姐姐", "妹妹", "侄儿", "侄子", "外甥",
       "老伴", "朋友", "邻居", "老乡", "徒弟", "师傅",
       # grown relatives and in-laws, who come along as often as a spouse does
       "表妹", "表姐", "表嫂", "堂哥", "堂弟", "堂妹", "堂姐", "堂嫂", "嫂子", "大嫂", "二嫂",
       "弟媳", "弟妹", "妯娌", "连襟", "小姑子", "小叔子", "大伯子", "小舅子", "舅子", "姨妹",
       "姨姐", "姑嫂", "舅舅", "舅妈", "叔叔", "婶婶", "婶子", "伯伯", "伯娘", "姑姑", "姑妈",
       "姨妈", "公公", "丈人", "老丈人", "岳父", "岳母", "丈母娘", "亲家", "同事", "工友",
       "大姑子", "小姨子", "大姨子", "姐夫", "妹夫", "妹子", "侄女", "外甥女")
# 「我屋里那个」「我屋里的」: one's spouse, in the dialect
_HOME_ONE = "(?<=屋里)(?:那个|的|人)|(?<=家里)(?:那个|的)"
_KIN = "(?:" + "|".join(KIN) + ")"
# people brought, said as who they are to the claimer (「我带2个同学来」「带两个工友去」, kin too:
# 「我带两个媳妇来」); 「个」 with no number is one (「我带个徒弟一起」)
_BROUGHT = r"(?:人|同学|朋友|工友|老乡|徒弟|伙计|帮手|同事|室友|亲戚|兄弟|姐妹|" + _KIN[3:]
CLAIM_BRING = re.compile(
    rf"^(?:我|俺)?带(?:{_N}(?:个|位)?{_BROUGHT}?|(?:个|位){_BROUGHT})"
    r"(?:来|去|一起|一路|一起去|一起来|一路去|一路来|过来|过去)?$")
_GO = r"(?:都|也|一起|一路)?(?:可以|能)?(?:报名|去|来|过来|过去)"
# 「我和老王两个人去」: the number says the whole party; 「我跟我儿子去」: one of kin makes two
# (「我带我屋里的一起」: going together with one's kin says the going).
CLAIM_WITH = re.compile(
    rf"^(?:我|俺)(?:和|跟|同|带)(?:我|俺)?(?:家|屋里|家里)?(?:(?P<kin>{_KIN}|{_HOME_ONE})|"
    rf"[\u4e00-\u9fff]{{1,4}}?(?={_N}(?:个人|个|位|人)))"
    rf"(?:{_N.replace('n>', 'm>')}(?:个人|个|位|人)|(?P<p>俩|仨))?(?:{_GO}|(?:一起|一路)的?)$")
# A pair said as a word: 两口子, 夫妻俩, 娘俩, 兄弟俩 …
CLAIM_PAIR = re.compile(
    rf"^(?:我|俺)?(?:们)?(?:两口子|夫妻俩|两夫妻|老两口|公婆俩|娘俩|爷俩|父子俩|母女俩|"
    rf"兄弟俩|姐妹俩|两兄弟|两姐妹){_GO}$")
# 「我们兄弟两个去」「我们姐妹三个都来」: we, the kin we are, and how many of us
CLAIM_WE_KIN = re.compile(
    rf"^(?:我|俺)们(?:家|屋里)?(?:兄弟|姐妹|夫妻|两口子|妯娌|母女|父子|母子|婆媳|姑嫂|娘儿|一家|"
    rf"老表|亲戚|朋友|邻居|老乡|工友){_N}(?:个|位)?(?:人)?{_GO}$")
# 「我明早七点到」: coming, said as a time — a claim only as a reply to the job.
ARRIVE = re.compile(
    r"^(?:我|俺)(?:们)?(?:今天|明天|后天|明早|明天早上)?(?:早上|上午|下午)?"
    r"(?:[0-9一二三四五六七八九十]{1,3}点(?:半|钟)?)?(?:准时)?(?:到|过来|过去|来)$")
# One's own going called off, in every everyday way (去 or 来, 不了 or 不成): 「来不成了」 too.
BACK_OUT = r"不去了|去不了了?|去不成了?|不来了|来不了了?|来不成了?"
WITHDRAW_TAIL = re.compile(rf"(?:{BACK_OUT})$")
PARTY_ADD = re.compile(rf"^(?:我|俺)?(?:(?:再|还要|还)?加|再带){_N}(?:个|位)?人?$")
PARTY_SET = re.compile(rf"^(?:改成|改为|变成|只去|只来|我们?去){_N}(?:个|位)?人$"
                       # 「只去四个了」: how many are left going, said with 只 (not 「改成两个」,
                       # which may be anything's number)
                       rf"|^(?:我们?|俺们?)?(?:就|只)(?:去|来)"
                       rf"{_N.replace('n>', 'only>')}(?:个|位)$")
# 「我老表也来」「他也一起去」: a clause that names who comes along, nothing else.
ALSO_COMING = re.compile(r"^(?:我|俺)?(?:家)?[\u4e00-\u9fff]{1,4}?(?:也|一起|跟着|也一起)"
                         r"(?:来|去|过来|过去|报名)了?$")
_CLAUSE = re.compile(r"[\s,，。.!！;；、]+")
# Voice input thinks aloud on the way to the number: 「我去那个电话是幺三四五…」「我那个电话是…」.
_VOICE_FILLER = r"(?:那个|这个|就是|嗯|呃|额)*+"  # possessive: three runs side by side must not
# share out a long 嗯嗯嗯… among themselves (that backtracking took seconds)
PHONE_WORD = re.compile(rf"[,，\s]*{_VOICE_FILLER}(?:我的|俺的|我|俺)?{_VOICE_FILLER}"
                        rf"(?:联系方式|联系电话|"
                        rf"电话号码|手机号码|电话号|手机号|电话|手机|号码|联系)?{_VOICE_FILLER}"
                        r"[是为:：\s]*$")
# 要得不 / 得行不: the dialect's 行不行, asking leave (「熊老板那个我去 要得不」)
QUESTION = re.compile(r"[?？吗呢]|多不多|有没有|几个|谁|什么|怎么|咋|好不好|行不行"
                      r"|要得不(?![得了])|得行不(?![得了])")
# Ending a draft, in any of the everyday ways: 「算了」「先不发了」「那就不要了吧」「不用了谢谢」.
DROP = re.compile(
    r"^(?:哎|唉|嗯|那|那就|还是|我|我们|我看|要不)*(?P<give_up>算了|算咯|算啦)?(?:先|暂时|就|还是)?"
    r"(?P<stop>不招人?|不发|不要人?|不用|别发|不弄|不找人?|不请人?|不搞|不干)?"
    r"(?:了|啦|咯|吧|啊|哈|呀|哦|谢谢|谢了|算了)*$")


def drop_phrase(text: str) -> bool:
    """Whether the text only says to let the waiting draft go, with or without why
    (「那就不要了吧 屋里姑娘放假回来了」: a reason naming no time, place, pay or count)."""
    if QUESTION.search(text):
        return False
    clauses = [c for c in _CLAUSE.split(text.strip()) if c] or [""]
    for cut in range(len(clauses), 0, -1):  # the longest head that lets go, then the reason
        head = squash("".join(clauses[:cut]))
        m = DROP.match(head)
        if m is not None and (m.group("give_up") or m.group("stop")):
            rest = clauses[cut:]
            if not rest:
                return True
            # With more said, only 算了 or a stop said as over (不要了, 不招了) lets go:
            # 「不用 面议」 answers a wage question.
            over = bool(m.group("give_up")) or "了" in head[m.end("stop"):]
            return over and not _LATER.search(" ".join(rest))
    return False


# A reason that names a number or puts it off (「明天再说」「晚点发」) is no letting go.
_LATER = re.compile(r"[0-9０-９一二两三四五六七八九十百千万]|再说|再发|再看|等等|等一下|回头|晚点|"
                    r"明天|后天|下午|晚上|过几天|面议|商量|当面|到时候|现场|改|换|按")
# Messages that name a command are themselves, never an answer to a pending question.
COMMAND_HEADS = (
    "订阅", "退订", "我的", "找活", "有什么活", "取消", "报名", "代", "绑定", "解绑", "广播",
    "统计", "推送", "恢复接活", "放行", "驳回", "设为", "撤销", "登录", "帮助", "谁报名",
    "这条发到", "删除", "导出", "还招", "招满",
)
AVAILABILITY = re.compile(r"(有空|没空|得空|不接活|接活)")
CORRECTION_HEAD = re.compile(
    r"^\s*(改|工价|工钱|工资|价格|人数|日期|时间|地点|地址|电话|联系|结算|工期)")
# 「保安工价改成180」「小工人数改成2」: the work named before a correction word says which of the
# poster's jobs it is about (a post of several jobs has a card each; the one in sight, or the
# latest, may be another).
_TRADE_HEAD = re.compile(r"^\s*(?P<trade>[\u4e00-\u9fff]{1,6}?)(?:的)?\s*"
                         r"(?=工价|工钱|工资|价格|人数|日期|时间|地点|地址|结算|工期|改)")
# ... said with a word of change: 「保安工价180 要3个…」 may be a new post.
_CHANGE_WORD = re.compile(r"改|加到|减到|涨到|降到|变成|换成")


# 「贴标签的再要一个 人数3」: the work, more of it wanted, and the value said with its word in a
# later clause (the count said in passing gives way to it)
_MORE_HEAD = re.compile(r"^\s*(?P<trade>[\u4e00-\u9fff]{1,6}?)(?:的|那个|那边)?\s*"
                        r"(?=(?:再|还|另外)(?:要|加|招|找|请)|加)")


def head_said(text: str) -> tuple[str, str] | None:
    """The word a correction names its job by, first, and the correction after it: 「保安工价改成
    180」 → (保安, 工价改成180), 「贴标签的再要一个 人数3」 → (贴标签, 再要一个 人数3); None when
    no word of change follows (the word may be no work type: :func:`trade_head` reads it)."""
    m = _TRADE_HEAD.match(text)
    more = m is None
    if more:
        m = _MORE_HEAD.match(text)
    if m is None:
        return None
    rest = text[m.end():]
    clauses = [c for c in _CLAUSE.split(rest.strip()) if c]
    if not clauses:
        return None
    if more and not any(CORRECTION_HEAD.match(squash(c)) for c in clauses[1:]) and (
            more_people(rest) is None):
        # 「揉茶的再要一个」: the raise alone after the work names the job it raises
        # (:func:`more_named`); anything else after it is no correction
        return None
    if not more and not _CHANGE_WORD.search(clauses[0]):
        return None
    return m.group("trade"), rest


def more_named(text: str) -> tuple[str, int] | None:
    """「揉茶的再要一个」「端盘子的还要两个」: :func:`more_people`'s words after the work (or a word
    of the job's own part of its post) that names the poster's job they are about; what
    more_people says of them, None for anything else."""
    said = head_said(text)
    return more_people(said[1]) if said is not None else None


def trade_head(text: str) -> tuple[str, str] | None:
    """The work type a correction names first and the correction after it (:func:`head_said`):
    「保安工价改成180」 → (保安, 工价改成180); None when no work type heads it."""
    said = head_said(text)
    if said is None:
        return None
    trade = lexicon.synonym_of(said[0]) or lexicon.work_type_of(said[0])
    return (trade, said[1]) if trade is not None else None


def part_named(session: Any, near: Job, word: str, now: dt.datetime) -> Job | None:
    """The live job of ``near``'s post (a post of several jobs) whose own part of the post says
    ``word`` and no other job's part does (「装瓶的人数改成3」 of 「…摇蜜 要四个小工…；还要两个
    装瓶贴标签的…」), or whom ``word`` says the job is for or its place in the post (「男工」
    「第二个」); None otherwise."""
    post = session.get(Post, near.post_id)
    key = squash(word)
    if post is None or not key:
        return None
    every = store.jobs_of_post(session, near.post_id)
    # 「男的工价…」 heads with 男, its 的 read as the head's own
    item = _item_word(key if len(key) >= 2 else key + "的")
    if item is not None and item.work_type is None and len(every) >= 2:
        # 「男工工价改成两百二」 of 「…要男工三个 一天两百 女工两个…」: whom a job is for (or its
        # place in the post) is no word of its own part, but it picks that one job all the same
        hits = [job for i, job in enumerate(every)
                if (job.gender == item.gender if item.gender is not None
                    else i == (item.ordinal or 0) - 1)]
    elif len(key) < 2:
        return None
    else:
        said = [j.own for j in parse_text(post.text, now).jobs]
        if len(said) < 2 or len(said) != len(every) or not all(said):
            return None
        hits = [job for job, part in zip(every, said, strict=True) if key in squash(part or "")]
    return hits[0] if len(hits) == 1 and hits[0].status in store.LIVE else None


def trade_head_after_reason(text: str) -> tuple[str, str] | None:
    """Privately, :func:`trade_head` of a clause after the reason for it
    (「客多了二十桌 帮厨人数改成3」 → (帮厨, 人数改成3)): the reason states nothing of the job."""
    if cancel_with_reason(text) is not None or squash(text).startswith(("取消", "不招")):
        return None  # 「取消 小工人数改成1」: a cancel with a change, read as the cancel rules say
    for m in _CLAUSE.finditer(text.strip()):
        found = trade_head(text.strip()[m.end():])
        if found is not None:
            return found
    return None


# 「开业推迟了 改到18号」「下雨了 日期改成后天」: a correction said after its reason — a clause
# headed by a word of change with its value (「改天再说」 is another day, no value).
LATER_CORRECTION = re.compile(
    r"^(?:改成|改为|改到|换成|"
    r"(?:工价|工钱|工资|人数|日期|时间|地点|地址|日子)(?:改成|改为|改到|改|加到|减到|涨到|降到|换成|变成))")


def correction_said(text: str) -> bool:
    """A correction word heads the message, or follows the work it is about."""
    return bool(CORRECTION_HEAD.search(text)) or trade_head(text) is not None


def correction_after_reason(text: str) -> bool:
    """Privately, a correction word with its value heading a clause after the reason for it
    (in a group the reason may be about anything: 「村民大会取消了 改到下个礼拜」)."""
    clauses = [squash(c) for c in _CLAUSE.split(text.strip()) if squash(c)]
    for i, clause in enumerate(clauses):
        if _trade_prefix(clause) is not None:
            return False  # a work named: which job, said as 「小工人数改成1」, is trade_head's
        if i and LATER_CORRECTION.match(clause):
            return True
    return False


ASKED_FIELDS = {"工种": ("work_type",), "地点": ("township", "village"),
                "工价": ("wage_min",), "日期": ("start_date", "confirm")}
CONFIRM_WORDS = ("对", "对的", "是", "是的", "没错", "确认", "确定", "照发", "就是这天")

# A claim only as a reply to the card: alone in a group they are anyone's word.
REPLY_CLAIMS = frozenset({"我", "俺", "算我", "算我的", "算我一份", "我一个", "1", "一个"})
BARE_GO = frozenset({"去", "来"})
# The poster going somewhere (「我下午去坪阡买对联 回来再说」): a place named in it is where
# they go, not a correction of the job's place, unless said with a correction word.
OWN_MOVE = re.compile(r"(?:我|俺)(?:们)?[\u4e00-\u9fff]{0,4}?"
                      r"(?:去|回|(?<![加推改延提挪换])到|上(?![午工班]))|再说$")
# 「去年这个时候工价才一百」: what was, told under one's card, is no correction
PAST_TALK = re.compile(r"去年|前年|往年|以前|上回|上次|那时候|原来")
BARE_NUMBER = re.compile(r"^[0-9一二两三四五六七八九十百千万]+(?:元|块)?$")
# 「今天雪真大」「明天要落雨」「今天客人真多」「今天雾大得很」「今天这个雨下得好大」: the day is
# when the weather or the world is so, told under one's card — no day for the job (「后天好些」
# prefers a day: not a remark)
DAY_REMARK = re.compile(
    r"^(?:今天|今儿|今早|明天|明早|后天|这两天|这几天)(?:的)?[\u4e00-\u9fff]{0,6}?"
    r"(?:(?:真|好|太|很|蛮|几|硬是|特别|非常|怪|老)(?!些|点|一些|一点)[\u4e00-\u9fff]{1,3}|"
    # the degree said after: 「今天雾大得很」「今天冷死了」
    r"[\u4e00-\u9fff]{1,3}?(?:得很|得狠|得要命|得不得了|死了|极了)|"
    r"(?:要|会|又|还在|在)?(?:下雨|落雨|下雪|落雪|下冰|结冰|起雾|刮风|打雷|出太阳|天晴|天阴)"
    r"[\u4e00-\u9fff]{0,2})(?:了|哦|啊|呀|哈|嘛|噻|的|滴)*$")


# 「明天这个雨肯定小不了」「后天的天气怕是好不了」: a clause whose subject is the weather of the
# day it names, whatever is said of it — a forecast, no day for the job; one day word only, and
# nothing that moves or conditions the work (「明天雨停了就采」「明天下雨改后天」)
WEATHER_TALK = re.compile(
    r"^(?:今天|今儿|今早|今晚|明天|明早|明晚|后天|这两天|这几天)(?:的)?"
    r"(?:这个|这场|那个|这|那)?[\u4e00-\u9fff]{0,3}?(?:雨|雪|雾|风|冰雹|霜|太阳|天气|气温)"
    r"[\u4e00-\u9fff]{0,10}$")
_WEATHER_MOVES = re.compile(r"就|才|再|改|换|推|挪|提前|延|等")


def day_remark(text: str) -> bool:
    """A day named only as the time of a remark about the weather or how things are, with no
    other day said: 「今天雪真大 路上都冇得人走」, 「明天这个雨肯定小不了」."""
    clauses = [squash(c) for c in _CLAUSE.split(text.strip()) if c]
    dated = [c for c in clauses if _DAY_WORD.search(c)]
    return bool(dated) and all(_remark(c) for c in dated)
# The work's own news told under one's card (「今天烘了五百多斤」「今天鲜叶收了一千二百斤」): what
# was done, weighed or counted in the produce — a report, not a day, time or count for the job
_DONE_REPORT = re.compile(r"了\s*[0-9一二两三四五六七八九十百千万几]+\s*(?:多|来)?\s*"
                          r"(?:斤|公斤|吨|筐|箱|担|背篓|篓|袋|包|瓶|车|亩|棵|株|捆|板"
                          # 「炒了四锅」「运了两趟」: batches and trips done, no people
                          r"|锅|批|趟"
                          # 「洗了八百多个碗」: things counted by 个, never people
                          r"|个(?!人|小?工|师傅|[^\s]{0,2}员|帮|妹|姐|哥|嫂|伢|娃)[\u4e00-\u9fff])")
# ... and what the poster guesses or does not know yet (「晚上怕是要搞到十一点」「几点下班还不
# 晓得」): no value is set by a guess
_GUESS = re.compile(r"怕是|恐怕|估计|说不定|不晓得|不知道|不清楚|还没定|冇定|没准")
_SAYS_VALUE = re.compile(r"[0-9一二两三四五六七八九十百千万]|今|明|后天|点")
# ... and what is still left of the field or the produce (「明天还有一大坡」「还剩两垄没摘」): the
# work's news, no day for the job (people left to find, 「还要三个人」, are a count)
_LEFT_REPORT = re.compile(r"^(?:今天|明天|后天|明早|上午|下午|晚上)?(?:都|也)?(?:还有|还剩|剩下|剩)"
                          r"(?:的)?(?:[0-9一两二三四五六七八九十几半好]+)?(?:大|小)?(?:个|块)?"
                          r"(?:坡|片|块|垄|亩|山|园|沟|湾|棚|田|地)")


# 「再要一个」「再加两个人」: more people than before, counted — how many in all is not said
MORE_COUNT = re.compile(rf"(?:再|另外)(?:要|加|招|找|请|喊){_N}(?:个|名|位)")
# 「再要两个人」「再加两个」「还要一个」 said alone by the poster about their own job: people wanted
# beyond the count — 再/加: that many more than the card's count; 还要: that many still wanted
# beyond those who have a place (so 「还要两个」 with two places open changes nothing). Alone:
# 「我们屋里还要两个人吃饭」 or 「还要两个小工 120一天 电话…」 (a new job) say more.
MORE_PEOPLE = re.compile(
    rf"^(?:那|那就|就|老板|嗯)*(?:我|俺)?(?:们)?(?:这边|这里)?"
    rf"(?P<how>再要|再加|再招|再找|再请|再喊|再来|加|还要|还得要|还需要|还招|还请|还找)"
    rf"{_N}(?:个|名|位)?(?:人|工人)?(?:了|哈|啊|吧|哦|嘛|噻|撒)*$")


def more_people(text: str) -> tuple[str, int] | None:
    """「再要两个人」 → ("more", 2): that many more than the job's count; 「还要一个」 →
    ("still", 1): that many still wanted beyond the people placed. None for anything else,
    or a question (「再要两个人吗」「还要人不」: the words must be all there is)."""
    m = MORE_PEOPLE.match(squash(text))
    if m is None:
        return None
    return ("still" if m.group("how").startswith("还") else "more"), _count(m.group("n"))


def more_people_with_reason(text: str) -> tuple[tuple[str, int], str] | None:
    """「再加两个人 今年洋芋结得多 三个人挖不完」「核桃结得多 再加两个人」: :func:`more_people`'s
    words as the first or the last clause, the reason for them in the others; (what
    more_people says, the reason). The caller checks the reason says nothing new of the job
    (:func:`raise_reason_plain`). None for a question or anything else."""
    clauses = [squash(c) for c in _CLAUSE.split(text.strip()) if squash(c)]
    while clauses and (HELLO.match(clauses[0]) or FILLER.match(clauses[0])):
        clauses = clauses[1:]
    if len(clauses) < 2 or ASKS.search(text):
        return None
    for head, rest in ((clauses[0], clauses[1:]), (clauses[-1], clauses[:-1])):
        said = more_people(head)
        if said is not None:
            return said, " ".join(rest)
    return None


# A count said in a raise's reason (「三个人挖不完」): the job's own count, or it is news
_REASON_COUNT = re.compile(rf"{_N}\s*(?:个|位|名)?\s*人")


def raise_reason_plain(s: Situation, view: JobView, reason: str) -> bool:
    """Whether the reason beside a raise (「今年洋芋结得多 三个人挖不完」) only talks: no
    value the job could take (a phone, a wage, a day, a place, another work), and a count
    only as the job's own (the people it wanted so far).
    A reason with such a value is not applied unasked (「再加两个人 工钱一百八」)."""
    if correction_said(reason) or CHANGES_JOB.search(squash(reason)):
        return False  # 「人数3 再要一个」: the count said with its word is the correction
    if any(v is not None and k not in ("headcount", "work_type") for k, v in s.fields.items()):
        return False
    if s.fields.get("work_type") not in (None, view.work_type):
        return False
    return all(_count(m.group("n")) == view.headcount
               for m in _REASON_COUNT.finditer(squash(reason)))


# 「加两个」 said to the room: two more of anything (粽子, 菜) — people only with 再 or 人
# (「再加两个」「加两个人」), or replying to the card
_BARE_ADD = re.compile(rf"^(?:那|那就|就|老板|嗯)*(?:我|俺)?(?:们)?(?:这边|这里)?"
                       rf"加{_N}(?:个|名|位)?(?:了|哈|啊|吧|哦|嘛|噻|撒)*$")


def bare_more(text: str) -> bool:
    """「加两个」: more of no thing said — not alone the poster's people wanted."""
    return bool(_BARE_ADD.match(squash(text)))


def raised_count(view: JobView, said: tuple[str, int]) -> int | None:
    """The job's new headcount for :func:`more_people`'s words, or None when they raise
    nothing (「还要两个」 with two places still open is a reminder)."""
    how, n = said
    count = view.headcount + n if how == "more" else view.taken + n
    return count if n >= 1 and count > view.headcount else None


# 「也要人」「也要四个」「也缺人」: wanting people as well as before (not 「也要得」「也要会开车」)
ALSO_WANTED = re.compile(r"也(?:要|招|缺|差|需要|请)(?:人|几|个|[0-9一二两三四五六七八九十]+)")


def floor_talk(text: str) -> bool:
    """Shop-floor talk under one's own card: every clause that says a number, a day or an hour
    reports what was done (「今天烘了五百多斤」) or guesses (「晚上怕是要搞到十一点」) — the job
    stays as it is (a correction word is read before this)."""
    clauses = [squash(c) for c in _CLAUSE.split(text.strip()) if squash(c)]
    valued = [c for c in clauses if _SAYS_VALUE.search(c)]
    # a guess of the people needed (「估计要5个人才搞得完」) is no floor talk: it is read as
    # before (a correction of the count), never left unanswered
    return bool(valued) and all(_DONE_REPORT.search(c) or _LEFT_REPORT.match(c) or (
        _GUESS.search(c) and not _GUESSED_COUNT.search(c)) for c in valued)


_GUESSED_COUNT = re.compile(r"[0-9一二两三四五六七八九十几]+\s*(?:个|位|名)?\s*人")


# Privately, the poster saying a value again (「是后天」「我刚才说错了 不是明天 是后天」
# 「不是3个 是4个」) corrects their job as a correction word does; 是的/是啊 agree, and a
# question asks.
# 「说错了」「打错了」: what was said is taken back
_WRONG = r"(?:说|搞|打|写|讲|弄|记|发)错了"
RESTATE = re.compile(rf"{_WRONG}|^(?:不对|错了)"
                     r"|^是(?![的啊呀吧哦嘛噻撒滴不否这那我你他她])"
                     # 「不是3个 是4个」: the value put aside, then the one meant
                     r"|^不是[^是]{1,8}?是(?![的啊呀吧哦嘛噻撒滴不否这那我你他她])")
_ASKING = re.compile(r"[吗嘛呢？?]|是不是")
# Under one's own card 「不是明天是后天吗？」 asks (someone's doubt, said again); it corrects
# nothing. 嘛/呢 are left out: 「是后天嘛」 says it.
_ASKED = re.compile(r"[吗？?]|是不是")
ACT = 0.7  # a reading this strong acts, when no rival is close
ASK = 0.4  # this strong: ask privately, stay quiet in a group
CLOSE = 0.2  # a rival within this of the best blocks acting


@dataclass(frozen=True)
class JobView:
    """What reading needs of a job: which, whose, of what type, in what state."""

    id: int
    mine: bool
    work_type: str | None = None
    status: str = "open"
    claimed: bool = False  # the reader has an active claim on it
    party: int = 0  # how many people that claim brings (0: no claim)
    gender: str | None = None  # whom the job is for (male | female), when the post says
    facts: tuple[tuple[str, Any], ...] = ()  # a pending draft's stated fields
    wage: float | None = None  # its wage as the card shows it (the lower end)
    start_time: str | None = None  # when its day's work starts ("06:00"), when the post says
    headcount: int = 0  # how many people it wants
    taken: int = 0  # how many of them have a place
    # its post gave another job still live (a post of several jobs): 「再要一个」 names none
    several: bool = False


@dataclass
class Situation:
    text: str
    private: bool
    parse: Parse
    fields: dict[str, Any] = field(default_factory=dict)
    replied: JobView | None = None  # the job of the bot message this replies to
    sight: JobView | None = None  # the latest card (group) or job message (private)
    own: JobView | None = None  # privately: the reader's latest live job
    pending: JobView | None = None  # a draft of the reader's waiting for ``asked``
    asked: tuple[str, ...] = ()
    rival: bool = False  # another open job's card (a group) or push (privately) is in sight too
    # Privately, with other pushes in sight: the message names the day of the job in sight and
    # of none of the others (「要得 我去 周六一早到」), so it says which job it is about.
    day_picks: bool = False
    # 「保安工价改成180」: the work named (``trade``) and the poster's live job of it
    # (``named``), which the correction is about, whatever job is replied to or in sight.
    trade: str | None = None
    named: JobView | None = None
    # Names that may stand beside a claim, squashed: the sender's own (「算我一个 柏二」 signs
    # it) and, replying to a card, its poster's (「春桂 我去」 says whom it answers).
    names: tuple[str, ...] = ()
    pieces: bool = False  # read whole with the sender's messages before it (bot/filters.py)
    draft_here: bool = False  # a group: a job posted here waits as a draft, no card in sight
    # A claim naming one job of a post (「我去当钢筋工」「报名 第二个」): ``replied``/``sight`` is
    # that job and ``claim_text`` the claim with the name taken out; ``unnamed``: the job
    # named is none of the post's (or not one alone), so nothing is claimed.
    claim_text: str | None = None
    unnamed: bool = False
    # A claim to the group naming one of its open jobs (「邓老板那个活算我一个」): ``sight`` is
    # that job, as sure as a reply to its card.
    named_here: bool = False
    # A group: the post says again what an open job of the group says (its work, and no
    # count, day or phone of its own) — talk about that job, no job of its own.
    echoes: bool = False
    # A group, not a reply: the message just before is someone else's (not the poster's) that
    # names the speaker or asks a question (「明天打牌三缺一 小柳来不来」) — 「好 我来」 after it
    # answers that person, not the card. Looked up only when a claim would be taken (a
    # statement), so the group's chatter costs nothing.
    answering: Callable[[], bool] = lambda: False


@dataclass(frozen=True)
class Reading:
    kind: str  # claim | party | correction | answer | post | drop | chatter
    strength: float
    evidence: str
    job_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    action: str  # act | ask | quiet
    reading: Reading


squash = filters.squash


def count_word(raw: str | None) -> int:
    """How many people 「3」「三」「俩」 say (one when nothing is said)."""
    if raw is None:
        return 1
    return int(raw) if raw.isdigit() else _NUMBER.get(raw, 1)


_count = count_word


# Pure functions of the text, asked about one message by several filters and by the reading
# (party_said four times a message): remembered by text (issue 12).
@functools.lru_cache(maxsize=1024)
def claim_phrase(text: str) -> tuple[int, str | None] | None:
    """How many people a claim standing alone brings, and a phone given with it; None when
    the text is not a claim by itself (a question, a sentence about one's plans, 报名0人)."""
    phone = None
    spans = [(a, b, d) for a, b, d in find_phones(text) if d.startswith("1") and len(d) == 11]
    if len(spans) == 1 and not text[spans[0][1]:].strip(" 。.!！") and spans[0][0] > 0:
        phone = spans[0][2]
        text = PHONE_WORD.sub("", text[:spans[0][0]])
    words = squash(text)
    if not words or QUESTION.search(text):
        return None
    if words in CLAIM_WORDS:
        return 1, phone
    words = _FILLERS.sub("", words)
    twice = _SAID_TWICE.match(words)
    if twice is not None:
        words = twice.group(1)
    if words in CLAIM_WORDS:
        return 1, phone
    m = CLAIM_WITH.match(words)
    if m is not None:
        raw = m.group("m") or m.group("p")
        if raw is None and m.group("kin") is None:
            return None
        count = _count(raw) if raw is not None else 2
        return (count, phone) if count >= 2 else None
    if CLAIM_PAIR.match(words):
        return 2, phone
    for pattern, extra in ((CLAIM_ALONE, 0), (CLAIM_COUNT, 0), (CLAIM_COUNT_US, 0),
                           (CLAIM_BRING, 1), (CLAIM_WE_KIN, 0)):
        m = pattern.match(words)
        if m is not None:
            raw = m.group("n")
            if raw is None and pattern is CLAIM_ALONE and WE.match(words):
                return None  # "我们去" says not how many
            count = _count(raw) + extra
            return (count, phone) if count >= 1 else None
    return None


# Doubt about the pay is no question to take the job on (「我去，一天才120？」).
_PAY_DOUBT = re.compile(r"才|钱|块|元|工价|工资|[0-9一二两三四五六七八九十百]{2,}")


def claim_with_question(text: str) -> int | None:
    """「我去 是后天吗」「报名 管饭吗」: a claim phrase as one clause and a question about the
    job in each other — how many come; None for anything else, or when the question doubts
    the pay."""
    clauses = [squash(c) for c in _CLAUSE.split(text.strip()) if squash(c)]
    said = [found for c in clauses if (found := claim_phrase(c)) is not None]
    rest = [c for c in clauses if claim_phrase(c) is None]
    if len(said) != 1 or not rest or not all(QUESTION.search(c) for c in rest):
        return None
    if any(_PAY_DOUBT.search(c) for c in rest):
        return None
    return said[0][0]


def party_change(text: str) -> tuple[str, int] | None:
    """「我再加1个人」 → ("add", 1); 「改成2个人」 → ("set", 2). A clause after it that only
    says who comes along (「我老表也来」) is part of it."""
    clauses = [c for c in _CLAUSE.split(text.strip()) if c]
    if len(clauses) > 1 and all(ALSO_COMING.match(squash(c)) for c in clauses[1:]):
        text = clauses[0]
    if QUESTION.search(text):
        return None
    words = squash(text)
    m = PARTY_ADD.match(words)
    if m is not None:
        return "add", _count(m.group("n"))
    m = PARTY_SET.match(words)
    if m is not None:
        return "set", _count(m.group("n") or m.group("only"))
    return None


CANCEL_HEADS = ("取消", "取消招工", "不招了", "算了不招了", "不招人了", "不要人了", "撤下",
                "算了不要了", "不用来了", "活不干了", "不做了")


def cancel_with_reason(text: str) -> str | None:
    """「不招了 房子不弄了」: a cancel word with a reason after it; the reason is returned (the
    caller checks it carries no correction). None for anything else, or a question."""
    clauses = [c for c in _CLAUSE.split(text.strip()) if c]
    while clauses and (HELLO.match(squash(clauses[0])) or FILLER.match(squash(clauses[0]))):
        clauses = clauses[1:]  # 「喂喂 那个 明天的活不招了啊 …」: what voice says first
    if len(clauses) < 2 or QUESTION.search(text):
        return None
    head = _CANCEL_OBJECT.sub("", squash(clauses[0]))
    if head not in CANCEL_HEADS and _PARTICLES.sub("", head) + "了" not in CANCEL_HEADS:
        return None
    return " ".join(clauses[1:])


def _trade_prefix(words: str) -> tuple[str, str] | None:
    """「水电工我自己找到了」 → (水电工, 我自己找到了): a listed word for a work type that begins
    the words, the longest one."""
    for n in range(min(6, len(words)), 1, -1):
        trade = lexicon.synonym_of(words[:n])
        if trade is not None:
            return trade, words[n:]
    return None


_TAKE_DOWN = ("取消", "撤下", "撤掉")
_JOB_WORD = re.compile(r"^的?(?:活路?|工)?")


def cancel_named(text: str) -> tuple[str, str] | None:
    """The poster taking down one of their jobs by its work: 「取消 水电工我自己找到了」
    「取消水电工」「水电工不招了 自己找到了」 → (the work type, the reason, maybe empty; the
    caller checks it carries no correction). None when no work is named, or for a question."""
    clauses = [squash(c) for c in _CLAUSE.split(text.strip()) if squash(c)]
    while clauses and (HELLO.match(clauses[0]) or FILLER.match(clauses[0])):
        clauses = clauses[1:]
    if not clauses or ASKS.search(text):
        return None
    head, rest = clauses[0], clauses[1:]
    if head in CANCEL_HEADS or head in _TAKE_DOWN:
        named = _trade_prefix(rest[0]) if rest else None  # 「取消 水电工我自己找到了」
        return (named[0], " ".join([named[1], *rest[1:]]).strip()) if named else None
    down = next((w for w in _TAKE_DOWN if head.startswith(w)), None)
    if down is not None:  # 「取消水电工」「撤下水电工的活 自己找到了」
        named = _trade_prefix(head[len(down):])
        if named is None:
            return None
        return named[0], " ".join([_JOB_WORD.sub("", named[1]), *rest]).strip()
    named = _trade_prefix(head)  # 「水电工不招了」「水电工的活取消」
    if named is None:
        return None
    said = _JOB_WORD.sub("", named[1])
    if said not in CANCEL_HEADS and _PARTICLES.sub("", said) + "了" not in CANCEL_HEADS \
            and _PARTICLES.sub("", said) not in CANCEL_HEADS:
        return None
    return named[0], " ".join(rest)


# 「明天的活不招了啊」: the job named before the cancel word, and particles after it
_CANCEL_OBJECT = re.compile(r"^(?:明天|后天|今天|这个|那个)?(?:的)?(?:活|工)(?=不|算了|取消)")
_PARTICLES = re.compile(r"了?(?:啊|哈|哦|呀|嘛|啦)+$")


# --------------------------------------------------------------------------- said with more
# People rarely say a bare 「我去」 or 「取消报名」: they add when they come, what they can do,
# who comes along, why they back out. Words that only add the speaker's circumstances keep the
# reading; a question, a doubt, a place to go to, or talk of the pay leave it unsure.

# 「想来挣几个钱」「去赚几个钱」: coming to earn a little, a reason, not asking how many
# (「一天能挣几个钱」 asks)
ASKS = re.compile(r"[?？吗呢]|多不多|有没有|(?<![想要来去][挣赚])几个|几点|多少|谁|什么|啥|哪|"
                  r"怎么|咋|好不好|行不行|能不能|可不可以|要不要|(.)不\1|[不没]$|不哦$")
_LEAD = re.compile(r"^(?:那|那就|就)")
KIN_MORE = ("表妹", "表姐", "堂哥", "堂弟", "堂妹", "堂姐", "侄女", "孙子", "外孙", "舅舅",
            "叔叔", "伯伯", "姑姑", "嫂子", "弟媳", "亲戚", "同学", "工友", "伙计", "连襟",
            "姐", "哥", "弟", "妹", "老头子", "老头", "老太婆", "老婆子", "老汉", "婆婆",
            "姑娘", "闺女", "丫头", "幺儿", "娃儿", "老大", "老二", "老三", "老幺",
            # parents and grandparents, who come along to pick tea or dig potatoes too
            # (「我和我妈两个」 … 「我妈来不成了」)
            "妈妈", "妈", "老妈", "老娘", "娘", "爸爸", "爸", "老爸", "爹", "老爹", "父亲",
            "母亲", "奶奶", "爷爷", "外婆", "外公", "家婆", "家公", "姥姥", "姥爷")
# 「我屋里那个」: one's spouse, in the dialect
_ANY_KIN = "(?:" + "|".join(KIN + KIN_MORE) + "|" + _HOME_ONE + ")"
# Clauses that only say the speaker's circumstances.
# 「收到」「晓得了」: what a group answers anything it has read — before a claim, only that.
# The young say it with a particle of their own: 「好滴」「好哒」「好呀」「ok哒」「嗯嗯」.
AGREE = re.compile(r"^(?:(?:要得|得行|好|好的|好嘞|行|可以|中|嗯|没问题|没有问题|莫得问题|冇得问题|"
                   r"没得问题|冇问题|莫问题|ok|妥|来了|收到|晓得了|知道了|明白)"
                   r"(?:滴|哒|噠|呀|咧|勒|嘞|哈|哦|噢|喔)*)+$")
FREE = re.compile(r"^(?:(?:她|他|我|俺)(?:正好|刚好)?(?:放假|放暑假|放寒假|休息|歇着|闲着)了?"
                  r"(?:在屋里|在家)?"
                  r"(?:的|哈|呢)?$)|^(?:我|俺)?(?:今天|明天|后天|这几天|正好|刚好|都)?(?:在家)?(?:得空|有空|"
                  r"有时间|闲着|没事|没得事)(?:的|哈|呢)?$"
                  # 「这回得空了」「现在有时间了」: free now, where one was not before (the 了 of
                  # a change; 「这回没空了」 is no circumstance of a claim)
                  r"|^(?:我|俺)?(?:这回|这下|这次|现在|如今|终于|总算)(?:也|都)?(?:得空|有空|有时间)了"
                  r"(?:哈|呢|嘛|哦)?$")
COMING = re.compile(
    r"^(?:我|俺)?(?:们)?(?:今天|明天|后天|那天|当天|明早|明晚|一早|早上|上午|中午|下午|晚上|"
    r"(?:这|下)?(?:周|星期|礼拜)[一二三四五六日天]|[0-9一二三四五六七八九十]{1,3}号|"
    r"(?:腊月|正月|冬月|[一二三四五六七八九十]{1,2}月)?(?:初[一二三四五六七八九十]|"
    r"(?:十|二十|廿|三十)[一二三四五六七八九]?)){0,3}"
    r"(?:[0-9一二三四五六七八九十]{1,3}点(?:半|钟)?)?(?:之前|以前|前)?"
    r"(?:就|准时|马上|一定|按时|早点)?(?:(?:坐|搭|骑|开)"
    # 「坐早上七点半的班车来」: which bus, by its hour
    r"(?:(?:早上|上午|中午|下午|明早)?[0-9一二三四五六七八九十]{1,3}点(?:半|钟)?的)?"
    r"(?:班车|车|摩托|三轮|电瓶车|车子))?"
    r"(?:到|过来|过去|来|出发|动身)(?:(?:你|您)?(?:屋里|家里|家|那里|那边|那儿)|"
    r"(?<=到)[\u4e00-\u9fff]{1,4}(?:村|社区)|"
    # 「明早七点到山脚下」: where the work's people meet, the spot of the work itself
    r"(?<=到)(?:山脚下?|山下|山上|路口|村口|桥头|地头|地里|田里|工地|门口|坡上|垭口)"
    r"(?:那里|那边|那儿|等)?)?(?:了|哈)?$")
SKILL = re.compile(
    r"^(?:我|俺)?(?:以前|之前|原来|早年|一直)?(?:开了|干了|做了|干过|做过|开过|搞过|学过|"
    r"当过|会开|会做|会干)[\u4e00-\u9fff0-9]{1,10}$|"
    r"^(?:我|俺)?(?:有经验|经验丰富|是老手|老手|熟手|力气大|身体好|能吃苦|"
    r"有(?:车|三轮|摩托|工具|证|驾照|手艺|力气))$")
WITH_KIN = re.compile(
    rf"^(?:我|俺)?(?:自己)?(?:和|跟|同|带|带上|还有)?(?:我|俺)?(?:家|屋里|家里)?"
    rf"(?:{_N.replace('n>', 'k>')}?(?:个|位))?{_ANY_KIN}"
    rf"(?:{_N}(?:个人|个|位|人))?(?:也|一起|一路|跟着)?(?:来|去|过来|过去|报名)?(?:了|的)?$")
# 「谢谢老板红包」「多谢柯老板的红包」: thanks, for the red envelope too, as a group says them.
# 「谢谢你啊同志」: the one thanked called by a title after.
THANKS = re.compile(r"^(?:谢谢|多谢|感谢|麻烦了|辛苦了)(?:[\u4e00-\u9fff]?老板|你|您|大家|各位)?"
                    r"(?:的)?(?:大?红包)?(?:了|哈|啊|呀)?"
                    # 「谢谢你啊同志」: whom the thanks are for, called after them
                    r"(?:同志|领导|[\u4e00-\u9fff]?老板|师傅|老师)?(?:了|哈|啊|呀)?$")
# The group's greetings (「早上好」「各位早安」「大家好」), said before anything else.
GREETING = re.compile(r"^(?:各位|大家|老板们|朋友们|群友们)?(?:早上好|早安|早|上午好|中午好|下午好|"
                      r"晚上好|好)(?:啊|呀|哈|哦)?$")
# People brought are a party, never a thing brought (「自己带两个人」).
_PEOPLE = re.compile(r"[0-9一二两三四五六七八九十几]|人|帮手|伙计")
# Taking a place behind the others (「排个队」「排后面」「候补也行」), or asking whether there is
# room before offering (「还要人不 我可以」): said around a claim, they keep it one.
# (「排到后头」「排在后边」: behind the others, in any of the words for behind)
QUEUE = re.compile(r"^(?:我|俺)?(?:先)?(?:排(?:个|一个)?(?:队|候补|号)|排(?:在|到)?后(?:面|头|边)|"
                   r"排上|排着|候补(?:一个)?|等着补)(?:也行|也可以|也要得|也好)?(?:吧|哈|嘛)?$")
# Asking when to come, where to meet or what to bring goes with going: a claim said with it
# stays one (the contract's 「我可以去，几点到？」); asking about the pay does not.
# The particles a question ends with, the young's among them (「明天几点到呀」「哪里集合哇」).
ASK_END = r"(?:啊|呀|呢|哦|嘛|哇|捏)*"
_WHEN_Q = (r"(?:那天|当天|今天|明天|后天|明早)?(?:早上|上午|下午)?(?:几点钟?|什么时候|啥时候|几时)"
           rf"(?:到|去|来|集合|出发|开工|上工|动身)?{ASK_END}")
_WHERE_Q = rf"(?:在)?(?:哪里|哪儿|哪点|啥地方)(?:集合|碰头|等){ASK_END}"
LOGISTICS_Q = re.compile(
    # 「那我明天几点到」: the speaker said again before asking (「我去 那我明天几点到」)
    rf"^(?:那)?(?:(?:我|俺)(?:们)?)?{_WHEN_Q}$|"
    rf"^{_WHERE_Q}$|"
    r"^(?!.*(?:钱|押金))(?:要不要|用不用|需不需要|要)(?:我|俺)?(?:自己)?带[\u4e00-\u9fff]{1,5}?"
    r"(?:不|吗|啵|么)?$")
# Voice runs the question on when or where to come into what is said before it
# (「…身体好得很几点钟到哦」): the question at the end of a longer clause.
LOGISTICS_TAIL = re.compile(rf"(?:{_WHEN_Q}|{_WHERE_Q})$")


def logistics_off(text: str) -> str:
    """``text`` without its questions on when or where to come (「几点到」「在哪里集合」),
    as clauses of their own or run onto the clause before them by voice: what is left says
    whether it is a claim (a claim asking when to come is one, :data:`LOGISTICS_Q`)."""
    kept = [c for c in _CLAUSE.split(text.strip()) if c and not LOGISTICS_Q.match(squash(c))]
    if kept:
        tail = LOGISTICS_TAIL.search(kept[-1])
        if tail is not None:  # (a clause that is the question alone went above)
            kept[-1] = kept[-1][:tail.start()]
    return " ".join(kept)


# 「涨了那我也去」: what happened, then the claim it brings on (not an "if": 要是涨了 …)
_GOT_SO = re.compile(r"^(?![\u4e00-\u9fff]*(?:要是|如果|假如|万一|等|不|没|莫|冇))"
                     r"[\u4e00-\u9fff]{1,4}了那(?:就|我就)?$")
# Voice input runs a claim into what comes with it: 「要得要得我去嘛那天早上八点就到」.
# 「…猪场算我一个我今年五十八了…」: 算我一个 runs on as 我去 does
CLAIM_IN_RUNON = re.compile(r"(?:(?:我|俺)(?:也)?(?:去|来)(?![年过的])"
                            r"|算(?:上)?(?:我|俺)(?:一个|一份)?)(?:嘛|哈|噻|撒|哦|啊|呀)?")
# Where voice input runs clauses together: before the speaker (not after 跟/和 …) and a day
# (not after the speaker: 「我明天早上七点钟就到」 is one clause).
_RUNON_CUT = re.compile(r"(?<=[\u4e00-\u9fff])(?<![跟和同带叫喊给我俺们])"
                        r"(?=我们|我|俺|明天|后天|今天|明早)"
                        # 「我是老田那个锄草的活我去」: and before pointing at the job (not 「我屋里
                        # 那个」「就是那个」「嗯那个」, one's spouse and fillers)
                        r"|(?<=[\u4e00-\u9fff])(?<![跟和同带叫喊给我俺们里家的是嗯啊哦呃额喂])(?=那个)")
# A name to address the poster, first (「符老板」「王师傅」「老板」).
# Voice calls out with a particle after it (「万老板啊」「谭婶呀」; 「老天啊」 calls nobody).
ADDRESS = re.compile(r"^(?:[\u4e00-\u9fff]{0,2}(?:老板|师傅|哥|姐|叔|伯|嫂|婶|主任|经理|大爷|婆婆|"
                     r"大妈|大娘|老板娘)|老(?!天)[\u4e00-\u9fff])(?:啊|呀|哈|哦|嘛)?$")
# What voice input says while it thinks (「嗯 那个 老板 我去」), and 「你到时候打我电话」.
_FILLER_WORDS = r"那个|这个|就是|嗯|哦|呃|额|啊"
FILLER = re.compile(rf"^(?:{_FILLER_WORDS}|就是说|你听我说|是这样的)+$")
# 「嗯那个甘大爷」: filler, then a name
FILLER_LEAD = re.compile(rf"^(?:{_FILLER_WORDS})+")
# 「喂你好周老板」: a call's hello, then whom it calls
CALL_LEAD = re.compile(rf"^(?:{_FILLER_WORDS}|喂|你好|您好)+")
CALL_ME = re.compile(r"^(?:你)?(?:到时候|有事|有啥事)?(?:就)?(?:打|拨)(?:我|俺)(?:的)?(?:电话|手机)"
                     r"(?:就行|就是|嘛|哈)?$")
# 「我跟老杨两个人」: the claimer and someone named, counted
_ANY_KIN_EARLY = "(?:" + "|".join(KIN) + "|妹|姐|哥|弟|妹妹|姐姐|老伴|姑娘|儿子|女儿)"
# 「我把我妹也喊上」: one of kin called along
CALLED_ALONG = re.compile(rf"^(?:我|俺)?把(?:我|俺)?(?:家|屋里)?{_ANY_KIN_EARLY}(?:也)?"
                          r"(?:喊上|叫上|带上|带来|喊来|叫来|喊起|叫起)$")
# The speaker and who comes along, said as one (「我和我老公两个」「我跟老杨两个人」)
WITH_ME = re.compile(r"^(?:我|俺)(?:自己)?(?:和|跟|同)")
WITH_NAMED = re.compile(rf"^(?:我|俺)(?:和|跟|同)[\u4e00-\u9fff]{{1,3}}?{_N}(?:个人|个|人)$")
ROOM_Q = re.compile(r"^(?:还|请问还)?(?:要人|招人|缺人|差人|招)(?:不|吗|没|啵|么)$|"
                    r"^还要不要人$")
# 「我可以」 standing alone says not what; after asking whether there is room it is an offer.
OFFER = re.compile(r"^(?:那)?(?:我|俺)(?:也)?(?:可以|能行|能来|能去|行|来)(?:的|哈|哦)?$")
# 「我们两个人」「一共三个」: the party's size, said on its own; also with who they are
# (「我们三个女的」「我们两个男的」: a party of three, of two).
PARTY_SIZE = re.compile(rf"^(?:我们|俺们|咱们)?(?:一共|总共|共)?{_N}"
                        r"(?:个人|个|位|人|个(?:女的|男的|女人|男人|妇女))$"
                        # 「我们俩」「我们仨」: the count word is the party
                        r"|^(?:我们|俺们|咱们)(?:一共|总共|共)?(?P<n2>俩|仨)$")
# What the claimer brings along ('喷雾器我自己带', '自带工具', '我自己带饭'): no money in it.
BRINGS = re.compile(r"^(?:我|俺)?(?:们)?(?:自己|自)带(?:上|着)?"
                    r"(?:(?![去到来])[\u4e00-\u9fff]){1,6}$|"
                    r"^[\u4e00-\u9fff]{1,6}?(?:我|俺)?(?:自己|自)带(?:来|去|过去|过来|上|着)?$")
TOGETHER = re.compile(r"^(?:我们|俺们|他们)?(?:都)?(?:是)?(?:一伙|一起|一帮|一家|一路|一个队)"
                      r"的?(?:人)?$")
# What one can do is said in open words: a doubt, a "not" or the pay inside makes it more.
_NOT_SKILL = re.compile(r"[不没莫冇别]|钱|块|元|工资|工钱|价|有点|才|看看|再说|考虑|想想|商量|"
                        r"问问|可能|也许|说不定|看情况|到时候|估计")


def _companions(clause: str) -> int | None:
    """How big a party a clause about who comes along makes (「我和我表妹」: 2), or None."""
    if not re.search(_ANY_KIN, clause):
        return None
    m = WITH_KIN.match(clause)
    if m is not None:
        # 「我和我表妹两个」: the number is the party; 「带我两个老表」: the kin and me.
        return (_count(m.group("n")) if m.group("n")
                else _count(m.group("k")) + 1 if m.group("k") else 2)
    return 2 if ALSO_COMING.match(clause) else None


# What one has done or can do, in any words (「我在馆子里洗过几年」「砌石头我在行」「切菜我拿手」
# 「我会铺床叠被子」「家务做得来」「重活干得动」): a mark of experience or skill, short, with no
# going somewhere in it (得来/得到 after a verb of doing is being able, not coming).
_SKILL_MARK = re.compile(r"过(?!年)|会|在行|拿手|熟|经验|老手|手艺|专业|"
                         r"[了干做搞](?:[0-9一二两三四五六七八九十几多]+年|大?半辈子|一辈子|"
                         r"多年|好多年|好几年)|"  # '我砌了十几年墙了'
                         r"(?<=[\u4e00-\u9fff])(?<![来去到回过])得(?:来|好|动|到)")
_GOING = re.compile(r"去(?!过)|(?<!得)来(?!过)|(?<!得)到(?!过)")


def _skill_said(clause: str) -> bool:
    if len(clause) > 14 or ASKS.search(clause) or _NOT_SKILL.search(clause):
        return False
    return bool(_SKILL_MARK.search(clause)) and not _GOING.search(clause)


# Voice input begins by checking the line: 「喂喂听得到不」 asks nothing about the job.
HELLO = re.compile(r"^喂+(?:喂|听得到不|听得到吗|听得见不|听到没|能听到不|能听到吗)*$")


# One's age (「我今年五十九」「我六十七了」「五十八岁」): who one is, never how many come. Said
# with 今年, 岁 or 了, so that a bare 「我五十」 (the pay?) is not taken for it.
_AGE = re.compile(r"^(?P<lead>(?:我|俺)(?:今年|都|已经)*|今年)?(?:都|有|已经)?"
                  r"(?P<age>十[六七八九]|[二三四五六七八九]十[一二三四五六七八九]?|[1-9][0-9])"
                  r"(?P<mark>多?岁了?|多了|了|出头)?")
# Fit for the work (「身体好得很」「手脚麻利」「干活利索」)
ABLE = re.compile(r"^(?:我|俺)?(?:身体|身子|手脚|力气|腿脚|干活|做事)(?:还|也|很|蛮|都|硬)?"
                  r"(?:好|麻利|利索|快|大|硬朗|灵活|扎实)(?:得很|的很|着呢|呢|的|哈)?$")
# Where one lives (「我就住青树村」「我家就住三堆河」): near the work, no doubt in it
LIVES = re.compile(r"^(?:我|俺)(?:家|屋里)?(?:也|就)?住(?:在)?(?![得不太哪])"
                   r"(?!.*[远偏])[一-鿿]{2,5}$")
# How near (「走路十分钟」「骑车五分钟就到」)
NEAR = re.compile(r"^(?:走路|骑车|开车|坐车|走过来|过来)?(?:就|只要|也就)?"
                  r"(?:[0-9]{1,2}|[一二两三四五六七八九十几半]{1,3})(?:分钟|里路|步路?)"
                  r"(?:就到了?|的路)?$")
# What kept the work back has cleared (「这回路通了」「雨停了」)
CLEARED = re.compile(r"^(?:这回|这下|现在|今天|已经)?(?:路|雪|雨|天|班车|车)(?:也|都|已经)?"
                     r"(?:通|停|晴|开|化)了(?:哈|嘛|噻|啊)?$")
# One's own other plan given up for the work (「赶场不赶了」「走亲戚不走了」)
GAVE_UP = re.compile(r"^(?P<plan>[\u4e00-\u9fff]{1,4}?)(?:就|也)?不(?P<v>[^去来到])了(?:哈|嘛)?$")


def _age_said(clause: str) -> int:
    """Where a clause's saying of one's age ends (0: it says none)."""
    m = _AGE.match(clause)
    if m is None or not (m.group("mark") or "今年" in (m.group("lead") or "")):
        return 0
    return m.end()


def _circumstance(clause: str) -> bool:
    aged = _age_said(clause)
    if aged:  # 「我今年五十八了身体好得很」: the age, then maybe more about oneself
        return aged == len(clause) or _circumstance(clause[aged:])
    gave_up = GAVE_UP.match(clause)
    if gave_up is not None and gave_up.group("v") in gave_up.group("plan"):
        return True
    if (ABLE.match(clause) or LIVES.match(clause) or NEAR.match(clause)
            or CLEARED.match(clause)):
        return True
    if (AGREE.match(clause) or HELLO.match(clause) or FREE.match(clause) or COMING.match(clause)
            or THANKS.match(clause) or TOGETHER.match(clause) or GREETING.match(clause)):
        return True
    if (QUEUE.match(clause) or ADDRESS.match(clause) or FILLER.match(clause)
            or CALL_ME.match(clause)):
        return True
    if BRINGS.match(clause) and not _NOT_SKILL.search(clause) and not re.search(_ANY_KIN,
                                                                                 clause) \
            and not _PEOPLE.search(clause):
        return True
    return (bool(SKILL.match(clause)) and not _NOT_SKILL.search(clause)) or _skill_said(clause)


_TASK = r"(?P<task>[\u4e00-\u9fff]{2,3})"
_CUE_THEN_TASK = re.compile(rf"^(?P<cue>(?:那|那就)?(?:我|俺)(?:也)?(?:去|来)){_TASK}$")
_TASK_THEN_CUE = re.compile(rf"^{_TASK}(?P<cue>算我一个|算我|我去|我来|报名)$")


# 「你屋里那个锄草的活」「这个活」「那个卸货的」: the job itself, pointed at before the claim —
# as the poster's (你屋里), as this one (这个/那个), or by its task.
_JOB_REF = re.compile(r"^(?P<yours>(?:你|您)(?:屋里|家里|家)?的?)?(?P<that>那个|这个)?"
                      r"(?P<task>[\u4e00-\u9fff]{0,4}?)(?:的活|的|活)$")


# A shift or a part of the day names the job by the hour its work starts (「那个早班的活」 of a
# job from six in the morning): the hours (from, to) each word takes in.
_SHIFT_HOURS = {"早班": (4, 10), "早上": (4, 10), "上午": (5, 12), "白班": (5, 13),
                "中班": (10, 17), "中午": (10, 14), "下午": (12, 18), "晚班": (16, 28),
                "夜班": (18, 28), "晚上": (17, 28)}


def shift_fits(word: str, start_time: str | None) -> bool:
    """The shift or part of the day ``word`` says (「早班」「下午的」) is when the job starts
    (``start_time``, "HH:MM"); a job whose hour is not known fits none."""
    span = _SHIFT_HOURS.get(word)
    if span is None or not start_time or not start_time[:2].isdigit():
        return False
    hour = int(start_time[:2])
    hour += 24 if hour < 4 else 0  # a night shift's small hours
    return span[0] <= hour < span[1]


def _ref_claim(clause: str, work_type: str | None, start: str | None = None) -> str | None:
    """「你屋里那个锄草的活算我一个」「这个活我去」「那个卸货的我去」「那个早班的活我去」: the
    claim said after pointing at the job — the claim, when the job pointed at is this one (its
    task is its kind of work or its shift, or no task is said and 这个/那个 or 你屋里 points)."""
    for cut in range(2, len(clause) - 1):
        if points_here(clause[:cut], work_type, start) and claim_phrase(clause[cut:]) is not None:
            return clause[cut:]
    return None


def points_here(ref: str, work_type: str | None, start: str | None = None) -> bool:
    """「那个锄草的活」「你屋里那个活」「这个活」: ``ref`` only points at the job (its task is its
    kind of work or its shift, or 这个/那个 or 你屋里 points with no task said)."""
    m = _JOB_REF.match(ref)
    if m is None:
        return False
    task = m.group("task")
    if task:
        return shift_fits(task, start) or (
            work_type is not None and lexicon.work_type_of(task) == work_type)
    return bool(m.group("that") or m.group("yours"))


def claim_repeated(clause: str) -> bool:
    """「我去啊我去」「嗯那个我去我去」: a claim said twice in a breath, as voice writes it."""
    return bool(_SAID_AGAIN.fullmatch(FILLER_LEAD.sub("", clause)))


_SAID_AGAIN = re.compile(rf"(?:{CLAIM_IN_RUNON.pattern}){{2,}}")


def joined_phones(text: str) -> str:
    """A phone spoken in groups (「幺三四 五六七零 八八二一」) as one run of digits, so that
    cutting the text at its spaces keeps the phone whole."""
    for a, b, digits in sorted(find_phones(text), reverse=True):
        if re.search(r"\s", text[a:b]):
            text = text[:a] + digits + text[b:]
    return text


def _own_task_off(clause: str, work_type: str | None) -> str:
    """「打扫卫生我得空」 under a 保洁 job: the job's own work said first, then the claimer
    about themself — the clause without the work (which says only which job it is)."""
    if work_type is None:
        return clause
    for n in (4, 3, 2):
        head, rest = clause[:n], clause[n:]
        if (rest[:1] in ("我", "俺") and lexicon.work_type_of(head) == work_type
                and (_circumstance(rest) or claim_phrase(rest) is not None)):
            return rest
    return clause


def _task_claim(clause: str, work_type: str | None, start: str | None = None) -> str | None:
    """「我去洗碗」「洗碗算我一个」 replying to a 帮厨 job: the claim cue, when the task named
    is that job's kind of work (「我去镇上」 names a place, 「我去搬砖」 another job); also
    the claim after pointing at the job (:func:`_ref_claim`)."""
    m = _CUE_THEN_TASK.match(clause) or _TASK_THEN_CUE.match(clause)
    if m is None or work_type is None or lexicon.work_type_of(m.group("task")) != work_type:
        return _ref_claim(clause, work_type, start)
    return m.group("cue")


# --------------------------------------------------------------------------- the item named
# A post may offer several jobs (「1、钢筋工… 2、木工…」, 「男工3名 女工10名」), one card each. A
# claim that names one of them — by its work (「我去当钢筋工」), its place in the list (「报名
# 第二个」) or whom it is for (「我报女工」「男工算我一个」) — takes that job, whichever card of
# the post it replies to or has in sight. Only a name said as part of the claim counts: the
# claim clause with the name taken out is a claim by itself, or the name is a clause alone;
# a name elsewhere (「第二个是做么子的」「以前当过电焊工」) is talk.

_ORDINAL = re.compile(r"^第(?P<n>[0-9]|[一二两三四五六七八九十])(?:个|项|种|样|条|类)?"
                      r"(?:活|工种)?$")
# 「女工」「男的」, also said as the job's name (「女的那个」「男工那边」)
_GENDERED = re.compile(r"^(?P<g>男|女)(?:(?:工|的)(?:那个|那边)?|那个|那边)(?:活)?$")
# the verb before the work taken (「当钢筋工」「做保洁」); 「报」 before it is 报名 (「我报女工」)
_ITEM_VERB = re.compile(r"^(?:当|做|干|搞)")
_ITEM_LONGEST = 6
_ITEM_POINTED = re.compile(r"(?:的)?(?:那个|那边)(?:的)?(?:活)?$")


@dataclass(frozen=True)
class Item:
    """What a claim says of the job it takes: an ordinal, a gender or a work type."""

    ordinal: int | None = None
    gender: str | None = None
    work_type: str | None = None

    def fits(self, index: int, job: JobView) -> bool:
        if self.ordinal is not None:
            return index == self.ordinal - 1
        if self.gender is not None:
            return job.gender == self.gender
        return job.work_type == self.work_type


def _item_word(word: str) -> Item | None:
    """「第二个」「女工」「钢筋工」 (also after 当/做/干): the item a word names, or None."""
    m = _ORDINAL.match(word)
    if m is not None:
        n = m.group("n")
        return Item(ordinal=int(n) if n.isdigit() else _NUMBER.get(n))
    m = _GENDERED.match(word)
    if m is not None:
        return Item(gender="male" if m.group("g") == "男" else "female")
    # 「那个钢筋工」「当钢筋工」, and 「小工那个」「小工那边的」: the work, pointed at
    work = _ITEM_VERB.sub("", _ITEM_POINTED.sub("", re.sub(r"^(?:那个|这个)", "", word)))
    if not work or len(work) > _ITEM_LONGEST:
        return None
    found = lexicon.title_of(work)
    return Item(work_type=found) if found is not None else None


def _is_claim(words: str) -> bool:
    return claim_phrase(words) is not None or claim_phrase(_LEAD.sub("", words)) is not None


@functools.lru_cache(maxsize=1)
def _work_words() -> dict[str, frozenset[int]]:
    """Every listed work-type word (synonym) by its first character: the lengths it comes in."""
    lengths: dict[str, set[int]] = {}
    for words in lexicon.load_work_types().values():
        for word in words:
            lengths.setdefault(word[0], set()).add(len(word))
    return {first: frozenset(n) for first, n in lengths.items()}


def _may_name_item(clause: str) -> bool:
    """Whether some part of ``clause`` could be an item word (:func:`_item_word`): an
    ordinal says 第, whom a job is for says 男 or 女, and a work type is a listed work word
    (with a title or 的 after it, or 当/做 before it) — so a clause holding none of these
    names no item, and its every part need not be tried (most chatter; issue 12)."""
    if "第" in clause or "男" in clause or "女" in clause:
        return True
    words = _work_words()
    for at, char in enumerate(clause):
        lengths = words.get(char)
        if lengths is not None and any(
                lexicon.synonym_of(clause[at:at + n]) is not None for n in lengths):
            return True
    return False


def _clause_item(clause: str) -> tuple[Item, str] | None:
    """The item a clause names and the claim it says, the item taken out: 「我去当钢筋工」 →
    (钢筋工, 我去); 「男工算我一个」 → (male, 算我一个); 「我报女工」 → (female, 我报名);
    「第二个」 alone → (2, "")."""
    if not _may_name_item(clause):
        return None
    alone = _item_word(clause)
    if alone is not None:
        return alone, ""
    for cut in range(1, len(clause)):
        head, tail = clause[:cut], clause[cut:]
        item = _item_word(tail)
        if item is not None:
            claim = head + "名" if head.endswith("报") else head
            if _is_claim(claim):
                return item, claim
        item = _item_word(head)
        if item is not None and _is_claim(tail):
            return item, tail
    # 「我们三个女的都去」: the item said between who goes and the going
    for start in range(1, len(clause) - 1):
        for end in range(start + 2, min(start + _ITEM_LONGEST, len(clause) - 1) + 1):
            item = _item_word(clause[start:end])
            if item is not None and _is_claim(clause[:start] + clause[end:]):
                return item, clause[:start] + clause[end:]
    return None


def item_named(text: str) -> tuple[Item, str] | None:
    """The one item a claim names and the text with it taken out (the claim to read); None
    when none is named, or two different ones are."""
    clauses = [squash(c) for c in _CLAUSE.split(text.strip()) if squash(c)]
    found: Item | None = None
    rest: list[str] = []
    for clause in clauses:
        said = _clause_item(clause)
        if said is None:
            rest.append(clause)
            continue
        if found is not None and said[0] != found:
            return None
        found = said[0]
        if said[1]:
            rest.append(said[1])
    return (found, " ".join(rest)) if found is not None and rest else None


# A job of a post named by a word of its own part of the post (「摇蜜我来」「我去装瓶」「采茶的
# 我去」 of 「…摇蜜 要四个小工…；还要两个装瓶贴标签的…」): the word and the claim, in one short
# clause. The word is a task: no day, number, place, person or the post's common words.
_PART_END = re.compile(r"(?:的|那个|那边|这个)$")
_NOT_TASK = re.compile(r"[0-9一二两三四五六七八九十百千万几]|今|明|后天|号|周|星期|礼拜|早|晚|"
                       r"上午|下午|村|镇|乡|社区|县|城|电话|联系|工价|工钱|都是|还要|老板|师傅|"
                       r"[我俺你他她]")
_PART_CLAUSE_MAX = 12


def _task_word(word: str) -> bool:
    return (2 <= len(word) <= _ITEM_LONGEST and not _NOT_TASK.search(word)
            and _surname(word) is None and not _is_claim(word))


def part_claim(text: str) -> tuple[str, str] | None:
    """「摇蜜我来」 → (摇蜜, 我来); 「我去装瓶」 → (装瓶, 我去); 「采茶的我去」 → (采茶, 我去): a
    word that may name one job of a post by its own part, and the claim said with it; None
    for a first clause longer than one short one, or a question (「装瓶的多少钱」). What
    follows the first clause (「做饭的我来 灶上的事做了半辈子」「… 我姐也来」「… 一天好多钱」)
    stays with the claim and is read with it, about the job named, as any claim's words are."""
    clauses = [squash(c) for c in _CLAUSE.split(text.strip()) if squash(c)]
    while len(clauses) > 1 and (FILLER.match(clauses[0]) or AGREE.match(clauses[0])):
        clauses = clauses[1:]  # 「嗯 灌瓶我来」「好的 …」: what is said before anything
    if not clauses:  # (a question has no claim in it: 「灌瓶我去吗」)
        return None
    rest = clauses[1:]
    clause = FILLER_LEAD.sub("", clauses[0])
    if len(clause) > _PART_CLAUSE_MAX:
        return None
    for cut in range(2, len(clause) - 1):
        head, tail = clause[:cut], clause[cut:]
        word = _PART_END.sub("", head)
        if _task_word(word) and _is_claim(tail):
            return word, " ".join([tail, *rest])
        word = _PART_END.sub("", tail)
        if _task_word(word) and _is_claim(head):
            return word, " ".join([head, *rest])
    return None


def item_job(item: Item, jobs: list[JobView], near: JobView) -> JobView | None:
    """The job of the post (``jobs``, in the post's order) the item picks: the one in sight
    when it fits (「我去洗碗」 under the 帮厨 card), else the only one that fits; None when
    none or several do."""
    fit = [j for i, j in enumerate(jobs) if item.fits(i, j)]
    if any(j.id == near.id for j in fit):
        return near
    return fit[0] if len(fit) == 1 else None


# 「邓老板那个活」「搬砖的那个」「覃姐那边的」: a word naming a job of the group, then the word
# saying it is a job
_NAMING = re.compile(r"^(?P<key>.{2,8}?)(?:的那个活|的那个|那个活|那个|那边的|那边|家的|的活|的)")
# 「那我报程姐那个摘辣椒的」「我也报柯大爷那个」: the sign-up said first, the job named after it
# (and nothing else after it: the names are all the clause says)
_SIGN_FIRST = re.compile(r"^(?:那|那就|就)?(?:我|俺)(?:也|就|还是|改)?(?:报个名|报名|报)(?=..)")
# a question naming a job (「覃姐那边管几顿饭」「+1 同问」) claims nothing
_ASKS = re.compile(r"同问|几[顿点个天块]|多少|啥子|哪个|哪里")
_TITLE = re.compile(r"^(?:老|小|阿)?(?P<s>.)(?:老板娘|老板|老师|师傅|姐|哥|嫂|叔|婶|总|家)?$")


@dataclass(frozen=True)
class Known:
    """What a job of the group is known by: its poster's name and contact, its post as
    written, its work type and its village."""

    id: int
    names: tuple[str, ...]
    post: str
    work_type: str | None
    village: str | None
    # the part of its post that is its own, in a post of several jobs (nlp.jobs.Job.own),
    # and the other jobs' parts ("|"-joined)
    own: str | None = None
    elsewhere: str = ""


def _surname(word: str) -> str | None:
    m = _TITLE.match(word)
    return m.group("s") if m is not None and len(word) > 1 else None


def _names_job(key: str, job: Known) -> bool:
    """Whether a word names the job: its poster (「邓老板」, also by surname and title), a
    word of its post (its task 「搬砖」, its place), its work type or its village."""
    return _says_job(key, job) or (not _names_nobody(key) and job.work_type is not None
                                   and lexicon.title_of(key) == job.work_type)


def _says_job(key: str, job: Known) -> bool:
    """Whether a word names the job by what its post says or who posted it — not only by
    the kind of work, which several jobs may share."""
    if _names_nobody(key):
        return False
    if key in job.names:
        return True
    if key in job.post:
        # 「装瓶那个」 names the job whose part of the post says 装瓶, never its sibling's
        return job.own is None or key in job.own or key not in job.elsewhere
    said = _surname(key)
    if said is not None and any((_surname(n) or n[:1]) == said for n in job.names if n):
        return True
    return bool(job.village) and key in (job.village, (job.village or "").removesuffix("村"))


def _jobs_named(key: str, jobs: list[Known]) -> set[int]:
    """The jobs a word names; 「小工那个」 where a post writes 泥工 and 小工: of those, the job
    of that work."""
    # 「打核桃那个」 among three 采摘工 jobs: the one whose post says 打核桃, not the others
    # that only share its kind of work
    ids = ({j.id for j in jobs if _says_job(key, j)}
           or {j.id for j in jobs if _names_job(key, j)})
    if not ids:
        # 「周老板锄草那个」: two names run together (the poster, then the task), both of the job
        for cut in range(2, len(key) - 1):
            head = {j.id for j in jobs if _names_job(key[:cut], j)}
            ids = head & {j.id for j in jobs if _names_job(key[cut:], j)} if head else set()
            if ids:
                break
    work = lexicon.title_of(key)
    return {j.id for j in jobs if j.id in ids and j.work_type == work} or ids


def names_a_job(text: str) -> bool:
    """Whether a clause of ``text`` opens with a word that may name some job (「…那个」), in
    no question: only then are the group's jobs looked up. What :func:`group_named` would
    turn down whatever the jobs (one's own 「我屋里的…」, a question) costs no look-up."""
    text = logistics_off(text)  # 「龚老板那个 我去 几点到」: asking when to come goes with going
    if QUESTION.search(text) or _ASKS.search(text):
        return False
    for c in _CLAUSE.split(text.strip()):
        lead = FILLER_LEAD.sub("", squash(c))
        m = _NAMING.match(_SIGN_FIRST.sub("", lead))
        if m is not None and not _names_nobody(m.group("key")):
            return True
    return False


def _names_nobody(key: str) -> bool:
    return key in CLAIM_WORDS or key.startswith(("我", "俺"))


def _names_taken(left: str, jobs: list[Known]) -> tuple[set[int] | None, str]:
    """The jobs the names leading ``left`` all fit (「覃姐那个打药的…」), None when none leads,
    and what is said after the names."""
    hit: set[int] | None = None
    while (m := _NAMING.match(left)) is not None:
        ids = _jobs_named(m.group("key"), jobs)
        if not ids:
            break
        hit = ids if hit is None else hit & ids
        left = left[m.end():]
    return hit, left


def group_named(text: str, jobs: list[Known]) -> tuple[int | None, str] | None:
    """A claim to the group naming its job (「邓老板那个活算我一个」「搬砖的那个 我去」
    「覃姐那个打药的我去」): the one job of ``jobs`` all its names fit, or None for the job when
    none or several do, and the claim with the names taken out; None when no job is named or
    what is left is no claim (「覃姐那边管几顿饭」)."""
    found: set[int] | None = None
    rest: list[str] = []
    claim: str | None = None
    sign_first = False
    # 「龚老板那个 我去 几点到」: asking when or where to come goes with going (as a claim
    # replying to a card does, :func:`claim_around`): read without it
    text = logistics_off(text)
    for village in {j.village for j in jobs if j.village and j.village.endswith("村")}:
        # 「…就到猫儿观」: a village of the group's jobs said without its 村 is that village
        short = village.removesuffix("村")
        if len(short) >= 2:
            text = re.sub(rf"{re.escape(short)}(?!村)", village, text)
    for clause in (squash(c) for c in _CLAUSE.split(text.strip()) if squash(c)):
        left = FILLER_LEAD.sub("", clause)
        signed = _SIGN_FIRST.match(left)
        if signed is not None:
            left = left[signed.end():]
        hit, left = _names_taken(left, jobs)
        if hit is not None and 2 <= len(left) <= _ITEM_LONGEST and _jobs_named(left, jobs):
            hit &= _jobs_named(left, jobs)  # 「胡老板那个泥工」: the work said last
            left = ""
        if signed is not None and hit is not None and left:
            hit = None  # 「我报老李的店里…」: more than the job's names after the sign-up
        if hit is not None and left and not (_is_claim(left) or _runon_claim(left)):
            left, hit = _word_then_claim(left, jobs, hit)  # 「老田那个喜酒我去」
        if hit is None:
            rest.append(clause)
            continue
        found = hit if found is None else found & hit
        if signed is not None:
            sign_first = True
        elif left and claim is None and (_is_claim(left) or _runon_claim(left)):
            claim = left  # 「…那个活算我一个」: the claim with the name; what follows: remarks
        elif left:
            rest.append(left)
    if claim is not None and rest and (more := claim_around(" ".join([claim, *rest]))) and (
            more[0] > 1):
        # 「挖天麻那个我去 我跟我老公两个」: who comes along, said after the claim, is its party
        claim = " ".join([claim, *rest])
    phones = [c for c in rest if _phone_alone(c) is not None]
    if claim is not None and len(phones) == 1:
        claim = f"{claim} {phones[0]}"  # 「汪老板那个我去 电话138…」: the phone goes with it
    if sign_first and claim is None:
        # the sign-up said first, the names after it taken out: the claim, read with what
        # else is said (「那我报程姐那个 明天再说」 hedges)
        claim = " ".join(["报名", *rest])
    said = claim if claim is not None else " ".join(rest)
    if (found is None or not said or not (_may_claim_around(said) or _runon_claim(said))
            or QUESTION.search(text) or _ASKS.search(text)):
        return None
    return (next(iter(found)) if len(found) == 1 else None), said


# 「哎呀我报错了」「不好意思 点错了」: one's own claim taken on the wrong job
_WRONG_CLAIM = re.compile(r"^(?:哎呀|哎|唉|呀|啊|不好意思|对不起|对不住)*(?:我|俺)?"
                          r"(?:刚才|刚刚|才)?(?:报|点|回|搞|弄|选)错了?(?:了|哈|啊|呀|哦)*$")
# 「是要去张老板那个」「我要报的是覃姐那边」: the job meant, said after it
_MEANT = re.compile(r"^(?:我|俺)?(?:是|本来是|应该是)?(?:要|想)?(?:去的|报的|报名|去|报)?(?:是)?")


def says_claimed_wrong(text: str) -> bool:
    """Whether a clause says one's own claim went to the wrong job (「我报错了」「点错了」) —
    before any job is looked up: 「今天天气不错」 has 错 but says nothing of the kind."""
    return any(_WRONG_CLAIM.match(squash(c)) for c in _CLAUSE.split(text.strip()) if squash(c))


def switch_named(text: str, jobs: list[Known]) -> int | None:
    """「我报错了 是要去张老板那个端盘子的 砌墙我又不会」: a claim taken on the wrong card, and
    the one job of ``jobs`` meant instead, named as :func:`group_named` names one; None when
    no clause says the claim was wrong, the words name no one job, or anything is asked."""
    clauses = [squash(c) for c in _CLAUSE.split(text.strip()) if squash(c)]
    if (QUESTION.search(text) or _ASKS.search(text)
            or not any(_WRONG_CLAIM.match(c) for c in clauses)):
        return None
    found: set[int] | None = None
    for clause in clauses:
        if _WRONG_CLAIM.match(clause):
            continue
        hit, left = _names_taken(_MEANT.sub("", clause, count=1), jobs)
        if hit is None or (left and not _is_claim(left)):
            continue  # a reason (「砌墙我又不会」), or words after the name that are no claim
        found = hit if found is None else found & hit
    return next(iter(found)) if found is not None and len(found) == 1 else None


def _word_then_claim(left: str, jobs: list[Known], hit: set[int]) -> tuple[str, set[int]]:
    """「工地算我一个」 after 「向老板那个」: a word of the post run straight into the claim names
    the job too (the claim, the jobs both names fit); unchanged when no such word leads a claim."""
    for cut in range(2, min(len(left) - 1, _ITEM_LONGEST) + 1):
        head, tail = left[:cut], left[cut:]
        ids = _jobs_named(head, jobs)
        if ids and (_is_claim(tail) or _runon_claim(tail)):
            return tail, hit & ids
    return left, hit


def _may_claim_around(text: str) -> bool:
    """Whether :func:`claim_around` could find a claim in ``text`` about some job: a clause
    of it is a claim phrase or a task said with a claim cue (the job's work type decides
    only the latter)."""
    asked_room = False
    for clause in (squash(c) for c in _CLAUSE.split(text.strip()) if squash(c)):
        if (claim_phrase(clause) is not None or claim_phrase(_LEAD.sub("", clause)) is not None
                or _CUE_THEN_TASK.match(clause) or _TASK_THEN_CUE.match(clause)
                or (asked_room and OFFER.match(clause))):
            return True  # 「还要人不 我可以」: asking for room, then offering, claims too
        asked_room = asked_room or bool(ROOM_Q.match(clause))
    return False


def _phone_alone(clause: str) -> str | None:
    """The mobile a clause gives and nothing else (「电话13886432907」), read as a claim's
    trailing phone is (``claim_phrase``)."""
    spans = [(a, b, d) for a, b, d in find_phones(clause) if d.startswith("1") and len(d) == 11]
    if len(spans) != 1 or spans[0][1] != len(clause) or PHONE_WORD.sub("", clause[:spans[0][0]]):
        return None
    return spans[0][2]


def _runon_claim(clause: str) -> bool:
    """「要得要得我去嘛那天早上八点钟就到你屋里」: a claim run together with agreement before
    it and the claimer's circumstances after it, as voice input writes it."""
    return _runon_after(clause) is not None


def _runon_after(clause: str) -> str | None:
    """What follows the claim run together in ``clause`` ("" when nothing), or None when the
    clause is no run-on claim."""
    for m in CLAIM_IN_RUNON.finditer(clause):
        before, after = clause[:m.start()], clause[m.end():]
        if before and not (AGREE.match(before) or _GOT_SO.match(before)):
            continue
        while (again := CLAIM_IN_RUNON.match(after)) is not None:
            after = after[again.end():]  # 「我去啊我去我明天…」: said twice
        if (not after or _circumstance(after) or LOGISTICS_Q.match(after)
                or _party_said(after) is not None):
            return after
    return None


def _claim_head(clause: str) -> int | None:
    """「我们五个去啊都是摘了几十年茶的老手」: a whole claim phrase (with its count) run by
    voice into the claimer's circumstances, as 「我去」 runs (:func:`_runon_after`) — how many
    come; None unless everything after the phrase only says about the claimer, and the phrase
    ends a word (「我们两个去年也采过」 is last year)."""
    for cut in range(len(clause) - 1, 1, -1):
        head = claim_phrase(clause[:cut])
        after = clause[cut:]
        if (head is not None and after[0] not in "年过的"
                and (_circumstance(after) or LOGISTICS_Q.match(after))):
            return head[0]
    return None


def _party_said(clause: str) -> int | None:
    """「我跟我屋里老婆子两个人一路的」「我们两个人」: how many come, said after a run-on claim."""
    named = WITH_NAMED.match(clause)
    if named is not None:
        return _count(named.group("n"))
    size = PARTY_SIZE.match(clause)
    return (_count(size.group("n") or size.group("n2")) if size is not None
            else _companions(clause))


# 「我后天一早就来」: when one comes, with who or when said (a bare 「来」「马上到」 is anyone's).
_BARE_COMING = re.compile(r"^(?:就|马上|一定|准时|按时|早点)?(?:到|过来|过去|来|出发|动身)"
                          r"(?:了|哈)?$")
# 「我是柏二」「柏二」: a name said beside a claim (whose names count: ``claim_around``)
# (「我是中岭村的老田」: who one is, with where one is from)
_SIGNED = re.compile(r"^(?:我是|我叫|俺是|俺叫)?(?:(?<=是)[\u4e00-\u9fff]{1,6}?的)?(?P<name>.+)$")


def _arrival(clause: str) -> bool:
    return bool(COMING.match(clause)) and not _BARE_COMING.match(clause)


def claim_around(text: str, work_type: str | None = None, *, names: tuple[str, ...] = (),
                 replying: bool = False, start: str | None = None
                 ) -> tuple[int, str | None] | None:
    """「得空 算我一个」「要得 我去 下午就到」「我们两个去 我和我表妹」: a claim with words
    that only add the claimer's circumstances; how many come, and a phone given with it.
    None when anything else is said (a question, a doubt, a place one goes to, the pay):
    only clauses known to say circumstances are let through. Voice input with no
    punctuation is cut where the speaker or a day starts a new clause, when it reads as
    nothing whole.

    ``names``: the claimer's own names and the poster's (squashed) — a clause that only
    signs with one (「算我一个 柏二」) or calls the poster by it (「春桂 我去」) says who
    talks to whom, nothing more; anyone else's name is not let through (for them?).
    ``replying``: the text replies to the job, so saying when one comes (「要得 我后天一早就
    来」) is taking it, as :data:`ARRIVE` is; said to the group it is anyone's plan.
    ``start``: when the job's work starts, so a shift pointing at it (「那个早班的活」) fits."""
    whole = claim_phrase(text)
    if whole is not None:
        return whole
    clauses = [squash(c) for c in _CLAUSE.split(text.strip()) if squash(c)]
    found = _around(clauses, work_type, names, replying, start)
    if found is None and any(len(c) > 8 for c in clauses):
        cut = [p for c in clauses for p in _RUNON_CUT.split(c) if p]
        if len(cut) > len(clauses):
            called = CALL_LEAD.sub("", cut[0])
            lead = FILLER_LEAD.sub("", cut[0])
            if (ADDRESS.match(cut[0]) or ADDRESS.match(called) or called in names
                    or ADDRESS.match(lead)
                    or (work_type is not None and lexicon.work_type_of(lead) == work_type)):
                # 「符老板 我去哈 …」「嗯那个甘大爷我去啊 …」「喂你好周老板 …」, and 「嗯那个采茶的
                # 活我去啊 …」: whom it is said to, or which job (its own work), first
                cut = cut[1:]
            found = _around(cut, work_type, names, replying, start)
    return found


# The phone given is a new one (「原来那个号不用了」「换号了」「这是新号」): said of the phone the
# claim gives, so it passes only with one given (without it, the old number would reach the
# employer: not a claim to act on unasked).
_PHONE_NOUN = r"(?:电话|手机)?(?:号码|号|电话|手机)"
NEW_NUMBER = re.compile(
    rf"^(?:我|俺)?的?(?:原来|以前|之前|过去|老|旧)(?:的|那个|那|个|用的)*{_PHONE_NOUN}"
    r"(?:已经|早就|早|都)?(?:不用了|没用了|停了|停机了|停用了|不要了|作废了|丢了|打不通了?|注销了|"
    r"销号了|欠费了)$"
    rf"|^(?:我|俺)?(?:换|改)了?(?:个)?新?{_PHONE_NOUN}了?$"
    rf"|^(?:这|这个)?(?:是)?(?:我的?)?新{_PHONE_NOUN}$")


def _around(clauses: list[str], work_type: str | None, names: tuple[str, ...] = (),
            replying: bool = False, start: str | None = None
            ) -> tuple[int, str | None] | None:
    # No question passes but one: each clause must be a claim phrase (which refuses
    # questions) or one of the circumstances above; asking whether there is still room
    # (「还要人不」) goes with an offer, since it only asks for a place.
    count: int | None = None
    party = 1
    phone = None
    asked_room = offered = asked_more = arrived = together = renumbered = False
    for clause in clauses:
        if clause.startswith("@") and len(clause) > 1:
            # WeChat's 「@冯老板」 calls him as 「冯老板」 does; anyone else's name: not through
            clause = clause[1:]
        clause = _own_task_off(clause, work_type)
        signed = _SIGNED.match(clause)
        if signed is not None and signed.group("name") in names:
            continue  # a name beside a claim; alone it claims nothing (count stays None)
        if replying and _arrival(clause):
            arrived = True
            continue
        if points_here(clause, work_type, start):
            continue  # 「…那个锄草的活 我去啊」: which job, said before the claim (cut by voice)
        said = claim_phrase(clause) or claim_phrase(_LEAD.sub("", clause))
        cue = _task_claim(clause, work_type, start) if said is None else None
        if cue is not None:
            said = claim_phrase(_LEAD.sub("", cue))
        if said is not None:
            count = max(count or 1, said[0])
            phone = phone or said[1]
            continue
        after = _runon_after(clause)
        if after is not None:
            count = max(count or 1, _party_said(after) or 1)
            continue
        head = _claim_head(clause)
        if head is not None:
            count = max(count or 1, head)
            continue
        if ROOM_Q.match(clause):
            asked_room = True
            continue
        if LOGISTICS_Q.match(clause):
            # only a claim said outright carries it: an offer after asking for room that
            # asks more is still asking
            asked_more = True
            continue
        if OFFER.match(clause):
            offered = True
            continue
        named = WITH_NAMED.match(clause)
        coming = (_count(named.group("n")) if named is not None
                  else 2 if CALLED_ALONG.match(clause) else _companions(clause))
        size = PARTY_SIZE.match(clause)
        given = _phone_alone(clause)
        if coming is not None:
            party = max(party, coming)
            together = together or bool(WITH_ME.match(clause))
        elif size is not None:
            party = max(party, _count(size.group("n") or size.group("n2")))
        elif given is not None and phone is None:
            phone = given
        elif NEW_NUMBER.match(clause):
            renumbered = True
        elif not _circumstance(clause):
            return None
    if renumbered and phone is None:
        return None  # a new number said of, none given
    if count is None and asked_room and offered and not asked_more:
        count = 1
    if count is None and arrived:
        count = 1  # coming, said as a reply to the job: the claim itself
    if count is None and replying and together:
        count = party  # 「我和我老公两个」 answering the card: who comes is the claim
    if count is None:
        return None
    return max(count, party), phone


# A withdrawal said as one clause: 「取消报名」「不好意思 去不了了」「老板对不起 我明天不去了」.
# A day named before a withdrawal (「周六不去了」「25号来不了了」): the day of the job withdrawn
# (checked by the caller against the job's day, :func:`day_named`).
# A lunar day is a day too (「初八我去不成了」「正月初六不去了」): 初 and a number alone, or a
# month's day with its month said (a bare 「十五」 may be any number).
_LUNAR_DAY = (r"(?:(?:正|腊|冬|[二三四五六七八九十]|十[一二])月)?初[一二三四五六七八九十]"
              r"|(?:正|腊|冬|[二三四五六七八九十]|十[一二])月"
              r"(?:十[一二三四五六七八九]?|二十[一二三四五六七八九]?|廿[一二三四五六七八九]|三十)")
_DAY = (r"(?:(?:这|下|这个)?(?:周|星期|礼拜)[一二三四五六日天]|[0-9一二三四五六七八九十]{1,3}号"
        rf"|{_LUNAR_DAY})")
# Who withdraws: I, we, we two (「我们两个来不成了」: the party of the claim)
_WHO = (r"(?:我|俺)(?:们)?(?:(?P<who>[0-9一两二三四五六七八九十]{1,2})个(?:人)?|(?P<pair>俩)"
        r"|几个)?")
# Words that make a withdrawal a worry (「怕是来不成」): only the settling 了 makes it a word
# given (「怕是来不成了」), :func:`_settled`
_HEDGE = re.compile(r"怕是|可能|估计|说不定|恐怕|看来|看样子")
_HEDGES = r"(?P<hedge>怕是|可能|估计|说不定|恐怕|看来|看样子)"
WITHDRAW_CLAUSE = re.compile(
    # 「那个活我不去了」: the job pointed at, first
    rf"^(?:不好意思|对不起|对不住|抱歉|老板|(?:那个|这个|那|这)活路?|那个|这个|那|那就)*"
    rf"(?:(?:明天|今天|后天|{_DAY})*{_WHO})?"
    rf"(?:明天|今天|后天|这次|就|{_DAY})*{_HEDGES}?(?:明天|今天|后天|{_DAY})*"
    rf"(?P<head>取消报名|报名取消|取消|退出报名|退出|{BACK_OUT})"
    r"(?:啊|哈|哦|呀|嘛)*$")


def _settled(head: str, hedged: bool) -> bool:
    """Whether a backing out said with a hedge (怕是, 可能 …) is settled: only by the 了 of a
    change (「怕是来不成了」「怕是去不了了」「可能不去了」), not 「怕是来不成」「怕是去不了」,
    a worry."""
    return not hedged or head in ("不去了", "不来了") or head.endswith(("不成了", "不了了"))


def head_with_reason(text: str, heads: tuple[str, ...]) -> tuple[str, str] | None:
    """「取消报名 明天起不来」「招满了 亲戚过来帮忙」: a command word as the first clause and a
    reason after it; (command, reason). None for a question, or when the reason itself claims
    or changes the party (the caller checks it changes no field of a job)."""
    clauses = [c for c in _CLAUSE.split(text.strip()) if squash(c)]
    if len(clauses) < 2 or ASKS.search(text):
        return None
    head = squash(clauses[0])
    if head not in heads:
        return None
    reason = " ".join(clauses[1:])
    if claim_phrase(reason) is not None or party_said(reason) is not None \
            or just_me(reason) is not None:
        return None
    return head, reason


# 「那个活我不去了」「你屋里那个活 我去不成了」: the job pointed at before the withdrawal from it
_POINTED_LEAD = re.compile(r"^(?:(?:你|您)(?:屋里|家里|家)?的?)?(?:那个|这个)活")


def withdrawal_points(text: str) -> bool:
    """「那个活我不去了」: the withdrawal points at a job (那个活) without naming it — which job
    is the one talked about just before."""
    return any(_POINTED_LEAD.match(squash(c)) or _JOB_POINTED.match(squash(c))
               for c in _CLAUSE.split(text.strip()) if squash(c))


_JOB_POINTED = re.compile(r"^(?:那个|这个|那|这)活")


def answering_about(ctx: Context, job: Job) -> bool:
    """:func:`_answering` for a message about ``job`` in a group."""
    return job.id is not None and _answering(ctx, job.id)


def withdrawal_said(text: str) -> tuple[str, str] | None:
    """「取消报名 明天起不来」「不去了 屋里有事」「孩子病了 明天去不了了」: one's claim withdrawn in
    one clause, a reason in the others; (the withdrawal word, the reason). None for a question,
    or when another clause claims or changes the party."""
    clauses = [c for c in _CLAUSE.split(text.strip()) if squash(c)]
    if len(clauses) < 2 or ASKS.search(text):
        return None
    found = [(i, m) for i, c in enumerate(clauses)
             if (m := WITHDRAW_CLAUSE.match(_POINTED_LEAD.sub("", squash(c))))
             and _settled(m.group("head"), m.group("hedge") is not None)]
    if not found or _hearsay(clauses, found[0][0]):
        return None
    rest = [c for i, c in enumerate(clauses) if i not in {j for j, _ in found}]
    if any(claim_phrase(c) is not None or party_said(c) is not None or just_me(c) is not None
           for c in rest):
        return None
    return found[0][1].group("head"), " ".join(rest)


# What may stand before 「去不成了」 in a withdrawal: who and when, not what else one goes to do
# (「下午赶场去不成了」 is about the market).
_TAIL_LEAD = re.compile(rf"^(?:(?:那个|这个|那|这)活路?)?(?:(?:明天|今天|后天|{_DAY})(?=我|俺))?"
                        rf"(?:我|俺)?(?:们)?(?:明天|今天|后天|明早|早上|上午|下午|这次|那天|就|"
                        rf"怕是|可能|实在|真的|还是|看来|这回|又|{_DAY})*$")


# Another's words passed on (「老田说他儿子要接他去城里」「听说他屋里有事」) or news of him or her:
# what follows with no subject of its own is theirs (「厂里说要加班」 is one's own reason, and so is
# news heard of someone else: 「今早听说舅舅摔了一跤 去不成了」)
_PASSED_ON = re.compile(r"(?:说|讲)(?:的)?(?:他|她)|^(?:他|她)")
_OWN_SUBJECT = re.compile(r"^(?:[^他她]{0,6}?)(?:我|俺)")


def _hearsay(clauses: list[str], at: int) -> bool:
    """Whether the backing out in clause ``at`` (「怕是去不成了」, no subject of its own) follows
    another's words passed on (「老田说他儿子要接他去城里 怕是去不成了」): theirs, not the
    speaker's."""
    own = _OWN_SUBJECT.match(squash(clauses[at])) is not None
    return not own and any(_PASSED_ON.search(squash(c)) for c in clauses[:at])


def withdraw_tail(text: str) -> bool:
    """「莫得空了 明天去不成了」: a message ending in a withdrawal of one's own going, short."""
    words = squash(text)
    clauses = [squash(c) for c in _CLAUSE.split(text.strip()) if squash(c)]
    if not clauses or len(words) > 15 or QUESTION.search(text):
        return False
    m = WITHDRAW_TAIL.search(clauses[-1])
    if m is None or not _TAIL_LEAD.match(_POINTED_LEAD.sub("", clauses[-1][:m.start()])) \
            or _hearsay(clauses, len(clauses) - 1):
        return False
    # 「怕是来不成」: a worry, not yet a word given — only 了 settles it (「怕是来不成了」)
    return _settled(m.group(), _HEDGE.search(clauses[-1][:m.start()]) is not None)


def day_named(text: str, now: dt.datetime) -> dt.date | None:
    """The day a withdrawal names by weekday or date (「周六不去了」「25号去不了了」), read in its
    withdrawal clause, else the one day its reason names (「周日屋里要收谷子 去不成」); None when
    it names none. 明天/后天 do not count: people say the word the
    card said when they read it (「后天不去了」 a day later, of a job posted for 后天)."""
    clauses = [c for c in _CLAUSE.split(text.strip()) if squash(c)]
    said = [c for c in clauses if WITHDRAW_CLAUSE.match(squash(c)) or WITHDRAW_TAIL.search(c)]
    runon = RUNON_WITHDRAW.match(squash(text)) if not said else None
    if runon is not None:
        # 「喂罗经理啊周五我去不成了屋里有事」: said in one breath, the withdrawal is what comes
        # up to the backing out (the reason after it may name a day of its own)
        said = [runon.group()[:runon.end("back")]]
    found = find_dates(said[-1], now.astimezone(TZ)) if said else []
    day = next((d.date for d in found if _ABSOLUTE_DAY.fullmatch(d.text)), None)
    if day is None and said and _TODAY.match(squash(said[-1])):
        # 「今天去不成了」: today is today whenever the card was read (明天 is not: it may be
        # the card's word, said a day later)
        return now.astimezone(TZ).date()
    commanded = bool(said) and (m := WITHDRAW_CLAUSE.match(squash(said[-1]))) is not None \
        and m.group("head") in _COMMANDS
    if day is None and said and not found and not commanded:
        # 「周日屋里要收谷子 去不成」: the day said with the reason is the day not gone to —
        # when the message names one day only, and the withdrawal itself none (「明天不去了
        # 周日要去医院」: 明天 is the day not gone to, the reason's day another matter)
        # (今天 said with the reason is when the news came — 「今天接到电话 家里老人病了 去不成
        # 了」 — not the day not gone to: only the withdrawal clause's own 今天 names it).
        # The command 取消报名 is one's claim given up, whatever day its reason names
        # (「取消报名 厂里喊我初十回去上班」: the day of the factory, not of the job).
        # A day one leaves on (「厂里喊我周日回去」「初十要回厂上班」) is when one is gone from
        # then on, not a day not gone to: it names none.
        days = {d.date for c in clauses if not LEAVES.search(squash(c))
                for d in find_dates(c, now.astimezone(TZ)) if _ABSOLUTE_DAY.fullmatch(d.text)}
        day = next(iter(days)) if len(days) == 1 else None
    return day


_ABSOLUTE_DAY = re.compile(_DAY)
# Leaving for where one works or lives, or called back there (「厂里喊我周日回去」「初十要回厂
# 上班」「周日就回深圳了」): the day said with it is the day one goes away
LEAVES = re.compile(r"(?:喊|叫|让|催|要)(?:我|俺)(?:们)?[\u4e00-\u9fff]{0,6}?回"
                    r"|回(?:去|厂|城|单位|工地|学校|公司)|回[\u4e00-\u9fff]{1,3}?(?:上班|打工)"
                    r"|返(?:岗|工|厂|城|校)|出门打工")
_COMMANDS = frozenset({"取消报名", "报名取消", "取消", "退出报名", "退出"})
_TODAY = re.compile(r"^(?:我|俺)?(?:今天|今晚|今儿|今天晚上)")


def on_day(job: Job, day: dt.date | None) -> bool:
    """Whether a day named by a withdrawal is one of the job's days (or no day is named, or
    the job has none): 「周日不去了」 withdraws no Saturday job — it is about something else."""
    if day is None or job.start_date is None:
        return True
    days = dt.timedelta(days=max(job.duration_days or 1, 1))
    return job.start_date <= day < job.start_date + days


# The one called at the start of a voice message: 老板, or whoever posted (罗经理, 熊主任 …)
_CALLED = r"(?:老板|经理|主任|书记|师傅|老师|大哥|大姐)"
# Voice run on with no stops (「喂那个付老板啊后天我们两个来不成了我兄弟的娃儿发烧了…」): a
# backing out whose subject is the speaker (我, 我们, 我们两个), before it only a hello, the
# one called and a day, after it the reason
RUNON_WITHDRAW = re.compile(
    rf"^(?:喂+)?{_VOICE_FILLER}(?:[\u4e00-\u9fff]{{0,2}}{_CALLED}|{_CALLED})?(?:啊|呀|哈)?"
    rf"{_VOICE_FILLER}(?:明天|今天|后天|{_DAY})?{_WHO}"
    rf"(?:明天|今天|后天|{_DAY})?(?:就|实在|真的)?{_HEDGES}?(?P<back>{BACK_OUT})(?P<reason>.*)$")


def runon_withdrawal(text: str) -> str | None:
    """The reason of a voice withdrawal said in one breath (:data:`RUNON_WITHDRAW`); None for
    a question, a reason that claims or changes the party, or anything else."""
    m = RUNON_WITHDRAW.match(squash(text))
    if m is None or ASKS.search(text) or not _settled(m.group("back"),
                                                      m.group("hedge") is not None):
        return None
    reason = m.group("reason")
    if claim_phrase(reason) is not None or party_said(reason) is not None \
            or just_me(reason) is not None:
        return None
    return reason


def withdrawn_party(text: str) -> int | None:
    """How many a withdrawal says are not coming (「我们两个来不成了」: 2, 「我们俩去不成了」: 2);
    None when it says no number. A claim of another size is not what it withdraws (the caller
    checks): two of a party of three backing out is no whole withdrawal."""
    clauses = [squash(c) for c in _CLAUSE.split(text.strip()) if squash(c)]
    for clause in [*clauses, squash(text)]:
        m = (WITHDRAW_CLAUSE.match(_POINTED_LEAD.sub("", clause))
             or RUNON_WITHDRAW.match(clause))
        if m is not None and (m.group("who") or m.group("pair")):
            return 2 if m.group("pair") else _count(m.group("who"))
    return None


def withdraw_with_reason(text: str) -> bool:
    return withdrawal_said(text) is not None or runon_withdrawal(text) is not None


CHANGES_JOB = re.compile(r"改|换成|变成|工价|工钱|工资|人数|日期|地点|地址|电话")
# 「我两个侄儿放假回来帮忙」: people of one's own family, counted — who helps instead, not the
# job's headcount.
_KIN_COUNTED = re.compile(rf"^(?:我|俺)(?:们)?(?:家|屋里|家里)?(?:的)?{_N}(?:个|位)?{_ANY_KIN}"
                          r"|^(?:我|俺)(?:们)?(?:家|屋里|家里)?(?:的)?(?:"
                          + "|".join(KIN + KIN_MORE) + r")(?:们)?" + _N.replace("n>", "k>"))


def reason_changes(job: Job, reason: str, now: dt.datetime, gazetteer: Any) -> bool:
    """Whether what is said after a cancel word (「取消 雪场初一到初六不开了」「取消 小工 我两个
    侄儿放假回来帮忙」) changes the job, so that the message is a correction, not a reason: a
    correction word, or a value the job does not have. The job's own values (the days of the
    job whose days are called off) and the day, place, count and work of one's family's news
    are the reason talking (「取消 厨师 我屋里幺儿回来了 他会做饭」: the son cooks instead)."""
    words = squash(reason)
    if CHANGES_JOB.search(words) or correction_said(reason):
        return True
    said = {k: v for k, v in extract_fields(reason, now, gazetteer).items() if v is not None}
    if FAMILY_NEWS.match(words) or _KIN_COUNTED.match(words):
        said = {k: v for k, v in said.items()
                if k not in _DAY_FIELDS | _PLACE_FIELDS | {"headcount", "work_type"}}
    for key, value in said.items():
        have = getattr(job, key, None)
        if key == "perks":
            if set(value if isinstance(value, (list, tuple)) else [value]) - set(
                    filter(None, job.perks.split("|"))):
                return True
        elif key == "wage_max" and have is None:
            if value != job.wage_min:
                return True
        elif value != have:
            return True
    return False


# One of one's own party dropping out: 「我那个兄弟不去了」「我屋里那个来不了了」 — the speaker's
# kin (not 「老王那个兄弟」), said, not asked; 「就我一个人来」 beside it says the size left.
# 「我那个大媳妇不去了」: one of several of a kin, told apart by their place among them
# A hedge before it is a worry (「我妈怕是来不成」) unless settled by 了 (:func:`_settled`).
COMPANION_OFF = re.compile(rf"^(?:我|俺)(?:家|屋里|家里)?(?:的|那个|这个)?(?:大|二|三|小|幺)?"
                           rf"{_ANY_KIN}(?:他|她)?(?:也|都)?"
                           rf"(?:明天|今天|后天|那天)?{_HEDGES}?(?P<back>{BACK_OUT})$")
# 「就我一个人来」「只我一个了」「就我们两个来」: how many are left of one's party
JUST_ME = re.compile(rf"^(?:就|只有|就只有|只|只剩|就剩)(?:我|俺)(?:们)?(?:自己)?(?:{_N}个(?:人)?)?"
                     r"(?:来|去|过来|过去)?了?$")
# 「她本来也没报」「我妈又没报名」: the one backing out was never of the party — their news
NEVER_IN_PARTY = re.compile(r"(?:本来|原来|本身|又)(?:就|也)?(?:没|没有|冇|莫|不)"
                            r"|(?:没|没有|冇|莫)(?:得)?(?:报|算|写)")


def companion_off_said(clause: str) -> bool:
    """「我妈来不成了」「我兄弟怕是来不成了」: one of one's own party backing out, settled —
    not 「我妈怕是来不成」, a worry."""
    m = COMPANION_OFF.match(clause)
    return m is not None and _settled(m.group("back"), m.group("hedge") is not None)


def just_me(text: str) -> int | None:
    """「就我一个人来」「只我一个了」: how many of one's party are left (1 when no number is
    said), alone or with who is not coming and why (「我老汉和表姐都来不成了 就我一个人来」);
    None for a question, or when another clause claims or changes the party otherwise. The
    caller checks it shrinks a bigger party."""
    clauses = [squash(c) for c in _CLAUSE.split(text.strip()) if squash(c)]
    if ASKS.search(text):
        return None
    found = [m for c in clauses if (m := JUST_ME.match(c)) is not None]
    if len(found) != 1 or any(JUST_ME.match(c) is None and (
            claim_phrase(c) is not None or _party_clause(c) is not None) for c in clauses):
        return None
    return _count(found[0].group("n")) if found[0].group("n") else 1


def companion_off(text: str) -> bool:
    """「我那个兄弟不去了」「我那个兄弟不去了 就我一个人来」: the party shrinks because one of it
    drops out, said with no change word (「改成1个人 我表弟来不了」 has one)."""
    return _companion_change(text) is not None


def _companion_change(text: str) -> tuple[str, int] | None:
    """One fewer for 「我那个兄弟不去了」; the size said for 「… 就我一个人来」; None when another
    clause says anything else but a reason."""
    clauses = [squash(c) for c in _CLAUSE.split(text.strip()) if squash(c)]
    if ASKS.search(text) or not any(companion_off_said(c) for c in clauses):
        return None
    if any(NEVER_IN_PARTY.search(c) for c in clauses):
        return None  # 「我妈来不成 她本来也没报」: never of the party, so no change to it
    found: tuple[str, int] = ("add", -1)
    for clause in clauses:
        alone = JUST_ME.match(clause)
        if alone is not None:
            found = ("set", _count(alone.group("n")) if alone.group("n") else 1)
        elif COMPANION_OFF.match(clause) is None and (
                claim_phrase(clause) is not None or _party_clause(clause) is not None
                or WITHDRAW_CLAUSE.match(clause) or WITHDRAW_TAIL.search(clause)):
            return None  # 「我兄弟不去了 我也不去了」: more than one of the party
    return found


PARTY_LESS = re.compile(rf"^(?:我们?|俺们?)?(?:少|减)(?:去|来|报)?{_N}(?:个|位)?人?了?$")


def _party_clause(clause: str) -> tuple[str, int] | None:
    """One clause changing the party: :func:`party_change`, 「只去1个人了」, 「少去1个人」."""
    found = (party_change(clause) or party_change(re.sub(r"了$", "", squash(clause)))
             or party_change(_LEAD.sub("", squash(clause))))  # 「那我再加两个人」
    if found is not None:
        return found
    m = PARTY_LESS.match(squash(clause))
    return ("add", -_count(m.group("n"))) if m is not None else None


@functools.lru_cache(maxsize=1024)
def party_said(text: str) -> tuple[str, int] | None:
    """A party size change (:func:`party_change`), also with a reason said before or after it:
    「改成1个人 我兄弟来不了」「有一个要去医院 改成2个人」「少去1个人 他有事」."""
    found = _party_clause(text) or _companion_change(text)
    if found is not None:
        return found
    clauses = [c for c in _CLAUSE.split(text.strip()) if squash(c)]
    if len(clauses) < 2 or ASKS.search(text):
        return None
    for at in (0, len(clauses) - 1):
        found = _party_clause(clauses[at])
        others = clauses[:at] + clauses[at + 1:]
        if found is not None and not any(_party_clause(c) or claim_phrase(c) for c in others):
            return found
    return None


# The price of goods (「今年洋芋价钱好低 一块二一斤都冇得人要」「猪肉卖十五一斤」): what produce
# sells or is bought for, or goes unsold, is no wage — a piece rate per 斤 says none of it;
# nor is what a thing costs, judged dear or cheap or said as "even comes to" (「今年天麻种子贵得很
# 一斤都要六七十」「化肥便宜了点」).
GOODS_PRICE = re.compile(
    r"(?<=[\u4e00-\u9fff])(?<![工单])(?:价钱|价格)|行情|市价|市场价|卖|收购|"
    r"(?:没|没有|没得|莫|冇)(?:人|哪个)(?:要|收|买)|"
    r"(?<![宝富])贵(?!州|姓|阳|人|宾)|便宜|"
    r"都要[0-9一二两三四五六七八九十百几]")
# An amount by the day or month (「一天一百五」「一百五一天」「每月三千」): pay, not goods
DAY_RATE = re.compile(r"(?:一天|每天|一日|每日|一个月|每个?月)[0-9一二两三四五六七八九十百千]"
                      r"|[0-9一二两三四五六七八九十百千](?:块|元)?钱?(?:一天|每天|一个月|一月|/天)")
# News of someone of one's family (「我孙子18号过生日 要从武汉回来」「我孙女在松柏读书」): the
# day or place in it is theirs, not the job's.
FAMILY_NEWS = re.compile(rf"^(?:我|俺)(?:们)?(?:家|屋里|家里)?(?:的)?(?:{_ANY_KIN}|孙女|外孙女)"
                         r"|^(?:家|屋里|家里)(?:的)?(?:" + "|".join(KIN + KIN_MORE) + r"|孙女)")
_WAGE_FIELDS = frozenset({"wage_min", "wage_max", "wage_unit", "settlement"})
_PLACE_FIELDS = frozenset({"township", "village"})
_DAY_FIELDS = frozenset({"start_date", "start_time", "end_time", "duration_days"})


def misfits(s: Situation) -> frozenset[str]:
    """The fields a message states that do not answer a question about the job: all of them
    in what someone else has and earns, the day and place of one's family's news, a wage in
    talk of the price of goods, a place the speaker goes to (「等哈我要克松柏镇接孙子」). A value
    said with its word or said again (「工钱一天一百三 比卖洋芋强」「打错了 是10月19号」) is a
    correction of the draft (``read``), whatever else is said."""
    text, fields = s.text, s.fields
    words = squash(text)
    if _someones_job(s):
        return frozenset(fields)  # what someone has and earns: nothing of it is the job's
    unfit: set[str] = set()
    if FAMILY_NEWS.match(words) and s.parse.intent != "job_post":
        unfit |= _DAY_FIELDS | _PLACE_FIELDS  # their day, their place (the pay may be the job's)
    if GOODS_PRICE.search(words) and not DAY_RATE.search(words):
        unfit |= _WAGE_FIELDS  # a day's or a month's rate is pay, 贵 or not (「一天一百五 不贵」)
    if _places(fields) and OWN_MOVE.search(words):
        unfit |= _PLACE_FIELDS
    return frozenset(unfit)


_FAMILIES = (_WAGE_FIELDS, _PLACE_FIELDS, _DAY_FIELDS, frozenset({"work_type"}))


def _family(fields: set[str]) -> set[str]:
    """The asked fields with those said together with them (a wage's unit, a place's village),
    and the perks any answer may mention."""
    out = {"perks", "confirm"} | fields
    for family in _FAMILIES:
        if fields & family:
            out |= family
    return out


# In a group, words said as an answer: with the field's word (「地方是红坪镇高坪村」「工钱两百」),
# a value offered (「那就给两百一天」), a value said again (「打错了 是15号」), or a value alone
# (「200」「15号」「后天」).
GROUP_ANSWER = re.compile(
    r"^(?:那|那就|就|好|行|嗯|那么|哦)*(?:地方|地点|地址|位置|工价|工钱|工资|价格|价钱|日期|日子|"
    r"时间|工种)"
    r"|^(?:那|那就|就|那么|哦)*(?:给|开|出|定|按)[0-9一二两三四五六七八九十百]"
    r"|^(?:是)?(?:[0-9一二三四五六七八九十]{1,2}月)?[0-9一二三四五六七八九十]{1,3}(?:号|日)$"
    r"|^(?:是)?(?:今天|明天|后天|大后天)$")


# 「打核桃的工钱一天一百六」: the field's word after the work it is about
_WORK_FIRST = re.compile(r"^(?P<trade>[\u4e00-\u9fff]{1,6}?)的?"
                         r"(?=地方|地点|地址|工价|工钱|工资|价格|价钱|日期|日子|时间)")


# 「一百五一天 日节」「一天两百 现结」: the pay by the day and nothing else, said as the missing
# wage is given (how it is settled may follow, typed by its sound too)
RATE_ALONE = re.compile(
    r"^(?:(?:一天|每天|一日)[0-9一二两三四五六七八九十百]{1,5}(?:块|元)?钱?"
    r"|[0-9一二两三四五六七八九十百]{1,5}(?:块|元)?钱?(?:一天|每天|/天))"
    r"(?:日[结节洁接]|现结|当天结|天天结)?$")


def group_answer_said(text: str, rate: bool = True) -> bool:
    words = squash(text)
    if (GROUP_ANSWER.search(words) or BARE_NUMBER.match(words)
            or (rate and RATE_ALONE.match(words)) or restating(text)):
        return True
    m = _WORK_FIRST.match(words)
    return m is not None and lexicon.work_type_of(m.group("trade")) is not None


def _phone_in_post(ctx: Context, job: Job) -> bool:
    """The draft's own post gave its phone (not only the poster's phone known from before): the
    post is whole, and what follows answers it rather than continuing it."""
    if job.phone is None:
        return False
    post = ctx.session.get(Post, job.post_id)
    return post is not None and job.phone in re.sub(r"\D", "", post.text)


def _is_command(text: str) -> bool:
    stripped = text.strip()
    return stripped.startswith(COMMAND_HEADS) or bool(AVAILABILITY.search(stripped))


# 「我孙女在县城酒店当服务员 一个月三千五」「我女婿开挖机的 一天八百」: what someone else earns
# at the work they have, told as news — a person for subject, no count, no number to call.
SOMEONES_JOB = re.compile(
    rf"^(?:我|俺|他|她|咱|我们|俺们)?(?:家|屋里|家里)?(?:的)?(?:{_KIN}|孙子|孙女|外孙|闺女|姑娘|"
    r"小孩|孩子|娃儿?|老大|老二|老三|老幺|幺儿|隔壁[\u4e00-\u9fff]{0,3}|邻居)"
    r"[\u4e00-\u9fff]{0,12}?(?:在|当|上班|干|开|做|打工|跑)")


def _someones_job(s: Situation) -> bool:
    """The message tells what someone has and earns; it hires no one."""
    return bool(SOMEONES_JOB.match(s.text.strip())) and not any(
        j.headcount or j.phone or j.contact for j in s.parse.jobs)


def _more_wanted(text: str, parse: Parse) -> bool:
    """A post naming no work that wants people as well (「晚班也要两个人」): the card in sight
    may say whose work it is more of."""
    return (parse.intent == "job_post" and bool(parse.jobs)
            and ALSO_WANTED.search(squash(text)) is not None)


_OTHER_PART = re.compile(r"(?:早|晚|白|夜|中|白天|上午|下午)班(?!车)"
                         r"|今天|明天|后天|大后天|今晚|明晚|[0-9一二两三四五六七八九十]+号|周[一二三四五六日天]|星期")


def _more_of_own_work(s: Situation) -> bool:
    """The poster wants people as well (「也要两个人」), with a count or pay, while their own
    card of a known work is in sight or replied to."""
    own = s.replied if s.replied is not None else s.sight
    # more of the same work is told apart by a word (晚班, another day); without one, 「也要5
    # 个人 3个不够」 corrects the card's count
    other = _OTHER_PART.search(squash(s.text)) is not None
    return (own is not None and own.mine and own.work_type is not None and other
            and ALSO_WANTED.search(squash(s.text)) is not None
            and any(j.headcount or j.wage_min is not None for j in s.parse.jobs))


# Help asked of anyone in the group for the sender (「哪个明天帮我把柴背一下」「谁有空帮我看下娃」
# 「有没有人帮下忙」): who will help is asked, 帮 follows within a few words.
FAVOUR_ASKED = re.compile(r"(?:哪个|哪位|哪些人|谁|有没有人|有冇得人|有没得人|有人)"
                           r"[^,，.。;；!！?？\s]{0,6}?帮(?:我|俺|下忙|个忙|忙)")


def _favour(s: Situation) -> bool:
    """A favour asked of the group: help for the sender asked of anyone, and no pay named —
    neighbours helping, not a hire, whatever work, day, count or phone it says. Named with a
    pay (「哪个明天帮我背柴 给一百」) it is a post."""
    return (FAVOUR_ASKED.search(s.text) is not None
            and all(j.wage_min is None for j in s.parse.jobs))


def _full_post(s: Situation) -> bool:
    """The message has a job's worth of fields: a work type with a headcount or a wage."""
    return s.parse.intent == "job_post" and any(
        j.work_type and (j.headcount or j.wage_min is not None) for j in s.parse.jobs)


REPOST_FIELDS = ("work_type", "headcount", "wage_min", "start_date")


def _reason_of_correction(s: Situation, out: list[Reading]) -> bool:
    """A correction heading the message (「工价一百八」) of one's job, and after it only the
    job's own work (「半天就搬完了」 of a 搬运 job) — no headcount or phone, no other work:
    its reason, not a new post."""
    fixed = next((r.job_id for r in out if r.kind == "correction" and r.strength >= 0.8), None)
    view = next((v for v in (s.replied, s.sight, s.own, s.named)
                 if v is not None and v.id == fixed), None)
    if view is None or view.work_type is None or not CORRECTION_HEAD.match(s.text):
        return False
    return all(j.work_type in (None, view.work_type) and not j.headcount and not j.phone
               for j in s.parse.jobs)


def _says_the_draft(s: Situation) -> bool:
    """The message states the pending draft again: every field both state is the same (the
    draft's work type included), so it is the same job with more said."""
    if s.pending is None or not s.pending.facts:
        return False
    facts = dict(s.pending.facts)
    if not facts.get("work_type") or s.fields.get("work_type") != facts["work_type"]:
        return False
    return all(s.fields.get(k) is None or facts.get(k) is None or s.fields[k] == facts[k]
               for k in REPOST_FIELDS)


def read(s: Situation) -> list[Reading]:
    """Every reading the message could have, with its evidence and strength."""
    out: list[Reading] = []
    words = squash(s.text)
    target = s.replied or s.sight
    # Ending a draft: 「算了」「不招了」 with a draft waiting.
    if s.pending is not None and drop_phrase(s.text):
        out.append(Reading("drop", 0.9, "drop word with a draft waiting", s.pending.id))
    # Claims: a claim phrase standing alone, about the job replied to or in sight.
    # A claim naming one job of the post is read with the name taken out (``claim_text``);
    # naming none of the post's jobs, it claims nothing.
    said = s.claim_text if s.claim_text is not None else s.text
    words = squash(said)
    phrase = claim_phrase(said) if not s.unnamed else None
    if phrase is not None and target is not None and not target.mine:
        count, phone = phrase
        strength = 0.95 if s.replied is not None else 0.8
        evidence = ("claim phrase replying to the job" if s.replied is not None
                    else "claim phrase alone, job in sight")
        if s.replied is None and words in BARE_GO:
            # 「去」 with no one said: it may answer anybody in the group (「明早赶场去不」)
            strength, evidence = 0.5, "a bare 去 to the group"
        if s.replied is None and s.rival and not s.day_picks:
            # Two open jobs' cards in the group (or pushes, privately) and no reply to either:
            # which is not said.
            strength, evidence = 0.5, "claim phrase alone, two open jobs in sight"
        if s.replied is None and not s.named_here and s.answering():  # naming the job answers it
            strength, evidence = 0.5, "an answer to someone who just asked the speaker"
        if s.replied is None and MOVING.search(words):
            # 「我来了」「我先去了」 said to the group: someone arriving or leaving, not a
            # sign-up, unless it answers the card.
            strength, evidence = 0.5, "coming or going, said to the group"
        out.append(Reading("claim", strength, evidence, target.id,
                           {"count": count, "phone": phone}))
    elif (phrase is None and s.replied is not None and not s.replied.mine
          and ARRIVE.match(_FILLERS.sub("", words)) and not QUESTION.search(said)):
        out.append(Reading("claim", 0.9, "saying when one comes, replying to the job",
                           s.replied.id, {"count": 1, "phone": None}))
    elif (phrase is None and s.replied is not None and not s.replied.mine
          and words in REPLY_CLAIMS):
        # 「我」「算我」「1」 replying to the card: the reply says what they are about
        out.append(Reading("claim", 0.9, "a bare claim word replying to the job", s.replied.id,
                           {"count": 1, "phone": None}))
    elif phrase is not None and target is None:
        # a bare 去 with no job in sight answers someone else (「明天克镇上不」「克」); with a
        # draft of this group waiting it is about a job not out yet: no card to point to
        strength = 0.3 if words in BARE_GO or s.draft_here else 0.75
        out.append(Reading("claim", strength, "claim phrase alone, no job in sight", None,
                           {"count": phrase[0], "phone": phrase[1]}))
    elif (phrase is None and s.parse.intent == "claim" and target is not None
          and not target.mine and not s.unnamed and not QUESTION.search(said)
          and not words.isdigit()):
        # The parser hears a claim the structure does not confirm: ask, never act.
        out.append(Reading("claim", 0.5, "claim words inside a longer sentence", target.id,
                           {"count": 1, "phone": None}))
    around = (claim_around(said, target.work_type, names=s.names,
                           replying=s.replied is not None, start=target.start_time)
              if phrase is None and target is not None and not s.unnamed else None)
    if around is None and phrase is None and s.replied is not None and not s.unnamed:
        from handlers.replying import claim_with_remarks  # built on this module's phrases
        around = claim_with_remarks(said, s.replied.work_type, names=s.names,
                                    wage=s.replied.wage, start=s.replied.start_time)
    if around is not None and target is not None and not target.mine:
        # A claim said with the claimer's circumstances: acts as a reply to the job, is asked
        # about privately otherwise.
        out = [r for r in out if r.kind != "claim"]
        # Privately, the day said being the pushed job's and no other's names it as a reply
        # would (「要得 我去 周六一早到」 with a Saturday job and a Monday one in sight).
        if s.replied is not None or s.named_here or (s.private and s.day_picks):
            strength, evidence = 0.9, "a claim with the claimer's circumstances"
        elif s.private and logistics_off(said) != said.strip():
            # 「要得 我去 几点到」 to the bot, the job just sent in sight: asking when to come
            # presumes the going, and the claim's answer (the boss's phone) answers it
            strength, evidence = 0.8, "a claim asking when or where to come, privately"
        else:
            strength, evidence = 0.5, "a claim with the claimer's circumstances"
        out.append(Reading("claim", strength, evidence, target.id,
                           {"count": around[0], "phone": around[1]}))
    asked = (claim_with_question(said) if s.parse.intent == "claim" and not s.unnamed
             else None)
    if (asked is not None and target is not None and not target.mine
            and not any(r.kind == "claim" for r in out)):
        # 「我去 是后天吗」: taking it, if the answer is yes — asked about privately (with
        # buttons), let go in a group; never acted on.
        out.append(Reading("claim", 0.5, "a claim said with a question about the job",
                           target.id, {"count": asked, "phone": None}))
    words = squash(s.text)
    change = party_said(s.text)
    left = just_me(s.text)
    if (change is None and left is not None and target is not None and target.claimed
            and target.party > left):
        # 「就我一个人来」 from a party of two: one left of it, no claim said again
        change = ("set", left)
        out = [r for r in out if r.kind != "claim"]
    if (change is not None and target is not None and target.claimed
            and (not companion_off(s.text) or target.party >= 2)):
        # 「我那个兄弟不去了」「我妈来不成了」 is one of the party only from a party of two or
        # more — then, from the claimer, in a group too (a reply to the card or not): kin of
        # one's own backing out from a party that brings kin. Someone without a claim, someone
        # else's mother (「老王他妈」), a worry (「我妈怕是来不成」) or one never of the party
        # (「她本来也没报」) change nothing (:func:`_companion_change`).
        # Right after someone else's question to the speaker (「你屋里吃喜酒 来几个客」) it
        # answers that, as a claim would.
        answers = s.replied is None and not s.private and s.answering()
        out.append(Reading("party", 0.5 if answers else 0.9,
                           "party size said to someone who just asked" if answers
                           else "party size change on one's claim", target.id,
                           {"how": change[0], "count": change[1]}))
    # Answers to a pending question: a value of the asked type, not a command or a new post.
    reposted = False
    if s.pending is not None and s.asked and not _is_command(s.text):
        wanted = {f for name in s.asked for f in ASKED_FIELDS.get(name, ())}
        # Only a value said as the job's answers: the price of goods, a place one goes to,
        # a day of someone's family news are other talk (the question stays).
        unfit = misfits(s)
        fitting = {k: v for k, v in s.fields.items() if k not in unfit}
        given = {k for k, v in fitting.items() if v is not None}
        if words in CONFIRM_WORDS:
            given.add("confirm")
        other_post = _full_post(s) and any(
            j.work_type and s.pending.work_type and j.work_type != s.pending.work_type
            for j in s.parse.jobs)
        if not s.private and given - _family(wanted) - (
                {"work_type"} if fitting.get("work_type") == s.pending.work_type else set()):
            # In a group an answer says only what was asked (and the draft's own work, naming
            # it): more is other talk
            given = set()
        if given & wanted and not other_post:
            if _full_post(s) and _says_the_draft(s):
                # The whole post again, now with what the draft lacked: it completes the
                # draft (one job), it is not a second post.
                reposted = True
                out.append(Reading("answer", 0.95, "the draft posted again with what it lacked",
                                   s.pending.id, {"found": fitting}))
            elif s.private:
                out.append(Reading("answer", 0.9, "a value of the asked type", s.pending.id,
                                   {"found": fitting}))
            else:
                out.append(Reading("answer", 0.8, "the poster's answer in the draft's group",
                                   s.pending.id, {"found": fitting}))
    # Corrections: the poster's own job, replied to (or privately their latest).
    mine = s.replied if s.replied is not None and s.replied.mine else None
    more = more_people(s.text)
    if more is None and s.named is not None:
        more = more_named(s.text)  # 「揉茶的再要一个」: the job named by its work
    reasoned = more_people_with_reason(s.text) if more is None else None
    if (reasoned is not None and correction_said(reasoned[1])
            and {k for k, v in s.fields.items() if v is not None} <= {"headcount", "work_type"}):
        # 「小工人数改成五个 再要一个」: the count said with its word is the correction, the
        # raise beside it says the same in passing (a value with its word wins); a raise beside
        # another value (「再加两个人 工钱一百六」) is still not applied unasked
        reasoned = None
    if reasoned is not None:
        more = reasoned[0]
    if mine is None and s.sight is not None and s.sight.mine:
        mine = s.sight if (s.private or correction_said(s.text) or (
            more is not None and not bare_more(s.text))) else None
    if mine is None and s.private:
        mine = s.own
    if s.trade is not None and (s.replied is None or s.replied.mine):
        # The work named says which job: none of the poster's of that work, no correction.
        mine = s.named
    if mine is not None and any(r.kind == "answer" and r.job_id == mine.id for r in out):
        # A draft waiting for this value (「打错了 是12号」 to 「日期不对」): its answer says it,
        # and the same change read twice is no rival to itself.
        mine = None
    if s.pieces:
        mine = None  # a post typed in pieces, its phone last (「电话139…」): no correction
    if mine is not None and reasoned is not None and not raise_reason_plain(s, mine, reasoned[1]):
        # 「再加两个人 工钱一百八」: more people and a value beside them — for the new ones
        # or for all? Neither is applied unasked.
        mine = None
    raised = (raised_count(mine, more) if mine is not None and more is not None
              and mine.status in ("open", "filled") and not mine.several
              else None)
    if raised is not None and mine is not None:
        # 「再要两个人」 under one's own card: a headcount raised by that many, told as 人数 is
        out.append(Reading("correction", 0.85, "more people wanted on one's own job", mine.id,
                           {"found": {"headcount": raised}}))
    elif mine is not None and more is not None:
        pass  # 「还要两个」 with two places open: a reminder, nothing to change
    elif mine is not None and s.fields and BARE_NUMBER.match(words):
        # 「200」 under one's own card: a wage? a headcount? Not sure enough to change it.
        out.append(Reading("correction", 0.5, "a bare number: which field is not said",
                           mine.id, {"found": dict(s.fields)}))
    elif mine is not None and s.fields and (correction_said(s.text) or (
            s.private and (correction_after_reason(s.text)
                           or trade_head_after_reason(s.text) is not None))
            or (mine is s.named and head_said(s.text) is not None)):
        out.append(Reading("correction", 0.85, "correction words about one's own job",
                           mine.id, {"found": dict(s.fields)}))
    elif (mine is not None and s.fields and s.private and restating(s.text)
          and not (OWN_MOVE.search(words) and _places(s.fields))
          and not PAST_TALK.search(words)):
        out.append(Reading("correction", 0.8, "the poster saying a value again, privately",
                           mine.id, {"found": dict(s.fields)}))
    elif (mine is not None and s.fields and s.replied is not None and s.replied.mine
          and not errand(words, s.fields) and not PAST_TALK.search(words)
          and not _ASKED.search(s.text) and not floor_talk(s.text)
          # 「明天中午也要两个人 …」: people wanted as well, for another part — a second job
          and not _more_of_own_work(s)
          and not (day_remark(s.text)
                   and {k for k, v in s.fields.items() if v is not None} <= _DAY_FIELDS)):
        out.append(Reading("correction", 0.75, "fields replying to one's own card", mine.id,
                           {"found": dict(s.fields)}))
    # Posts: the parser's post; a job's worth of fields is strong, fewer fields weak.
    if s.parse.intent == "job_post" or s.parse.extra.get("scam"):
        if s.parse.extra.get("scam"):
            out.append(Reading("post", 0.9, "a post asking workers for money: held", None))
        elif _someones_job(s):
            out.append(Reading("post", 0.3, "someone's own job and pay, told as news", None))
        elif s.echoes:
            # 「老李屋里管中饭的 …一百五一天」「哪个来帮我摘辣椒哦」: a job already up, talked about
            out.append(Reading("post", 0.3, "says again what a job of the group says", None))
        elif _favour(s):
            # 「哪个明天帮我把柴背一下」: a neighbour's help asked of whoever is free, no pay
            out.append(Reading("post", 0.3, "a favour asked of anyone, no pay", None))
        elif s.named is not None and any(r.kind == "correction" for r in out):
            # 「小工人数改成2」: the work names the job a correction is about, no new job
            out.append(Reading("post", 0.3, "a correction naming the job by its work", None))
        elif _reason_of_correction(s, out):
            # 「工价一百八 东西没得好多 半天就搬完了」: the reason names the job's own work
            out.append(Reading("post", 0.3, "a correction, its reason naming the job's work",
                               None))
        elif _full_post(s):
            strong = 0.9 if s.replied is None and not reposted else 0.6
            out.append(Reading("post", strong, "a job's worth of fields", None))
        elif any(j.work_type for j in s.parse.jobs):
            out.append(Reading("post", 0.75, "a post naming the work", None))
        elif _more_of_own_work(s):
            # 「明天晚班也要两个人 … 一个钟头二十」 from a poster whose card is in sight: more of
            # that work (handlers.posting takes it), another job, not a draft asking the work
            out.append(Reading("post", 0.75, "more of the poster's own work, its count or pay",
                               None))
        elif any(j.headcount and j.wage_min is not None and j.phone for j in s.parse.jobs):
            # 「要3个拔草的 一天110 电话…」: people, pay and a number to call make a hire even
            # when the work is one the parser does not know; the poster is asked what work.
            out.append(Reading("post", 0.75, "a hire with a count, a wage and a phone", None))
        else:
            out.append(Reading("post", 0.45 if s.private else 0.3,
                               "looks like a post but names no work", None))
    if not out:
        out.append(Reading("chatter", 1.0, "nothing to act on"))
    return out


def decide(readings: list[Reading], private: bool) -> Decision:
    """Act on the best reading when it is strong and unrivalled; else ask (privately) or
    stay quiet (in a group)."""
    ranked = sorted(readings, key=lambda r: r.strength, reverse=True)
    best = ranked[0]
    rival = next((r for r in ranked[1:] if r.kind != best.kind
                  and best.strength - r.strength < CLOSE), None)
    if best.kind == "chatter":
        return Decision("quiet", best)
    if best.strength >= ACT and rival is None:
        return Decision("act", best)
    if private and best.strength >= ASK:
        return Decision("ask", best)
    return Decision("quiet", Reading("chatter", 1.0, f"not sure: {best.evidence}"))


# --------------------------------------------------------------------------- from a chat


def _view(job: Job | None, ctx: Context, claimed: bool = False) -> JobView | None:
    if job is None or job.id is None:
        return None
    # Held for the filters that hand the job on: the session keeps only weak references,
    # and a job let go would be read again.
    ctx.cache.setdefault("jobs", {})[job.id] = job
    claim = (store.active_claim(ctx.session, job.id, ctx.person.id)
             if claimed and ctx.person.id is not None else None)
    return JobView(job.id, job.poster_id == ctx.person.id, job.work_type, job.status,
                   claim is not None, claim.count if claim is not None else 0, job.gender,
                   wage=job.wage_min, start_time=job.start_time, headcount=job.headcount or 0,
                   taken=job.confirmed)


def _with_kin(view: JobView | None, ctx: Context) -> JobView | None:
    """``view`` marked ``several`` when its post gave another job still live."""
    job = ctx.cache.get("jobs", {}).get(view.id) if view is not None and view.mine else None
    if view is None or job is None or job.post_id is None:
        return view
    kin = [j for j in store.jobs_of_post(ctx.session, job.post_id)
           if j.id != job.id and j.status in ("open", "filled")]
    return replace(view, several=bool(kin))


# Fields that are stated together: a later clause restating one of a group restates it all.
_FIELD_GROUPS = (("township", "village"), ("wage_min", "wage_max", "wage_unit"))
# 「不是明天 改成后天」「工价150太低了 改成180」「两百说错了」: the value put aside is not the one
# meant
_PUT_ASIDE = re.compile(r"^(?:不是|不要|别|莫)|太(?:低|少|高|多|贵|便宜|早|晚)了?$"
                        rf"|{_WRONG}$")
# Voice comes without punctuation (「那个日子说错了不是明天是后天明天我屋里要吃酒」): what is put
# aside (…说错了, 不是…) and the value that replaces it (是…, 改成…) are clauses of their own.
_WRONG_SAID = re.compile(_WRONG)
_NOT_THIS = re.compile(r"不是(?:[^是]{1,8}?)(?=是|改成|改为|改到|换成)")
# The value a correction says comes first after its word; a second day named after it is the
# reason (「改成后天明天要落雨」), unless it is the end of a span (「明天到后天」).
_NEW_VALUE = re.compile(r"^(?:是|改成|改为|改到|改|换成)")
_DAY_WORD = re.compile(r"大后天|今天|明天|后天|今早|今晚|明早|明晚")
_SPAN_JOIN = ("到", "至", "和", "跟", "或", "、", "-", "~")
_HEAD_ONLY = re.compile(r"^(?:改成|改为|改到|改|工价|工钱|工资|价格|人数|日期|时间|地点|地址|电话|"
                        r"联系|结算|工期)[:：]?$")


_UNIT_ONLY = re.compile(r"^(?:一天|每天|1天|一个月|每月|一月|每个月|元|块|块钱|元一天|一天的)$")


def restating(text: str) -> bool:
    """「是后天」「说错了 是三个人」: a value said again, not asked about."""
    return bool(RESTATE.search(squash(text))) and not _ASKING.search(text)


def _places(fields: dict[str, Any]) -> bool:
    return bool(fields.get("township") or fields.get("village"))


def errand(words: str, fields: dict[str, Any]) -> bool:
    """The poster telling where they go (「我去镇上拉沙 下午回来再说」「我克镇上买点除草剂」): what
    it names — a place, a work (拉沙), a day — is the errand's, not a correction of the job,
    unless a correction word says so (「工价改成160 我去镇上了」); a place named in it never is."""
    if not OWN_MOVE.search(words):
        return False
    return _places(fields) or not (CHANGES_JOB.search(words) or RESTATE.search(words))


def _voice_clauses(clause: str) -> list[str]:
    """A run-on clause cut where a spoken correction turns: after 「…说错了」, around 「不是…」,
    and, in the part saying the new value, before a second day (its reason)."""
    cuts = {m.end() for m in _WRONG_SAID.finditer(clause)}
    for m in _NOT_THIS.finditer(clause):
        cuts.update((m.start(), m.end()))
    pieces = [clause[a:b] for a, b in zip([0, *sorted(cuts)], [*sorted(cuts), len(clause)],
                                          strict=True)]
    out: list[str] = []
    for piece in (p for p in pieces if p):
        days = list(_DAY_WORD.finditer(piece)) if _NEW_VALUE.match(piece) else []
        cut = next((d.start() for d in days[1:] if not piece[:d.start()].endswith(_SPAN_JOIN)),
                   None)
        out.extend([piece[:cut], piece[cut:]] if cut is not None else [piece])
    return out


def _remark(clause: str) -> bool:
    """A clause naming a day only as the time of the weather or of how things are
    (:func:`day_remark`'s clauses): 「明天下雨」「今天雪真大」."""
    return bool(DAY_REMARK.match(clause) or (
        WEATHER_TALK.match(clause) and len(_DAY_WORD.findall(clause)) == 1
        and not _WEATHER_MOVES.search(clause)))


def remarks_off(text: str) -> str:
    """The text without its weather remarks: in 「明天下雨 后天来」 the day that counts is the
    one the coming is about (后天), not the rain's (a remark alone states no day either)."""
    clauses = [c for c in _CLAUSE.split(text.strip()) if squash(c)]
    remarks = [c for c in clauses if _DAY_WORD.search(squash(c)) and _remark(squash(c))]
    if not remarks:
        return text
    # What is left names its day for the work only as a decision (「后天来」「改到后天」「后天再
    # 搞」): 「后天看天」「后天再说」「后天晴」 decide nothing — the weather again, or a wait
    return " ".join(c for c in clauses if c not in remarks
                    and (not _DAY_WORD.search(squash(c)) or _day_decided(squash(c))))


# A day decided for the work: a change word (改到后天, 推到大后天), or the day and a doing —
# coming, going, the work's own verbs — with nothing after it (「后天来」「明天再采」「后天干」)
_DAY_CHANGE = re.compile(r"改|换|推|挪|提前|延|定在|定到|就定")
_DAY_DOING = re.compile(
    r"^(?:那|那就|就|还是)?(?:我们|俺们|我|俺|大家)?(?:的)?"
    r"(?:大后天|今天|明天|后天|今早|今晚|明早|明晚)(?:早上|上午|下午)?(?:我们|俺们|大家)?"
    r"(?:再|就|才|还是|照样|照常|也|接着|继续)?"
    # 「后天来采」「明天过来挖」: coming to do the work is the doing
    r"(?:(?:来|去|过来)(?=[采摘挖栽种收割搬装拉运砌修铺拔剥锄喷插犁耕打]))?"
    r"(?:来|去|过来|干|搞|做|弄|开工|上工|动工|出工|开干|开始|采|摘|挖|栽|种|收|割|搬|装|拉|运|"
    r"砌|修|铺|拔|剥|锄|喷|插|犁|耕|打|上山|下地)(?:活|工)?(?:了|哈|吧|啊|哦|嘛|噻)*$")


# ... or the day said alone, or preferred (「后天」「是后天」「后天好些」): the answer for the
# work's day, as against the day's weather or a wait (「后天晴」「后天看天」「后天再说」)
_DAY_ALONE = re.compile(
    r"^(?:是|就|那就|还是)?(?:大后天|今天|明天|后天|今早|今晚|明早|明晚)"
    r"(?:好些|好点|好一些|合适些?|比较好|行|可以)?(?:了|哈|吧|啊|哦|嘛|噻)*$")


def _day_decided(clause: str) -> bool:
    return bool(_DAY_CHANGE.search(clause) or _DAY_DOING.match(clause)
                or _DAY_ALONE.match(clause))


def stated_fields(text: str, now: dt.datetime, gazetteer: Any) -> dict[str, Any]:
    """The fields a message states. A correction with its word (「改成后天 明天要落雨」「人数4
    再要两个」「不是明天 改成后天」「说错了 是后天」) is read clause by clause: a value put aside
    (不是…, …太低了, …说错了) does not count, and the first saying of a field wins — what follows
    is its reason or a restatement, not a second value."""
    text = remarks_off(text)
    clauses = [v for c in _CLAUSE.split(text.strip()) if c for v in _voice_clauses(c)]
    if not any(CORRECTION_HEAD.match(c) or _PUT_ASIDE.search(squash(c))
               or RESTATE.search(squash(c)) for c in clauses):
        plain = extract_fields(text, now, gazetteer)
        if MORE_COUNT.search(squash(text)):
            # 「揉茶的再要一个」: one more than the card says, no headcount of one — what the
            # count comes to is not said (「人数3」 says it), so no count is read
            plain = {k: v for k, v in plain.items() if k != "headcount"}
        return plain
    parts: list[str] = []
    for clause in clauses:
        if parts and (_HEAD_ONLY.match(parts[-1]) or BARE_NUMBER.match(squash(clause))
                      or _UNIT_ONLY.match(squash(clause))):
            parts[-1] += " " + clause  # 「工价 200」: the word and its value are one saying
        else:
            parts.append(clause)
    if len(parts) < 2:
        return extract_fields(text, now, gazetteer)
    found: dict[str, Any] = {}
    # 「人数改一下」: 一下 is "a bit", not one
    kept = [p.replace("一下", "  ") for p in parts if not _PUT_ASIDE.search(squash(p))] or parts
    # 「女工再要一个 人数4」: a value said with its field's word (人数4) is the one meant, before
    # one said in passing in the reason (再要一个: one more, not a headcount of one)
    kept.sort(key=lambda p: not CORRECTION_HEAD.match(p))
    for part in kept:
        said = {k: v for k, v in extract_fields(part, now, gazetteer).items() if v is not None}
        for key in list(said):
            group = next((g for g in _FIELD_GROUPS if key in g), (key,))
            if any(found.get(k) is not None for k in group):
                del said[key]
        found.update(said)
    return found


def _day_picks(text: str, jobs: list[Job], now: dt.datetime) -> Job | None:
    """The one job of those in sight whose days are all the days the message names (「周五一早
    到」), or None: no day said, or a day that is no job's or several jobs' (a job of no date
    may be on any day)."""
    days = {d.date for d in find_dates(text, now.astimezone(TZ))}
    if not days or any(j.start_date is None for j in jobs):
        return None
    fits = [j for j in jobs if all(on_day(j, d) for d in days)]
    return fits[0] if len(fits) == 1 else None


def situation(ctx: Context) -> Situation:
    """What the chat says about this message: the job it replies to or has in sight, the
    reader's pending question, the parse. Only what the text could be about is looked up
    (a post costs no claim lookups)."""
    from handlers.matching import job_in_sight, job_of_message

    chat = ctx.message.chat
    private = chat.is_private
    text = ctx.message.text
    parse = filters.parsed(ctx)
    party = party_said(text) is not None or just_me(text) is not None
    headed = trade_head(text)
    if headed is None and private:
        headed = trade_head_after_reason(text)  # 「客多了二十桌 帮厨人数改成3」
    # a word heading a correction that is no work type may name a job by its part of the post
    part = head_said(text) if headed is None else None
    correcting = correction_said(text) or (
        private and (restating(text) or headed is not None or correction_after_reason(text)
                     or part is not None))
    about_job = (party or parse.intent == "claim" or claim_phrase(text) is not None
                 or correcting or _more_wanted(text, parse)
                 # 「女的那个 我克」: a claim naming one job of a post by its part of it
                 or (not private and (item_named(text) is not None
                                      or part_claim(text) is not None)))
    # Privately the latest job is also what a bare number corrects and what a claim said
    # with one's circumstances is about; nothing else ``read`` does looks at it, so a command
    # or a greeting costs no look-up of jobs, and a command none of the waiting draft (no
    # command answers it) — unless it lets the draft go (「算了 这几天没空」 names one's
    # availability, a command's word, and drops the draft).
    bare_number = private and bool(BARE_NUMBER.match(squash(text)))
    if private and not about_job:
        about_job = bare_number or _may_claim_around(text)
    replied_job = job_of_message(ctx.session, ctx.message.reply_to)
    replied = _view(replied_job, ctx, party)
    sight = None
    if replied is None and about_job:
        sight = _view(job_in_sight(ctx.session, chat.id, private, None), ctx, party)
    draft_here = (not private and replied is None and sight is None and about_job
                  and store.draft_in_chat(ctx.session, chat.id))
    rival = (sight is not None and not private and not sight.mine
             and store.open_rival_card(ctx.session, chat.id, sight.id, ctx.person.id))
    day_picks = False
    if private and sight is not None and not sight.mine and ctx.person.id is not None:
        # Two open jobs pushed to the reader and no reply to either: which is not said —
        # unless the day said is one job's alone (「周五一早到」 with a Friday push above a
        # Monday one: the Friday job). A job in sight one has claimed is no rival (a claim
        # on it is 「已经报上了」), but its day is no other job's either.
        rivals = store.pushed_rivals(ctx.session, chat.id, sight.id, ctx.person.id)
        if rivals:
            claimed = store.active_claim(ctx.session, sight.id, ctx.person.id) is not None
            by_day = _day_picks(text, [ctx.cache["jobs"][sight.id], *rivals], ctx.now)
            if by_day is not None and by_day.id != sight.id:
                sight, day_picks = _view(by_day, ctx, party), True
            elif by_day is not None:
                day_picks = True
            else:
                rival = not claimed
    claim_text = None
    unnamed = named_here = False
    if not private and replied is None and names_a_job(text):
        # 「邓老板那个活算我一个」 with several open jobs' cards in the group: the job named
        named_job = _group_job(ctx, text)
        if named_job is not None:
            claim_text = named_job[1]
            picked_view = _view(named_job[0], ctx, party) if named_job[0] is not None else None
            if picked_view is None:
                unnamed = True
            else:
                sight, rival, named_here = picked_view, False, True
    near = replied or sight
    # 「女工那边 我去」: a word the post's jobs all share (its gender split is no part of its
    # own) names none of them by the post's words, but whom the job is for still picks one
    named_item = (item_named(text) if near is not None and not near.mine
                  and (claim_text is None or unnamed) else None)
    # 「装瓶我去」「我去装瓶」: a word of one job's own part of a post of several, no work type
    part_said = (part_claim(text) if near is not None and not near.mine
               and (claim_text is None or unnamed) else None)
    if (named_item is not None or part_said is not None) and near is not None:
        # 「我去当钢筋工」 under the 焊工 card of the same post: the claim is the 钢筋工 job's
        near_job = ctx.cache["jobs"][near.id]
        views = [v for j in store.jobs_of_post(ctx.session, near_job.post_id)
                 if (v := _view(j, ctx, party)) is not None]
        picked = item_job(named_item[0], views, near) if named_item is not None else None
        said_claim = named_item[1] if named_item is not None else ""
        if picked is None and part_said is not None:
            # the job whose own part of the post says the word and no other's does (none: the
            # word names no job — a place one goes to, a time — and is read as before)
            part_job = part_named(ctx.session, near_job, part_said[0], ctx.now)
            picked = next((v for v in views if part_job is not None and v.id == part_job.id),
                          None)
            said_claim = part_said[1]
        if picked is None:
            unnamed = unnamed or named_item is not None
        else:
            claim_text, unnamed = said_claim, False
            if replied is not None:
                replied = picked
            else:
                sight = picked
                # the post's other cards are no rival: the claim said which of them it takes
                rival = rival and store.open_rival_card(ctx.session, chat.id, picked.id,
                                                        ctx.person.id, post_id=near_job.post_id)
    own = None
    pending = None
    asked: tuple[str, ...] = ()
    if ctx.person.id is not None and private and (correcting or bare_number):
        own = _view(store.latest_live_job_of(ctx.session, ctx.person.id), ctx)
    # In a group, a draft posted there asks under the post: the poster's own words answer it
    # without a reply when said as an answer (「地方是红坪镇高坪村」「那就给两百一天」
    # 「打错了 是15号」); looked up only then, so the group's chatter costs nothing.
    in_group = (not private and replied is None and not _is_command(text)
                and group_answer_said(text))
    if ctx.person.id is not None and (in_group or (private and (
            not _is_command(text) or drop_phrase(text)))):
        row = store.open_pending(ctx.session, ctx.person.id, "missing_fields")
        if row is not None and row.job_id is not None:
            job = ctx.session.get(Job, row.job_id)
            if job is not None and in_group and ctx.session.get(JobChat, (job.id, chat.id)) is None:
                job = None  # a draft posted elsewhere: not asked here
            if (job is not None and in_group and not _phone_in_post(ctx, job)
                    and not group_answer_said(text, rate=False)):
                # 「三百块一天」 among a post typed word by word, its phone still to come: a
                # piece of the post (bot/filters.py), no answer to the draft a piece made
                job = None
            if job is not None and job.status == "draft":
                pending = _view(job, ctx)
                if pending is not None:
                    pending = replace(pending, facts=tuple(
                        (k, getattr(job, k)) for k in REPOST_FIELDS))
                missing = store.missing_fields(job)
                if store.date_doubt(job, ctx.now.astimezone(TZ).date()):
                    missing.append("日期")
                asked = tuple(missing)
    named = None
    if headed is not None and ctx.person.id is not None:
        near_view = replied or sight or own
        near = ctx.cache.get("jobs", {}).get(near_view.id) if near_view is not None else None
        named = _view(store.live_job_of_type(ctx.session, ctx.person.id, headed[0], near), ctx)
        if named is None:
            # 「摇蜜的工价改成160」 where the post's 摇蜜 job is a 小工 one: its part says it
            part = head_said(text)
    if named is None and part is not None and ctx.person.id is not None:
        # 「装瓶的人数改成3」 replying to one's card (or privately): a word of one job's own
        # part of the post names it, though it is no work type. A reply names the post; else
        # the job in sight (privately, maybe a note about an older post) and the latest job
        # are each tried, the first whose post has that part taken.
        views = [v for v in (replied, sight, own) if v is not None and v.mine]
        by_part = None
        for view in views[:1] if replied is not None and replied.mine else views:
            own_job = ctx.cache.get("jobs", {}).get(view.id)
            by_part = part_named(ctx.session, own_job, part[0], ctx.now) if own_job else None
            if by_part is not None:
                break
        named = _view(by_part, ctx)
        if named is not None and named.work_type is not None:
            headed = (named.work_type, part[1])
    if more_people(text) is not None:
        # 「再要一个」: more of which job? Of a post of several live jobs, not said
        replied, sight, own = (_with_kin(v, ctx) for v in (replied, sight, own))
    # The fields a text states count only for a draft waiting for them or for one's own job
    # (an answer, a correction): not read for anything else (chatter, most claims and posts).
    # A correction naming its job by the work (「保安工价改成180」) states what follows the work.
    wanted = pending is not None or any(v is not None and v.mine
                                        for v in (replied, sight, own, named))
    # A post typed in pieces states what all its pieces say: read whole, it may be the waiting
    # draft said again with what it lacked (「我屋里要请个护工」 then 「照顾…一个月三千五 电话…」).
    pieces = ctx.cache.get("fragments")
    said = (headed[1] if headed is not None and named is not None
            else pieces if isinstance(pieces, str) else text)
    return Situation(text=text, private=private, parse=parse,
                     fields=stated_fields(said, ctx.now, ctx.gazetteer) if wanted else {},
                     trade=headed[0] if headed is not None else None, named=named,
                     replied=replied, sight=sight, own=own, pending=pending, asked=asked,
                     pieces="fragments" in ctx.cache, draft_here=draft_here,
                     rival=rival, day_picks=day_picks, claim_text=claim_text, unnamed=unnamed,
                     named_here=named_here,
                     echoes=not private and replied is None and _echoes(ctx, parse),
                     names=claim_names(ctx, replied_job if replied is not None
                                       and not replied.mine else None),
                     answering=(functools.partial(_answering, ctx, sight.id)
                                if not private and replied is None and sight is not None
                                and not sight.mine else lambda: False))


ANSWER_MINUTES = 10  # how long a question waits for its answer in a group
# A question put to someone (「小柳来不来」「明天去不去赶场」「你去吗」).
_ASKED = re.compile(r"[?？吗呢啵么嘛]|(.)不\1|[不没](?:嘛|啊|哦)?$")
# ... or to anyone: who does something (「哪个跟我一路去坪堑」「哪位明天得空」: 哪个 as "who",
# a verb after it — 「哪个村」 asks no one), or what is offered, to be answered
# (「肉粽五块一个 要的说」「要的吱声」「需要的私聊」)
_WHO_ASKED = re.compile(r"(?:哪个|哪位|哪些人|谁)(?:人)?(?:也|还|又|明天|后天|今天|今晚|下午|上午)?"
                        r"(?:要|想|去|来|跟|和|同|帮|陪|愿意|能|可以|会|得空|有空|一起|一路|"
                        r"在|有|晓得|知道|买|拿)")
_OFFERED = re.compile(r"(?:要|需要|想要)的(?:话)?(?:就|请)?(?:说|吱声|吱一声|私聊|私我|私信|"
                      r"找我|联系|打电话|留言|喊我|来拿|来买|报名|扣|接龙)")


def arrived_last() -> tuple[Any, ...]:
    """The order of a chat's messages, latest first: by when they were sent, then, for the
    same second, by when they came in and by the platform's id — its number compared as a
    number (a chat's ids share their prefix: 「…:m10」 comes after 「…:m9」)."""
    return (col(InboundMessage.sent_at).desc(), col(InboundMessage.received_at).desc(),
            func.length(InboundMessage.id).desc(), col(InboundMessage.id).desc())


ANSWER_CHAIN = 4  # how many others' answers in a row may stand between a question and one more


def _answering(ctx: Context, job_id: int) -> bool:
    """The group's message just before this one is another person's (not the job's poster's)
    that names the speaker or asks a question (or offers something: 「要的说」): what is said
    now answers it. Others answering it just before, each with a claim's words and not in
    reply to anything (「我和我屋里的一起」 to 「哪个跟我一路去坪堑」), leave it the question in
    front: the next such words answer it too."""
    # the last of the few minutes before: of messages sent within the same second, the one
    # that came in last (``arrived_last``), never whichever the database returns first
    recent = ctx.session.exec(
        select(InboundMessage.sender_id, InboundMessage.text, InboundMessage.reply_to).where(
            col(InboundMessage.chat_id) == ctx.message.chat.id,
            col(InboundMessage.id) != ctx.message.id,
            col(InboundMessage.content_kind) == "text",
            col(InboundMessage.sent_at) >= ctx.now - dt.timedelta(minutes=ANSWER_MINUTES))
        .order_by(*arrived_last()).limit(ANSWER_CHAIN + 1)).all()
    job = ctx.cache.get("jobs", {}).get(job_id) or ctx.session.get(Job, job_id)
    if job is None:
        return False
    own = {squash(forms.plain(n)) for n in (ctx.person.name, ctx.message.sender.name) if n}
    for sender, text, reply_to in recent:
        if sender == ctx.message.sender.id:
            return False
        ident = ctx.session.get(Identity, sender)
        if ident is None or ident.person_id == job.poster_id:
            return False  # the poster asking (「还有人来不」) is asking for the job
        said = squash(text)
        if (any(len(n) >= 2 and n in said for n in own)
                or QUESTION.search(said) or _ASKED.search(said) or _WHO_ASKED.search(said)
                or _OFFERED.search(said)):
            return True
        if reply_to is not None or claim_phrase(text) is None:
            return False  # talk of its own, or an answer to the card: no question in front
    return False


ECHO_SAME = ("wage_min", "township", "village")
# The speaker wanting people themselves: 「我屋里也要」「俺家还要」「我这边也招」
OWN_NEED = re.compile(r"(?:我|俺)(?:们)?(?:屋里|家里|家|这边|这里)?(?:也|还)?"
                      r"(?:要|需要|想请|请|招|找)|也要|还要")


def _echoes(ctx: Context, parse: Parse) -> bool:
    """Every job the post gives is an open job of this group said again: the same work, no
    headcount, day or phone of its own, and any wage or place it says the job's own. Looked up
    only for such a post, so a post with its own count, day or phone costs nothing."""
    if parse.intent != "job_post" or parse.extra.get("scam") or not parse.jobs or any(
            j.work_type is None or j.headcount or j.start_date or j.phone
            for j in parse.jobs):
        return False
    jobs = [job for job, _, _ in store.card_jobs(ctx.session, ctx.message.chat.id)]
    # someone else's own need (「我屋里也要搬砖的 一天一百六」) is their post, however like
    # the job up it reads; the poster's own call again is not
    own_need = OWN_NEED.search(ctx.message.text) is not None
    return all(any(job.work_type == said.work_type
                   and (job.poster_id == ctx.person.id or not own_need)
                   and all(getattr(said, k) is None or getattr(said, k) == getattr(job, k)
                           for k in ECHO_SAME)
                   for job in jobs)
               for said in parse.jobs)


def _group_job(ctx: Context, text: str) -> tuple[Job | None, str] | None:
    """The job of this group a claim names (:func:`group_named`), and the claim: one still
    open before a full one (where the claim waits) when the words fit both."""
    found = store.card_jobs(ctx.session, ctx.message.chat.id)
    if not found:
        return None
    jobs = [job for job, _, _ in found]
    known = known_jobs(found, ctx.now, ctx.session)
    said = group_named(text, known)
    still_open = {j.id for j in jobs if j.status == "open"}
    if (said is None or said[0] is None) and still_open and len(still_open) < len(jobs):
        said = group_named(text, [k for k in known if k.id in still_open]) or said
    if said is None:
        return None
    return next((j for j in jobs if j.id == said[0]), None), said[1]


def known_jobs(found: list[tuple[Job, str | None, str | None]],
               now: dt.datetime | None = None, session: Any = None) -> list[Known]:
    """What each job is known by in its group (:class:`Known`): its poster, its post — from
    :func:`storage.jobs.card_jobs`' rows (the job, its poster's name, its post's text); with
    ``now`` and ``session``, for a post of several jobs, each job's own part of it."""
    known = []
    siblings: dict[int, list[int]] = {}
    for job, _, _ in found:
        siblings.setdefault(job.post_id, []).append(job.id or 0)
    parts: dict[int, list[str]] = {}
    for job, _, post_text in found:
        if session is None or now is None or not post_text or job.post_id in parts:
            continue
        # a post of one job costs no look-up; of several, every job it gave, those gone too
        # (a job taken down is still its part)
        said = [j.own for j in parse_text(post_text, now).jobs]
        if len(said) < 2:
            parts[job.post_id] = []
            continue
        every = [j.id or 0 for j in store.jobs_of_post(session, job.post_id)]
        ok = len(said) == len(every) and all(said)
        siblings[job.post_id] = every
        parts[job.post_id] = [squash(x or "") for x in said] if ok else []
    for job, poster_name, post_text in found:
        names = tuple(squash(forms.plain(n)) for n in (poster_name, job.contact) if n)
        post = squash(post_text) if post_text else ""
        # a post of several jobs (one per kind, item or shift: nlp.jobs) gave them in the
        # order written: the job's own part is the one at its place among the post's jobs
        split = parts.get(job.post_id) or []
        at = sorted(siblings[job.post_id]).index(job.id or 0)
        own = split[at] if split else None
        elsewhere = "|".join(x for k, x in enumerate(split) if k != at)
        known.append(Known(job.id or 0, names, post, job.work_type, job.village, own,
                           elsewhere))
    return known


def claim_names(ctx: Context, poster_of: Job | None) -> tuple[str, ...]:
    """The names that may stand beside a claim: the sender's (their person's and their
    account's) and the poster's of the job replied to — looked up only when the text may be
    a claim said with more (:func:`_may_claim_around`)."""
    said = [ctx.person.name, ctx.message.sender.name]
    # a claim said alone (「我去」) reads no name: no look-up
    if (poster_of is not None and claim_phrase(ctx.message.text) is None
            and _may_claim_around(ctx.message.text)):
        poster = ctx.session.get(Person, poster_of.poster_id)
        if poster is not None:
            said.append(poster.name)
    found = {squash(forms.plain(n)) for n in said if n}
    return tuple(n for n in found if n and n not in CLAIM_WORDS)


def decided(ctx: Context) -> Decision:
    """The decision about this message, made once and shared by every filter."""
    found = ctx.cache.get("decision")
    if not isinstance(found, Decision):
        s = situation(ctx)
        found = decide(read(s), s.private)
        ctx.cache["decision"] = found
    return found


def reading(*kinds: str, action: str = "act") -> Filter:
    """Match when the decided reading is one of ``kinds`` with this action; its job
    (``job``) and data flow into the handler."""

    def flt(ctx: Context) -> dict[str, Any] | bool:
        if ctx.message.button_data is not None:
            return False
        decision = decided(ctx)
        if decision.action != action or decision.reading.kind not in kinds:
            return False
        found: dict[str, Any] = dict(decision.reading.data)
        found["reading"] = decision.reading
        job_id = decision.reading.job_id
        found["job"] = None if job_id is None else (
            ctx.cache.get("jobs", {}).get(job_id) or ctx.session.get(Job, job_id))
        return found

    return flt
