"""A claim replying to the job, said with the claimer's own remarks.

Said to the group with a card merely in sight, a claim passes only with clauses known to say
the claimer's circumstances (``reading.claim_around``): there anyone's words may be about
anything. A reply to the job's card or push, or a claim naming the job by its number, says
what it is about; when it opens with a claim, what follows is the claimer talking about
themself — what they can do, what they have, where they live, when they come — and it stays a
claim unless a remark *spoils* it:

- backing out, or a "not" about going (不去, 来不了, 没空, 冇得空, 算了, 有事);
- a hedge or a condition (看看, 再说, 考虑, 可能, 到时候, 如果, 要是, …的话);
- a doubt or question about the pay or the terms (才…, 太少, 多少钱, 管饭不);
- the claimer going elsewhere (去镇上, 赶场, 走亲戚: a place or errand that is not the job);
- someone else's going (他去, 别人去) — kin coming along is the party, not a spoiler;
- the claim phrase used as an exclamation (「我去 好大的雨」「我去 这么冷」「我去 好快就满了」);
- any other question than when to come, where to meet, where the work is or what to bring.

A party said in the remarks (「我跟我屋里老婆子两个人」) sizes the claim, as it does around a
claim said to the group; a count put right after a slip (「我们去三个 不对不对 两个」) is the count
meant, and who is out after it went down is its reason (「三妹她明天冇得空」). An errand given up
for the job (「房县的酒不吃了」) is the claimer free after all, not backing out.
"""

from __future__ import annotations

import re

from handlers import reading
from nlp import intent, lexicon
from nlp.numbers import parse_number

squash = reading.squash

# Said before the claim, besides the circumstances ``reading`` knows (a filler, an address to
# the poster, agreement, 得空): a line check, or asking whether there is still room
# (「还要人不 我也可以去」).
_LINE_CHECK = re.compile(r"^喂*(?:听得到不|听得到吗|听得见不|听得见吗|听到没|能听到不|能听到吗)$")
# What voice says while it thinks, run together: 「嗯那个」「呃就是」.
_THINKING = re.compile(r"^(?:嗯+|呃|额|哦+|喂+|那个|这个|就是说|就是)+$")
# The pay raised, said as done (「涨到一百五了」「工钱加到两百了」) before a claim (「那我也去」):
# the claim takes the job at that pay; a doubt (才…) or a condition (要是…) is no opener.
_RAISED = re.compile(r"^(?:工价|工钱|工资)?(?:涨到|加到|提到|涨成|加成)"
                     r"(?P<to>[0-9一二两三四五六七八九十百]+)(?:块|元)?(?:钱)?(?:一天)?(?:了|啦)$")
_OPENERS = (_LINE_CHECK, _THINKING, reading.ROOM_Q)


# A slip of the count put right (「我们去三个 不对不对 两个」「说错了 是两个人」): the count said
# after it is the one meant. A slip followed by anything else (「不对 不去了」) leaves it unsure.
_SLIP = re.compile(r"^(?:(?:不对|不是|错了|说错了|讲错了|搞错了|哦不|啊不|不不)(?:了|哦|啊)?)+")
_SLIP_COUNT = re.compile(rf"^(?:是|应该是|就|只)?(?:我们|俺们)?(?:去|来)?{reading._N}"
                         r"(?:个人|个|位|人)?(?:去|来)?$")
# 「不是三个」: the count denied, so the one meant is said after it (「是两个」, or the next
# clause).
_DENIED = re.compile(rf"^(?:我们|俺们)?{reading._N}(?:个人|个|位|人)?")
# A count said in the claim or with its party (「我们三个去」「报名两个」), which a slip may put
# right.
_NUMBER_SAID = re.compile(rf"{reading._N}(?:个|位|人)")
# Someone not coming after all (「三妹她明天冇得空」「我老公没空」): said after the count was put
# right, it is why it went down — news of someone else otherwise (who is the claim for?).
_ONE_OUT = re.compile(
    rf"^(?:(?:我|俺)?(?:家|屋里|家里)?{reading._ANY_KIN}|[\u4e00-\u9fff]{{1,3}}(?=他|她))(?:他|她)?"
    r"(?:今天|明天|后天|那天)?(?:又|也|就)?(?:冇得空|没得空|莫得空|没空|没时间|有事|去不了|"
    r"来不了|不去|不来|走不开)(?:了|的|哦|哈|啊)?$")
