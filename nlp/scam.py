"""The one scam lexicon: job posts that ask workers for money, and click-farm ads.

parse() reports the first word found as Parse.extra["scam"] on a job_post, and the bot holds
such a post for an officer instead of pushing it. intent.classify reads the click-farm words as
a job_post even without a kind of work (the contract: scam ads are job_post so screening sees
them).
"""

from __future__ import annotations

import re

from nlp.recache import rcompile

# A real employer never charges the worker: any fee or deposit asked of them is the scam.
ASKS_MONEY = (
    "押金", "压金", "鸭金", "工号费", "培训费", "保证金", "报名费", "入职费", "服装费", "中介费",
    "介绍费", "体检费", "办卡费", "资料费", "手续费", "先交钱", "先交费", "先转账", "转账激活",
    "激活费", "会员费",
)
# '垫付' is a scam when the worker pays in advance ('需自己垫付'), not when the boss does
# ('老板垫付路费'): read only with the payer named or implied as the worker.
WORKER_ADVANCES = rcompile(
    r"(?:需|需要|要|先|自己|个人|本人|员工|工人)\s*(?:先)?\s*垫付|"
    r"(?:先|需|需要|须|必须)\s*交\s*[0-9一二两三四五六七八九十百千]*\s*(?:元|块|钱|费)"
)
_EMPLOYER_PAYS = rcompile(r"(?:老板|公司|厂里|厂家|单位|我们|东家|包工头|老板娘)\s*(?:先)?\s*$")
# Remote 'work' that pays for clicks, orders or typing, or promises easy money.
CLICK_FARM = ("刷单", "日赚", "在家就能做", "轻松赚", "兼职打字", "点赞", "躺赚")

SCAM_WORDS = ASKS_MONEY + CLICK_FARM


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


CLICK_FARM_RX = rcompile(_alternation(CLICK_FARM))
_SCAM_RX = rcompile(_alternation(SCAM_WORDS))
# '不收押金', '无需保证金', '免培训费', '不用垫付任何费用', '不要一分钱押金', '不用交押金':
# saying there is no fee is no scam
_DENIED = rcompile(r"(?:不收|不要|不需要?|不用|无需?|免|免收|没有|不交|不扣|零)"
                     r"\s*(?:交|收|缴|付)?\s*(?:任何|一分钱的?|一分|分文|半分钱?)?\s*$")


# '不收任何押金和中介费', '无押金、培训费': one denial said of a list of fees denies each
_LISTED = rcompile(r"\s*(?:和|与|及|以及|跟|或|或者|、|/)\s*")


def scam_word(text: str) -> str | None:
    """The first scam word of a normalised text that is not denied, else None."""
    denied_end = -1
    for m in _SCAM_RX.finditer(text):
        if (_DENIED.search(text, max(0, m.start() - 8), m.start())
                or (denied_end >= 0 and _LISTED.fullmatch(text, denied_end, m.start()))):
            denied_end = m.end()
            continue
        return m.group()
    for m in WORKER_ADVANCES.finditer(text):
        before = text[max(0, m.start() - 8) : m.start()]
        if not _DENIED.search(before) and not _EMPLOYER_PAYS.search(before):
            return "垫付" if "垫付" in m.group() else "先交钱"
    return None