# An errand elsewhere given up for the job (「房县的酒不吃了」「集不赶了」「不走亲戚了」): the
# claimer free after all, not backing out.
_ERRAND_DROPPED = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,4}的)?(?:(?:喜)?酒|酒席|席|场|集|亲戚)(?:就|也|都)?(?:不|莫|冇)"
    r"(?:吃|喝|坐|赶|走)了(?:哦|哈|啊|嘛)?$|"
    r"^(?:就|也|都)?(?:不|莫|冇)(?:吃酒|吃席|喝酒|喝喜酒|坐席|赶场|赶集|走亲戚)了(?:哦|哈|啊|嘛)?$")


def _raised_to_the_wage(clause: str, wage: float | None) -> bool:
    """「涨到一百六了」 before the claim: the raise the card shows (a sum it does not show is a
    demand, not news of the card)."""
    m = _RAISED.match(clause)
    return m is not None and wage is not None and parse_number(m.group("to")) == wage
# A claim said in everyday words the claim phrases do not list: 「这回我还是去」「我也可以去」,
# also by a party that says how many it is (「我们两个还是去」; 「我们还是去」 says not how many).
_OFFER_TO_GO = re.compile(
    rf"^(?:这回|这次|那|那就|就)?(?:我|俺)(?:们{reading._N}(?:个|位)?人?)?"
    r"(?:也|还是|就|肯定|一定|照样|照旧|当然)*"
    r"(?:可以|能)?(?:去|来)(?:的|嘛|哈|噻|撒|哦)?$")

# --- spoilers ----------------------------------------------------------------------------
# A "not": backing out or not being free. What is negated is not looked into — the few
# idioms that deny a worry (没问题, 不怕累) are let through, every other "not" is too close
# to backing out.
_NOT = re.compile(r"[不没莫冇别甭]")
_NOT_IDIOMS = re.compile(r"(?:没|莫|冇|莫得|冇得|没得|没有)(?:问题|啥事|事)|不怕[苦累脏晒]?|"
                         r"不嫌[弃累]?|不挑|不计较|不在话下|不成问题|不要紧|没关系")
_BACKING_OUT = re.compile(r"算了|算咯|有事|走不开|抽不开|忙得很|太忙|有点忙|"
                          r"开玩笑|说着玩|说笑|逗你|骗你|假的")  # or it was a joke
_HEDGE = re.compile(r"看看|看下|看一下|看情况|看天|再说|考虑|想想|想一下|商量|问问|问下|问一下|"
                    r"可能|也许|或许|说不定|不一定|大概|估计|怕是|应该|争取|尽量|到时候|"
                    r"如果|要是|假如|万一|的话|等我")
# The pay and the terms: money, a count of it, a doubt (才, 太…).
_PAY = re.compile(r"钱|块|元|工资|工钱|工价|价|[百千万]|多少|结账|结算|日结|现结|月结|路费|车费|"
                  r"报销|才|太(?!好了|好啦)")
_TERMS = re.compile(r"(?:管|包|供)(?:不管|不包|不供)?(?:饭|吃|住|中饭|午饭|晚饭|早饭|餐|宿|车)")
# Echoing another's question: 「+1 同问」.
_ECHO = re.compile(r"同问|同求|也想问|也想知道")
# Going elsewhere: an errand, or a going verb whose destination is not the job's.
_ERRAND = re.compile(r"赶场|赶集|走亲戚|吃酒|吃席|坐席|喝喜酒|看病|看医生|医院|住院|开会|接娃|"
                     r"接孩子|送娃|送孩子|上学|出门|出差|相亲|上坟|办事|买东西|上街|进城|上镇|上县|"
                     r"卖(?!力)|结婚|办酒|喜事|丧事|白事|满月|过生")
# 去, 到, 回 as going (not 去年, 看到, 到时候, 回头)
_GO = re.compile(r"(?<![得听看收想做办遇碰找买拿接送搬运拉等轮])"
                 r"(?:去(?![年过])|到(?!时候|处|底)|回(?!头|事))")
_WORKSITE = re.compile(
    r"^(?:来|去)?(?:(?:你|您|老板)(?:的)?)?(?:屋里|家里|家|那里|那边|那儿|那|这里|这边)?"
    r"(?:工地|现场|地里|田里|茶园|茶山|果园|菜地|园子|山上|厨房|场子|干活|做事|帮忙|上工|开工|报到)?"
    r"(?:了|的|哈|嘛|啊)?$")
# Someone else: they are the subject of what is said.
_OTHERS = re.compile(r"他|她|别人|人家|其他人|别个")
_BARE_GO = re.compile(r"^(?:(?:我|俺)?去[啊呀哈]*)+$")  # also twice: 「我去啊我去」
# What may be asked with a claim: when to come, where to meet, what to bring.
_DAY = (r"(?:今天|明天|后天|明早|那天|当天|(?:这|下)?(?:周|星期|礼拜)[一二三四五六日天])?"
        r"(?:早上|上午|中午|下午|晚上)?")
_LOGISTICS = re.compile(
    rf"^(?:那|请问)?{_DAY}(?:几点|什么时候|啥时候|几时|几号|哪天)(?:钟)?"
    r"(?:到|去|来|走|集合|出发|开工|上工|动身|开始|上班|下班|收工|结束)?"
    rf"{reading.ASK_END}$|"
    # where: to meet, or the place of the work itself (「在哪里呀」「地址在哪」)
    r"^(?:那|请问)?(?:地址|地点|位置)?(?:在|到|去)?(?:哪里|哪儿|哪点|哪|啥地方|哪个地方|什么地方)"
    rf"(?:集合|碰头|等|见|上工|干活|报到)?{reading.ASK_END}$")
_QUESTION_MARK = re.compile(r"[?？吗呢啵么][?？]*$|(.)不\1|[不没]$|"
                            # 「要做几天呀」「多久」: how long, asked (「干了几天」 is told)
                            r"(?<![了过好十这那前])几(?:天|号|个|回|次|趟)[啊呀哇]*$|多久|多长时间")


def _asking(raw: str) -> bool:
    return bool(reading.ASKS.search(raw) or _QUESTION_MARK.search(raw.strip()))


def _spoils(raw: str, head: str, work_type: str | None) -> bool:
    """Whether a remark after the claim leaves it unsure (see the module's list)."""
    clause = squash(raw)
    if _asking(raw):
        return not (_LOGISTICS.match(clause) or reading.LOGISTICS_Q.match(clause)
                    or reading.ROOM_Q.match(clause) or reading.HELLO.match(clause))
    if _NOT.search(_NOT_IDIOMS.sub("", clause)) or _BACKING_OUT.search(clause):
        return True
    if _HEDGE.search(clause) and not reading.CALL_ME.match(clause):
        return True
    if _PAY.search(clause) or _TERMS.search(clause) or _ECHO.search(clause):
        return True
    if _ERRAND.search(clause) or _OTHERS.search(clause):
        return True
    if _BARE_GO.match(head) and intent.exclamation(intent.standard(f"我去 {clause}")):
        # 「我去 好大的雨」「我去 好快就满了」: 我去 in surprise, as the parser reads it
        return True
    return any(_elsewhere(clause[m.end():], work_type) for m in _GO.finditer(clause))


def _elsewhere(destination: str, work_type: str | None) -> bool:
    """What follows a going verb names a place or an errand that is not the job: anything but
    nothing, the poster's place, a worksite, or the job's own kind of work."""
    if _WORKSITE.match(destination):
        return False
    return work_type is None or lexicon.work_type_of(destination) != work_type


def _head(clause: str, work_type: str | None, start: str | None = None
          ) -> tuple[int, str | None] | None:
    said = reading.claim_phrase(clause) or reading.claim_phrase(reading._LEAD.sub("", clause))
    if said is None:
        cue = reading._task_claim(clause, work_type, start)
        if cue is not None:
            said = reading.claim_phrase(reading._LEAD.sub("", cue))
    offer = _OFFER_TO_GO.match(clause)
    if said is None and offer is not None:
        said = (reading.count_word(offer.group("n")), None)
    if said is None and reading.claim_repeated(clause):
        said = (1, None)
    return said


def _party(clause: str) -> int | None:
    """How big a party a remark says comes (「我跟我屋里老婆子两个人一路的」: 2), or None."""
    for said in (clause, re.sub(r"(?:的|哈|嘛|哦)+$", "", clause)):
        named = reading.WITH_NAMED.match(said)
        if named is not None:
            return reading.count_word(named.group("n"))
        if reading.CALLED_ALONG.match(said):
            return 2
        size = reading.PARTY_SIZE.match(said)
        if size is not None:
            return reading.count_word(size.group("n") or size.group("n2"))
        coming = reading._companions(said)
        if coming is not None:
            return coming
    return None


# 「算我一个 邓老四」 from someone else: a name after the claim that is not the sender's (nor the
# poster's) leaves it unclear whom the claim is for. A clause of the speaker's own (「我大二」:
# a student's year) is no name.
_NAME_LIKE = re.compile(r"^(?:老|小|阿)[\u4e00-\u9fff]$|"
                        r"^(?![我俺])[\u4e00-\u9fff]{1,2}(?:老[大二三四五六七八九幺]|[二三四五六七八九]|"
                        r"大爷|大妈|大姐|大哥|师傅|嫂|婶|叔|伯)$")


def _own_name(clause: str, names: tuple[str, ...]) -> bool:
    """「我是覃婆婆」 before the claim: the claimer saying who talks (or the poster's name)."""
    signed = reading._SIGNED.match(clause)
    return signed is not None and signed.group("name") in names


def _remarks_claim(raws: list[str], work_type: str | None,
                   names: tuple[str, ...] = (), wage: float | None = None,
                   start: str | None = None) -> tuple[int, str | None] | None:
    clauses = [squash(c) for c in raws]
    at = 0
    asked_room = False
    while at < len(clauses) and _head(clauses[at], work_type, start) is None and (
            any(p.match(clauses[at]) for p in _OPENERS) or reading._circumstance(clauses[at])
            or _own_name(clauses[at], names) or _raised_to_the_wage(clauses[at], wage)):
        asked_room = asked_room or bool(reading.ROOM_Q.match(clauses[at]))
        at += 1
    if at == len(clauses):
        return None
    head = clauses[at]
    said = _head(head, work_type, start)
    if said is None and asked_room and reading.OFFER.match(head):
        said = (1, None)  # 「还要人不 我可以」: an offer once room is asked for
    remarks = list(zip(raws[at + 1:], clauses[at + 1:], strict=True))
    if said is None or (remarks and reading.MOVING.search(head)):
        return None  # 「我来了 路上堵车」: someone arriving, not signing up
    count, phone = said
    party = 1
    stated = _NUMBER_SAID.search(head) is not None  # a count said, that a slip may put right
    slipped = False  # the count was put right, down
    skip = False
    for k, (raw, clause) in enumerate(remarks):
        if skip:
            skip = False
            continue
        slip = _SLIP.match(clause)
        if slip is not None:
            if not stated and max(count, party) < 2:
                return None  # 「我去 不对啊 就两个人」: no count said to put right — a remark
            meant = clause[slip.end():]
            denied = _DENIED.match(meant) if slip.group().startswith("不是") else None
            if denied is not None:  # 「不是三个 是两个」「不是三个 两个」: that count is denied
                meant = meant[denied.end():]
            if not meant and k + 1 < len(remarks):
                meant, skip = remarks[k + 1][1], True
            fixed = _SLIP_COUNT.match(meant)
            if fixed is None:
                return None  # 「我们去三个 不对 不去了」: taken back, or not said what
            new = reading.count_word(fixed.group("n"))
            slipped = slipped or new < max(count, party)
            count, party = new, 1
            continue
        signed = reading._SIGNED.match(clause)
        if signed is not None and signed.group("name") in names:
            continue  # one's own name, or the poster's
        if _NAME_LIKE.match(clause):
            return None
        again = reading.claim_phrase(clause)
        if again is not None:  # the claim said again, or with its count
            count, phone = max(count, again[0]), phone or again[1]
            continue
        size = _party(clause)
        if size is not None:
            party = max(party, size)
            continue
        given = reading._phone_alone(clause)
        if given is not None:
            phone = phone or given
            continue
        if head in ("+1", "＋1") and _asking(raw):
            return None  # 「+1 要带锄头不」: the same question again, not a claim
        if slipped and _ONE_OUT.match(clause):
            continue
        if _ERRAND_DROPPED.match(clause) and not _OTHERS.search(clause):
            continue  # one's own errand given up (「她屋里的酒不吃了」 is someone else's)
        if not reading._circumstance(clause) and _spoils(raw, head, work_type):
            return None
    return max(count, party), phone


def claim_with_remarks(text: str, work_type: str | None = None, *,
                       names: tuple[str, ...] = (), wage: float | None = None,
                       start: str | None = None) -> tuple[int, str | None] | None:
    """How many people a claim replying to the job brings and a phone given with it, when the
    text opens with a claim and no remark after it spoils it; None otherwise. Voice input with
    no punctuation is cut where the speaker or a day starts a new clause."""
    text = reading.joined_phones(text)
    clauses = [c for c in reading._CLAUSE.split(text.strip()) if squash(c)]
    found = _remarks_claim(clauses, work_type, names, wage, start)
    if found is None and any(len(squash(c)) > 8 for c in clauses):
        cut = [p for c in clauses for p in reading._RUNON_CUT.split(c) if p]
        if len(cut) > len(clauses):
            found = _remarks_claim(cut, work_type, names, wage, start)
    return found
