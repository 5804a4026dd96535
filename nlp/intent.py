"""Intent of a group message: job_post, work_seek, claim or other.

Rules over cue phrases plus what the extractor found (work types, wages, headcounts). The order
of the checks encodes the contract's traps: closing notices and trade are 'other' even with a
price, a reply offering the sender is a claim, a tradesman's service advert is a seek.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.extract import Doc
from nlp.intent_model import second_opinion
from nlp.normalize import HAN
from nlp.recache import rcompile
from nlp.scam import CLICK_FARM_RX, scam_word

# '我要请仨人', '喊两个帮工': people hired by their count, whoever says it (a '我' included)
_HIRES_PEOPLE = r"(?:请|雇|喊)(?:[0-9两三四五六七八九十几俩仨]+)个?(?:人|工|帮工|小工|劳力)"
_HIRES_PEOPLE_RX = rcompile(_HIRES_PEOPLE)
_HIRE = rcompile(
    r"招|聘|诚聘|急聘|急需|需要|要人|缺人|缺|雇|用工|来人|请人|请(?:[0-9一二两三四五六七八九十几俩仨]|个)|"
    r"要(?:[0-9一二两三四五六七八九十几俩仨]|个)|找(?:[0-9一二两三四五六七八九十几俩仨]|个)|哪个|"
    r"谁(?:会|能|有空|愿意)|有没有人|有人(?:会|能|愿意)|岗位"
)
# '喊我', '叫我' (call me when there is work), but not '喊我向嫂子就行' (how to address the poster)
# ('哪个得行喊我一声', '愿意的喊我': the willing called by the poster, not a worker's 喊我;
# nor someone asking the sender along: '邬嫂喊我一路克 我还冇想好')
# Someone calling the sender back to where they work or live ('厂里喊我周日回去', '老板叫我初十
# 回厂上班', '屋里催我回来'): the sender leaves, on a day — not 「有活喊我」
_CALLED_BACK = rcompile(r"(?:喊|叫|让|催|要)(?:我|俺)(?:们)?[^,.;!?\s]{0,6}?"
                        r"回(?:去|来|厂|城|单位|工地|学校|公司|[^,.;!?\s]{1,3}?上班)")
_CALL_ME = (r"(?<!哪个可以)(?<!谁可以)(?<!哪个愿意)(?<!谁愿意)(?<!可以的)(?<!愿意的)(?<!想去的)"
            r"(?<!想干的)(?<!有空的)(?:喊|叫)我(?![^,.;!?\s]{1,4}?就(?:行|是|好|可以)|一路|一起|一块|一道)")
# the sender's wish to work somewhere, or a referral asked for ('想去滑雪场上班 有路子的介绍一下');
# not '想去你那里上班' under a post
_WANTS_WORK = (r"想(?:去|到|进|出去)[^,.!?\s你您]{0,6}?(?:上班|打工|做事|干活|做工)|"
               r"有路子的|(?:帮我|给我)?介绍(?:个|点|份)?(?:活|工作|事做)")
_SEEK = rcompile(
    # 「这几天不接活」: no work wanted (a pause), not a search for it
    r"找活|找个活|找点活|找工作|找份|找事做|找个事|求职|求活|求工作|"
    # ('谁想干点活 明天搬砖': whoever wants to is recruited, no want of the sender's)
    r"(?<!谁)(?<!人)(?<!哪个)想(?:找(?!"
    # 「想找个地方吃饭」「想找家民宿」: somewhere to eat or stay (a visitor's), no work
    r"(?:个|家|间)?(?:地方(?:吃|住|玩|耍|歇|坐|停|落脚)|吃饭|吃的|住的|住宿|馆子|饭店|饭馆|"
    r"酒店|民宿|宾馆|旅馆|农家乐))|干|做)|"
    r"(?<![不莫没别])接活|揽活|"
    r"有活吗|有没有活|有活没|谁家要人|哪里要人|哪里有活|哪家要人|有活找我|有活叫我|有活联系|有活喊我|"
    r"承接|承包各类|接各种|接各类|本人|我会|会开车|上门服务|专业|价格实惠|"
    r"价格优惠|随叫随到|出工|可以干|干活利索|有力气|闲着|闲人|寻找|求带|"
    r"找(?:个|点|份)?[^,.!?\n]{0,12}?(?:的活|的工作|工作|活干|的事)|有没有[^,.!?\n]{0,12}的活|"
    r"谁要[^,.!?\n]{0,6}(?:喊|叫|找)我|" + _CALL_ME + r"|我是[^,.!?\s]{1,4}(?:工|师傅|匠)|都能做|"
    r"有车[^,.!?\n]{0,6}可以|谁要人|去哪里都行|哪里都行|哪里都可以|(?:的)?活(?:有没有|有冇|有吗)|"
    r"找(?:个|点|份)[^,.!?\s]{0,4}活|" + _WANTS_WORK
)
# 「我去年请了三个大工」「我去过那里」「我去的时候没人」: 我去 starting another word (去年, last
# year) or telling of a going done (去过, 去的时候) — neither the going a claim offers nor a cry
# of surprise. Every 我去 the rules read as going or surprise is one not followed by these.
NOT_GOING = r"(?:年|过|的时候|那(?:年|次|回|会))"
_GOING = rcompile(rf"我去(?!{NOT_GOING})")
_CLAIM_SHORT = rcompile(
    rf"^(?:我去(?!{NOT_GOING})|我来(?!说|问|看|讲|晚|迟)|我们?(?:俩|仨|两个|三个)(?:人)?(?:都)?(?:去|来|报名)|报名(?!截止|时间|地点|方式|电话|条件)|接单|接了|算我一个|算我|我报名|我要去|我可以(?!问|说|看|请|作证|证明|担保|保证|告诉|理解)|我能去|\+\s*[0-9一二两三]|"
    r"[0-9一二两三四五六七八九十]+个?人?报名|我接|我干|我参加|扣1|1)"
)
_N = "[0-9一二两三四五六七八九十俩仨几]+"
_GO = r"[^,.!?]{0,8}(?:去|来|干|到|报|一起|都行|两个|俩)"
_CLAIM_ANY = rcompile(
    r"我(?:可以|能|愿意)去|我愿意(?:来|干|做)|我包了(?![\u4e00-\u9fff])|我可以(?!问|说|看|请|作证|证明|担保|保证|告诉|理解)|我能干|我去(?!年|过|的时候|问|看|买|医院)|我来(?!说|问|看|讲|晚|了)|"
    r"我报|报名|接单|算我|"
    rf"我们(?:{_N})个|能去|可以去|明早到|马上到|明天到|按时到|准时|我要了|"
    rf"给我留|名额给我|要(?:一个|个|两个|[0-9]个)名额|带(?:{_N})个|我(?:和|跟|带){_GO}|我家(?:老|那口子|男人|女人|儿子|媳妇){_GO}|"
    r"都来|都能来|能来|我也去|"
    r"过来|过去|明天去|我接了|接了|报[0-9一二两三]|都能干|都是做过|都会干|带上|叫上|"
    rf"有(?:{_N})个人(?:$|{_GO})|个人(?:想去|能去|都(?:去|来|能|可以|行|要|报|会))|(?:俺|我)们?仨"
)
# Replies that offer the sender: arriving, coming along, being free, a count of people.
_WHEN = r"(?:明天|明早|后天|今天|今晚|下午|上午|早上|晚上|马上|准时|按时|[0-9]点|点)"
_CLAIM_MORE = rcompile(
    rf"我们?[^,.!?\s]{{0,4}}{_WHEN}[^,.!?\s]{{0,3}}(?:能到|就到|会到|来|到)[!.~]*$|"
    r"我们?[^,.!?\s]{0,6}(?:也去|都去|也来|都来|能到|就到|会到|能来|就来)[!.~]*$|"
    rf"{_WHEN}[^,.!?\s]{{0,2}}我们?(?:就|能|会)?(?:到|来)[!.~]*$|"
    r"我[^,.!?\s]{0,4}有空|要我[不吗么]|"
    r"[0-9一二两三四五六七八九十]+个人[^,.!?]{0,8}(?:到|来|去)|^(?:两|[0-9一二三四五六七八九十])个人?[,\s]*"
    r"(?:明天|明早|今天|后天)?能?(?:到|来|去)|"
    rf"我们?(?:村|组|这边|这里|屋里|家)?(?:有)?{_N}个人?(?:$|{_GO})|"
    r"还(?:要|缺|差|招)人[^,.!?]{0,3}[?,.\s]*.*我"
)
# A count of people the sender brings ('我们村有5个人', '三个人明天到').
_CLAIM_GROUP = rcompile(
    r"[0-9一二两三四五六七八九十]+个人[^,.!?]{0,8}(?:到|来|去)|"
    rf"我们?(?:村|组|这边|这里|屋里|家)?(?:有)?{_N}个人?(?:$|{_GO})"
)
# A question about a posting ('我可以问一下工资多少吗') is not taking it.
_ASKING = rcompile(r"问|多少|几点|什么|哪|怎么|咋")
_WH_LEAD = rcompile(r"^(?:多大|多少|几岁|几点|什么|啥|哪|怎么|咋|要不要|是不是)")
_QUESTION_TAIL = rcompile(r"(?:吗|呢|\?)[?!.\s]*$")
_REPLY_TO_POST = rcompile(r"还(?:要|缺|差|招)人|还(?:要不要|缺不缺|差不差|招不招)人")
# '有活' asks for work, but '天天有活', '一直有活' say that someone has it
# ('这个月都有活': the work lasts the month)
_HAS_WORK = r"(?<!天天)(?<!一直)(?<!经常)(?<!常年)(?<!都)有活"
# Asking around for work ('有没有招小时工的', '哪里要人') while offering oneself is a seek.
# 要 before a verb of fetching ('哪个要带啥子不', '有人要捎东西不') offers an errand: it asks
# who wants something brought, not who wants a worker.
_ERRAND = r"(?![带捎买拿])"
_WHOSE = r"(?:[^\s,.!?]{0,2}?(?:老板|包工头|师傅|单位|工地|厂|地方|屋里|家里|店|场|队|园|基地))"
_ASK_WORK = rcompile(
    # '摘茶的活哪里有': the work named, then where it is to be had
    r"活(?:路)?(?:哪里|哪儿|哪点|哪块|哪个地方|哪边)(?:有|要人)|"
    # '有冇得要带的' after an errand: who wants something brought (要 before a fetching verb)
    rf"有没有(?!人)[^,.!?\s]{{0,4}}?(?:招|要{_ERRAND}|请|找)|"
    # '哪个屋里要保姆', '哪个茶厂要人': whoever wants a worker, asked around
    rf"谁家{_WHOSE}?(?:要{_ERRAND}|招|缺|请|需要|有活)|"
    rf"哪(?:家|里|儿|个地方|个|位){_WHOSE}?(?:要{_ERRAND}|招|缺|请|需要|有活)|"
    # '新华这边有要人的没', '要人的说一声': the sender ready for whoever wants people
    r"有要人的(?:没|吗|不|么)|要人的(?:说一声|吱一声|喊一声|喊我|叫我|找我|联系|打我)|"
    + _HAS_WORK
    + r"|有没有[^,.!?\s]{0,8}(?:的活|的事|事做|活干)|"
    # '本地有跑货的活吗': whether there is such work, asked
    r"有[^,.!?\s有]{1,6}的活(?:干|做)?(?:吗|没|不|么|啵)|"
    rf"有没有活|最近有[^,.!?]{{0,3}}活|有没有人要|有人要{_ERRAND}[^,.!?\s]{{0,4}}(?:不|吗|么|没)"
)
# the sender (or the sender's party) the subject of that not: '我明天来不了', '俺们没法去'
_OWN_NEG = rcompile(
    r"(?:我|俺)们?(?:[^,.!?\s我俺]){0,4}?(?:(?:去|来|过来|过去)不(?:了|成)|"
    r"(?:不能|没法|没办法|莫法|冇法|不得空|没空|没时间)(?:来|去|过来|过去))"
)
# a crew named by its trade ('装修队', '我们施工队'), and what it takes on ('也能接', '承接')
_TEAM_AD = rcompile(r"(?:^|本|我们|我|俺们?)\s*(?:装修|施工|建筑|包工|瓦工|木工|泥工|泥瓦|"
                      r"水电|防水|保洁|搬家|拆房|钢筋|架子|油漆|刷漆|砌墙)(?:队|班子|班组|团队)")
_TEAM_TAKES = rcompile(r"(?:也|都|可以|能)接|承接|接活|接单|包工包料|活都(?:能|可以)?做")
# a hire of the sender's own ('要个护工', '找个人帮我', '招两个'), not one urged on others
# ('你们另外找个人')
_HIRE_OWN = rcompile(
    r"(?<![你再另外])(?:要|找|请|雇)(?:[0-9一二两三四五六七八九十几俩仨]|个)|招(?!呼)")
# another time offered after the not ('我明天来不了 后天可以来')
_CAN_COME = rcompile(r"(?:可以|能|愿意)(?:来|去|过来|过去|干)")
# backing out, or the sender saying they cannot come: a "not" on the coming itself
# ('明天我不能来', '我没法来', '那天去不到'), however the not is said
_CLAIM_NEG = rcompile(
    r"(?:去|来|过来|过去)不(?:了|成)|(?:不能|没法|没办法|莫法|冇法|不得空|没空|没时间)(?:来|去|过来|过去)|"
    r"不去了|不来了|不干了|取消|退出|不报了"
)
_EXCLAIM = rcompile(
    r"^我去[,!.~\s]*(?:今天|这|那|太|好|真|吓|妈|天哪|我的天|卧槽|什么|啥|又|怎么|咋|居然|竟然|还有这|"
    r"下(?:这么|好|大|雨|雪)|外面|雨|雪|停电|停水|冷|热|贵|便宜|工钱|工资|价)|^我去[!~]+$|"
    r"^我去.*(?:太|咋|怎么)[^,.!?\s]{0,3}(?:了|吧|啊)[!?.~]*$|"
    r"我去(?:问|看)"
)
# '我去，一天才100？': 我去 and a pause before a remark on the post
_EXCLAIM_PAUSE = rcompile(r"^\s*我去\s*[,!.~?]")
# when or where to come, asked by one who is coming ('几点到', '在哪里集合')
_WHEN_TO_COME = rcompile(
    r"(?:几点|什么时候|啥时候|哪天)(?:到|来|过来|过去|去|集合)|在哪(?:里|儿)?集合")
# '收到 明天几点到': the post acknowledged, then when to come asked — the sender is coming
_ACK_THEN_COME = rcompile(
    r"^(?:收到|好的|好|行|可以|ok|OK|嗯|晓得了|知道了|明白|有空)[\s,!.~]+"
    r"(?:(?:明天|明早|后天|今天|今晚|下午|上午|早上|晚上)[\s,]*)?"
    r"(?:几点|什么时候|啥时候)(?:到|来|过来|过去|去)(?:哪里|哪儿)?[?？吗呢啊哦]*\s*$|"
    # '收到 我明早六点半到村口', '得空 明天来': the post acknowledged, then the sender's coming
    r"^(?:收到|好的|好|行|可以|ok|OK|嗯|晓得了|知道了|明白|有空)[\s,!.~]+(?:我|我们|俺)?"
    r"(?:明天|明早|后天|今天|今晚|下午|上午|早上|晚上|初[一二三四五六七八九十]+)"
    r"[^,.;!?]{0,12}?(?:到|来|过来|过去)(?:[^,.;!?\s]{0,4})?[!.~]*\s*$")
# a remark closed by its particle ('九湖又下雪了', '你们那边还没下雪啊', '车子都开不动')
_REMARK_END = rcompile(r"(?:了|啊|呀|哦|哟|噢|不动|不了)[!~.]*$")
# what a claim after 我去 says: the sender again, a day or an hour to come, where to meet …
_OFFERS_SELF = rcompile(
    r"[我俺咱]|明天|明早|后天|(?<![0-9一二两三四五六七八九十几])[0-9一二两三四五六七八九十几]+点|"
    r"集合|报名|算上|等我")
# … and, after a plain remark (no marvel in it), anything a sign-up may say
_OFFERS_AFTER = rcompile(
    # ('我去 砌了三十年墙了': the sender's years at the work, offered)
    r"[了过][^,.;!?\s]{0,5}年|"
    r"今天|今晚|马上|(?<![0-9一二两三四五六七八九十俩仨])[0-9一二两三四五六七八九十俩仨]+个|一起|能干|会干|"
    r"可以|带|要不要|[吗?]")
# '我去 板仓那雪都齐膝盖了 几十年没见过': 我去 and a pause, then a marvel at how much or how
# rare something is, or a remark closed by its particle — an exclamation, unless the sender
# offers themselves after it
_EXCLAIM_SPACED = rcompile(r"^\s*我去[\s,!.~?]+\S")
# '我去 早上六点半 这么早啊': the post's hour echoed, then a marvel at it closed by its particle —
# no offer, however like a time to come the echo reads (none of the sender, no coming after 我去)
_ECHO_MARVEL = rcompile(
    r"^\s*我去[\s,!.~?]+[^我俺咱到来]{1,10}?[\s,]+(?:这么|那么|太|好)[^\s,.;!?]{1,2}(?:啊|呀|哦|哟|了)"
    r"[!?~.]*$")
_MARVEL = rcompile(
    r"没见过|头一回见|第一次见|从来没|几十年|这么|那么|好(?:大|厚|深|冷|多|高|早|快|吓人)|吓死|吓人|"
    r"不得了|了不得|齐(?:膝盖|腰|大腿|小腿|脖子)|都[^,.;!?\s]{1,6}了[!~]*(?:\s|$)")
# '平安夜 我去 超市人挤死了': 我去 standing alone before a remark
_EXCLAIM_ALONE = rcompile(r"(?:^|\s)我去(?:\s|[,!.~]).*(?:死了|挤|好多人|太多人|吓人|要命)")
# 「我去 好快就满了」「我去 这雨好大」「我去 我以为是明天」: a remark after a bare 我去 that says it
# in surprise — something too much, the weather, the job already full, a thing mistaken
SURPRISE = rcompile(
    r"^(?:就|这|那)?(?:好|真|太|超|贼|巨|这么|那么)(?:快|多|贵|便宜|远|猛|厉害|牛|夸张|抢手|火)|"
    r"满了|招满|报满|抢完|抢光|没名额|没位置|"
    r"^(?:天|今天|外面|这)?(?:好|这么|那么|真|咋这么|怎么这么)[\u4e00-\u9fff]{0,3}"
    r"(?:雨|雪|风|雾|冷|热|晒|冻)|(?:下|落)(?:雨|雪|冰雹)|打雷|刮风|"
    # '今晚这雪下得': how it falls, the marvel left unsaid
    r"(?:雨|雪)(?:下|落)得|"
    r"^(?:天|今天|外面)?(?:这|这个|这场)?(?:雨|雪|风|雾|太阳)(?:好|这么|那么|真|太|咋这么|怎么这么)|"
    r"这么|那么|真的假的|吓|天哪|天啊|妈呀|我的天|卧槽|居然|竟然|不会吧|离谱|哈哈|笑死|服了|"
    r"好家伙|死了|死人|要命|以为|原来|搞错|看错")
_CLAUSES = rcompile(r"[\s,，。.!！;；、~?？]+")


def exclamation(t: str, compact: str | None = None) -> bool:
    """「我去 好大的雨」「我去，一天才100？」「我去 好快就满了」: 我去 said in surprise, not to go
    (``t`` as :func:`standard` gives it). The one definition: handlers/replying.py asks it of a
    claim's remarks too."""
    compact = _WS.sub("", t) if compact is None else compact
    if _GOING.search(compact) is None:  # 「我去年…」「我去过…」: no 我去 of going or surprise
        return False
    spaced = _EXCLAIM_SPACED.match(t)
    return bool(
        _EXCLAIM.match(compact) or _EXCLAIM_ALONE.search(t)
        or (_EXCLAIM_PAUSE.match(t) and _REMARK_STRONG.search(t))
        or _ECHO_MARVEL.match(t)
        or (spaced and not (
            _CLAIM_STRONG.search(compact, 2) or _OFFER.search(compact)
            or _WHEN_TO_COME.search(t) or _OFFERS_SELF.search(compact, 2)) and (
            _MARVEL.search(t)
            or (_REMARK_END.search(t) and not _OFFERS_AFTER.search(compact, 2))))
        # a remark after a bare 我去 and its pause that says it in surprise
        or (spaced and compact.startswith("我去") and any(
            SURPRISE.search(c) for c in _CLAUSES.split(t[spaced.end() - 1:]) if c)))


_CLOSED = rcompile(
    r"招齐|人齐了|招够|人够|已满|满员|人够了|够人了|不招了|不要人了|停止报名|名额已满|结束报名|已招到|招到了|"
    r"招满|不是招工|不是招人|不招工"
)
_ASKED_AFTER = rcompile(r"了?(?:没|吗|不|么|\?)")
_TRADE = rcompile(
    r"招租|月租|想租|租给|租出|要租|租地|租田|有(?:人)?要的(?:吗|没)|柴火|卖|出售|收购(?!站|点|部)|求购|出租|租房|转让|低价|批发|现货|包邮|有货|代购|回收|收土豆|收药材|收核桃|"
    r"收板栗|收蜂蜜|租车|包车出行|拼车|出兑"
)
_NOTICE = rcompile(
    r"群里(?:只|不要|别|禁止)|别发|不要发|禁止发|踢了|踢出|群规|链接|免费学|包教包会|报名电话|培训|招聘会|宣讲|讲座|专场|会议|政策|补贴申请|通知|春风行动|开课|招生|"
    r"报名截止|截止报名|报名时间|报名地点"
)
_HIRING_WORD = rcompile(r"招聘|诚聘|急聘|招工|用工|招人")
# a course, a fair or a meeting: a notice even when it counts people and names work
_EVENT = rcompile(r"培训|招聘会|宣讲|讲座|专场|会议|开课|招生|学员|学徒|政策|补贴")
_QUESTION_END = rcompile(r"(?:吗|不|么|没|呢|啥|吧|\?|在哪(?:里|儿)?)[?\s.!]*$")
# The sender offers themselves with an arrival, a time or a condition ('二十分钟到', '九点前到',
# '三点以后可以', '算上我'): a reply taking a post.
_OFFER = rcompile(
    rf"(?:{_N}|半)个?(?:分钟|小时|钟头)(?:左右|以内|之内|内|后)?[^,.!?\s]{{0,2}}?"
    r"(?:就|能|会|可以)?(?:到|来|过来|过去)|"
    r"(?:前|以前|之前)(?:就|能|会|准时|一定|保证)?(?:到|赶到|过来|过去)|"
    r"(?:以后|之后)[^,.!?\s]{0,2}?(?:都)?(?:可以|行|能来|能去)|"
    r"算(?:上|我)|算一个|加我一个|带上我|我一个|加上我|一共[0-9一二两三四五六七八九十俩仨]+个|"
    r"(?:在|到)[^,.!?\s]{1,8}等(?:你|着)?[!.~]*$|"
    r"报(?:个|上)名?|帮(?:我|他|她|我们|他们)(?:也)?报|报上|"
    r"留[^,.!?\s]{0,4}(?:位置|名额|位子)|(?:想|也想|都想)去|想去试|我也去|都可以[!.~]*$"
)
_CLAIM_STRONG = rcompile(
    r"算(?:上|我)|算一个|报名|报个名|帮我[^,.!?\s]{0,2}报|我去(?!问|看|年|过|的时候)|我来(?!问|说|看)|"
    r"能去|能来|可以去|可以来|愿意去|愿意来|想去(?![^,.!?\s]{0,3}(?:问|看|买|玩))|都去|都来|前到|就到|"
    r"能到|会到|留[^,.!?\s]{0,4}(?:位置|名额|位子)|加我"
)
# A remark or a question about a post (its pay, its size) that offers nothing: chat.
# what help costs, complained of ('请个小工都要两百了 么样搞得起'): never a post, whatever the model
_AFFORD = r"(?:请|搞|用|雇|出)(?:得|不)起"
# pay called unfair ('女的一百五 男的两百 一样搬石头 凭么子'): a lament too, whatever the model
_UNFAIR = r"凭(?:什么|么子|么事|啥)|不公平|不公道"
# a remark that laments what help costs or how pay is shared: firm, no model may overrule it
# pay worked out to show how little it is ('一个月才两千六 … 合下来一个钟头七块多')
_WORKED_OUT = r"才[0-9一二两三四五六七八九十百千几]+[^;!?]*?(?:合|算|平均|摊|折)下来"
_LAMENTED_PAY = rcompile(_AFFORD + "|" + _UNFAIR + "|" + _WORKED_OUT)
_REMARK_STRONG = rcompile(
    r"少了|越来越|" + _AFFORD + "|" + _UNFAIR + "|"
    r"太少|太低|低了|偏低|便宜了|太便宜|划不来|划得来|不划算|不值|太贵|贵了|太早|太远|太累|"
    r"才(?:给|开|出)?[0-9一二两三四五六七八九十百几]|还不(?:包|管|给)|降|涨|"
    r"谁干|哪个干|真的假的|骗人|假的|强多了|比屋里|比家里|比在家|算可以|算不错|算高的|算低的|"
    r"比(?:去年|前年|往年|上回|上次|以前|原来|外面|城里)|"
    r"可以的了|不错了|还算可以|"
    # a verdict on what it costs ('月嫂一万二还算便宜', '这价钱也算公道')
    r"(?:还|也|倒|总|不)算(?:便宜|公道|实惠|贵|高|低|多|少|划算)|"
    # a verdict on the pay closing the message ('放牛一天一百二还可以哦')
    r"(?:还可以|还行|还不错|不错|蛮好|挺好|将就)(?:哦|哟|啊|呀|嘛|的|了|撒|哈)*[.!~\s]*$"
)
_REMARK = rcompile(
    r"咋|怎么|为啥|为什么|凭啥|够不够|够吗|行不行|靠谱|多大|几岁|远不远|好多(?:钱|斤|天|人|个)"
)
# 'A不A' questions ('包不包吃', '去不去')
_A_NOT_A = rcompile(r"(" + HAN + r")不\1")
# A question that recruits ('有人去吗', '谁愿意来') is still a post.
_RECRUIT = rcompile(
    r"有人(?:来|去|干|做|愿意|要|接|能)|有没有人|谁[^,.!?\s]{0,4}?(?:愿意|能|可以|有空|来|去|要)|"
    r"哪个[^,.!?\s]{0,4}?(?:愿意|能|可以|有空|来|去|要)|"
    r"有没有人会|有没有会|有空的|有时间的|想干的|想做的|愿意的|来不来|去不去|干不干|做不做|接不接"
)
# An employer's own words: hiring, wanting people, a call to contact about the job.
_EMPLOYER = rcompile(
    r"招|聘|急需|需要(?!的)|要人|缺人|请人|请(?:个|一个|两个|几个)人|雇|用工|有意者|帮我|给我(?:干|做|搞)|"
    # '都要两百了' is a price, not a count wanted
    r"要(?:[0-9一二两三四五六七八九十几俩仨]+(?![0-9一二两三四五六七八九十百千]*[百千万块元])|个)|(?<![想我再])找(?:个|一个|[两几三四五]个)(?:会|能)[^,.!?\s]{1,4}?的"
)
# A worker saying what they can do and when they are free, or that they have no work.
_SKILL = rcompile(
    r"会|手艺|干了[^,.!?\s]{0,4}年|做了[^,.!?\s]{0,4}年|开了[^,.!?\s]{0,4}年|"
    r"当了[^,.!?\s]{0,4}年|学了[^,.!?\s]{0,4}年|经验|有证|持证|老手|熟手|干过|做过"
)
# one age, the worker's own ('52岁'), not a limit ('52岁以下') nor a range ('18到60岁')
_OWN_AGE = rcompile(
    r"(?<![0-9到至~\-—一二三四五六七八九十])(?:[1-9][0-9]|[二三四五六七八九]十[一二三四五六七八九]?)岁"
    r"(?!以下|以内|以上|左右|之间|上下|内|前|后|的|到|至)"
)
_FREE = rcompile(
    r"有空|空着|空闲|有时间|闲着|闲在家|在家闲|都闲|闲得|没事做|都能|都行|都可以|随叫随到|不挑|都会|"
    # a list of trades closed by 都搞 ('砌坎子 修路 挖地基都搞'): what the sender takes on
    r"(?:都|全)(?:搞|接|做|干)(?![^,.;!?\s]{0,2}(?:完|好|了|过|不|吗))"
)
_YOU_FREE = rcompile(r"你们?[^,.;!?\s我]{0,5}?(?:有空|有时间|得空|空不空|闲不闲)")
# how a worker advertising a skill asks to be reached
_REACH_ME = rcompile(r"接单|接活|联系我|打我|找我|喊我|叫我|电话")
_NO_WORK = rcompile(
    r"冇得?(?:么|什么|啥)?(?:活|事|工)|没有(?:么|什么|啥)?(?:活|事做)(?!吗|了吗)|没(?:有)?活(?:干|做|路)|"
    # ('有没有人想挣几个钱的': whoever wants to earn is recruited, no want of the sender's)
    r"没事做|活路|找不到活|想出去|想出门|(?<!人)(?<!谁)(?<!哪个)想(?:做|干|找|挣)点|做点事|"
    r"(?<!人想)(?<!谁想)(?:挣|赚)(?:点|几个)钱|"
    r"想进厂|想学|"
    r"有需要的(?:老板|朋友|人|话|东家)?(?:可以)?(?:联系|找|喊|叫|打)|"
    r"需要的(?:老板|朋友|人|话|东家)?(?:可以)?(?:联系|找|喊|叫|打)|"
    r"哪个要[^,.!?\s]{0,6}(?:喊|叫|找|联系)(?:我|他|她)|谁要[^,.!?\s]{0,6}(?:喊|叫|找|联系)(?:我|他|她)"
)
_ACK = rcompile(r"^(?:收到|好的|好|ok|OK|嗯|谢谢|明白|知道了)[!.\s]*$")
_HIRE_STRONG = rcompile(
    r"聘|要(?:[0-9一二两三四五六七八九十俩仨]+|几(?!个[?吗呢]?$))个|急需|" + _HIRES_PEOPLE
)
_JOBWORD = rcompile(r"[工活]|师傅|人手|帮忙")


# Dialect and colloquial forms read as the standard words the cues are written in
# ('有冇得活' is 有没有活, '得空' is 有空, '要得' is 可以, '啵' a question particle).
_DIALECT = {
    "冇得": "没有", "没得": "没有", "冇": "没", "得空": "有空", "要得": "可以", "得行": "可以",
    "啵": "吗",
    "哒": "了", "伢": "孩子", "莫发": "别发", "莫要": "不要",
}
# 要得 is 可以 as an answer ('要得 我明天来'), not before how much or how soon something is
# wanted ('要得多', '年前要得急': needed in quantity, needed soon)
_DIALECT_AFTER = {"要得": "(?![多急紧少快早很太])"}
_DIALECT_RX = rcompile("|".join(
    re.escape(k) + _DIALECT_AFTER.get(k, "") for k in sorted(_DIALECT, key=len, reverse=True)))


def standard(text: str) -> str:
    """The text with dialect read as the standard words the cues are written in."""
    return _DIALECT_RX.sub(_dialect_word, text)


def _dialect_word(m: re.Match[str]) -> str:
    return _DIALECT[m.group()]


# Who offers what, read from the shape of the message rather than from one cue word.
# Pay owed for work done: a complaint, not an offer ('工钱拖到现在', '三百块钱你还冇给我').
_UNPAID = rcompile(
    r"(?<!不)(?<!绝不)(?<!从不)(?:拖欠|欠薪|欠(?:我|我们|工钱|工资))|"
    r"(?:工钱|工资|钱)[^,.!?\n]{0,10}?(?:没给|没有给|冇给|没发|没有发|冇发|没结|没有结|冇结|拖到|拖了|一分没给|不给|不结|没到手)|"
    r"(?:你|他|老板)还(?:没有?|冇)(?:给|发|结)|"
    # '说好四千五 最后只给了三千八 还拖了半年': paid less or late than promised
    r"说好[^,.;!?\n]{0,8}?(?:只给|才给|结果|最后)|只给了|少给了|克扣|"
    # '说的两千 结的时候给一千六': what came at settling, told after what was promised
    r"(?:结|发|算)(?:账|钱)?的时候(?:只|才|就)?给|"
    r"拖了(?:半年|一年|好久|好几个月|[0-9一二两三四五六七八九十几]+个?月)|"
    # '两百块到现在还冇给': an amount still not paid
    r"(?:块|元|百|千)[^,.!?\n]{0,10}?(?:还|都)(?:没有?|冇|没得)(?:给|发|结|到手)"
)
# Notices that name no job however many numbers they carry.
# a day to sign up by: the one who takes the names is hiring (「8号前报名」「报名截止到15号」)
_SIGN_UP_BY = rcompile(r"(?:\d+|[一二三四五六七八九十]+)[号日]前报名|报名截止|截止报名")
_NOTICE_STRONG = rcompile(
    r"招聘会|预告|温馨提示|交通提示|交通管制|好消息|正式开通|创业补贴|补贴申请|申请补贴|补贴政策|"
    r"领取补贴|冒充|诈骗|骗子|防骗|报警|停电通知|"
    # what each household is to bring ('明天九点发化肥 每户带户口本'): a village notice
    r"每户(?:带|凭)|"
    r"停水通知"
)
# Selling or buying goods: a price per 斤 or piece with the seller's words.
_SELLING = rcompile(
    r"出售|(?:自家|自己家|自产)" + HAN + r"{0,2}的|新下的|要的私|"
    r"(?<!需)要的(?:找我|联系|打电话|来拿|说一声|吱一声|喊一声|说|留言|报个数|报数)|私我|自提|上门收|高价收|收购(?!站|点|部)|特价|"
    r"标间|套餐|团购|预订|预定|订房|含早餐|含早|门票|"
    # an order's least and how it is sent ('三百斤起送', '一百个起', '可以发快递')
    r"(?<![0-9一二两三四五六七八九十百])[0-9一二两三四五六七八九十百]+(?:斤|个|箱|件|袋|份|盒)起"
    r"(?:送|卖|批|订)?|发快递|送货上门"
)
# Asking for information ('有没有人晓得…', '是不是真的', '在哪里报名'), not offering anything.
_ASK_INFO = rcompile(
    r"有没有人(?:知道|晓得)|哪个(?:知道|晓得)|谁(?:知道|晓得)|哪个晓得|有人(?:知道|晓得)|请问|想问|问一下|问问|"
    r"是不是|是啥|是什么|多少钱|好多钱|在哪里|在哪|哪个部门|怎么办|咋办"
)
# Travelling and rides: '我明天去房县 搭车的说', '哪个顺路', '去三堆河的要绕一下'
_TRAVEL = rcompile(
    r"搭车|顺路|顺风车|捎|带东西|拼个车|拼车|看病|绕一下|绕路|塌方|堵车|封路|走亲戚|串门|走人家|"
    r"吃酒|喝喜酒|吃席|回娘家|拜年|探亲|看望|逛街|上街买|便车|"
    # a fare for the trip (「单程三十」); 「包往返路费」 in a post is the employer paying the way
    r"(?:单程|往返)(?=[0-9一二两三四五六七八九十百])|"
    # seats left on a car ('还能坐两个'), a trip made every day ('每天一趟')
    r"(?:还|能|可以)(?:能|可以)?坐(?:[0-9一二两三四五六七八九十几]+)个|(?:每天|天天)(?:一|跑一)趟"
)
# Someone's own job told as news ('我儿子在工地上班，一天300', '我老公在砖厂做事 一个月五千'):
# a family member's work and pay, offering nothing and asking for no one.
_FAMILY_JOB = rcompile(
    r"(?:(?:我|俺|我家|我屋里|屋里)(?:的)?(?:儿子|女儿|姑娘|闺女|丫头|老公|男人|媳妇|儿媳|老婆|婆娘|老头|"
    r"老汉|孙子|孙女|侄儿|侄女|外甥|女婿|兄弟|弟弟|哥哥|姐姐|妹妹|爸|妈|老爹|老大|老二|老三|亲戚|"
    r"表妹|表姐|表哥|表弟|堂妹|堂姐|堂哥|堂弟|嫂子|弟媳|舅舅|姑姑|小姨|老表)|"
    r"(?:隔壁|对门|邻居|我们?(?:那个)?(?:队|组|班子?)?[^,.;!?\s]{0,3}?|他们?|她们?)"
    r"(?:[^,.;!?\s]{0,3}?))"
    r"[^,.;!?]{0,10}?(?:(?:在|到)[^,.;!?\s]{0,10}?"
    r"(?:上班|打工|做事|干活|做工|开车|跑车|干|做" + HAN + r"{1,3}?工|做客房|当" + HAN + r"{1,3}|"
    r"送外卖|送快递|跑外卖|开出租|搞装修|搞建筑)"
    r"|(?<!想)(?<!要)去[^,.;!?\s]{0,6}?进厂)|"
    r"(?:我们?|俺们?)(?:那个)?(?:队|组|班子?|村|家|屋里)[^,.;!?]{0,10}?(?:出去|出门|外出)"
    r"(?:打工|做事|干活|了)|"
    # a hire already made, told as news ('我屋里请了个保姆 一个月三千五 还嫌少')
    r"(?:我|俺|我家|我屋里|屋里|他家|她家|隔壁|邻居)[^,.;!?\s]{0,3}?(?:请了|找了|雇了|招了)"
    r"(?:[0-9一二两三四五六七八九十几]+)?个|"
    # a hire made in a year gone by ('我那年嫁姑娘请了四个帮厨 一个才一百二'): a story
    r"(?:我|俺|我家|我屋里|屋里|他家|她家|隔壁|邻居)[^,.;!?\s]{0,2}?"
    r"(?:那年|那回|那次|去年|前年|以前|上回|上次|早年|那时候)[^,.;!?\s]{0,6}?"
    r"(?:请了|找了|雇了|招了|喊了)"
)
# A family member said to be at some work somewhere ('我屋里老头子在后山坪修路 一天一百四'): the
# work itself is found by the lexicon right after the place (_family_at_work)
_FAMILY_AT = rcompile(
    r"(?:我|俺|我家|我屋里|屋里)(?:的)?(?:儿子|女儿|姑娘|闺女|老公|男人|媳妇|儿媳|老婆|婆娘|"
    r"老头子?|老汉|孙子|孙女|侄儿|女婿|兄弟|弟弟|哥哥|爸|老爹|老大|老二|老三)"
    r"[^,.;!?\s]{0,3}?(?:在|到)(?P<at>[^,.;!?\s]{0,8})")
# the characters every fee or advance asked of a worker is written with (a cheap gate)
_FEE_HINT = rcompile(r"[费金交垫转]")
_GREETING = rcompile(r"新年快乐|元旦快乐|春节快乐|节日快乐|新年好|过年好|拜个?年|恭喜发财|"
                       r"[羊马猴鸡狗猪鼠牛虎兔龙蛇]年大吉|开工大吉|^祝|[\s,.!~]祝(?:大家|各位|群里|老板)")
# a newcomer's word to the group ('以后多关照', '请多指教')
_INTRO = rcompile(r"(?:多多?|请|还请)(?:关照|指教)|认识一下")
# an organiser's word to everyone ('大家准时到 不要迟到', '各位明早八点村口集合')
_TO_ALL = rcompile(r"^(?:请)?(?:大家|各位|所有人|全体)")
# '我们在工地干活 还缺两个小工': where the sender works, then whom they lack, is a post
_LACKS = rcompile(r"(?:缺|差|少)(?:[0-9一二两三四五六七八九十几]+|个)")
# '还差个小工', '少两个人', '缺三个帮手': people lacked, counted — a crew's or an employer's want
_LACKS_PEOPLE = rcompile(
    r"(?:缺|差|少)(?:[0-9一二两三四五六七八九十几俩仨]+(?:个|名|位)?|个|一个)\s*"
    r"(?:人|帮手|劳力|帮工|小工|大工|师傅|" + HAN + r"{0,3}?(?:工|员|手|匠))")
# What the work costs these days, told as news ('现在请个小工一天都要两百',
# '他们那边小工一天两百了')
_GOING_RATE = rcompile(
    r"(?:现在|如今|今年|这年头|这两年|外面|那边|别个|人家|他们那|城里)[^,.;!?\n]{0,10}?"
    r"(?:一天|一个月|每天|每个月|一月)(?:都|就|也|才|起码|最少)?(?:要|得|是|开)?"
    r"[0-9一二两三四五六七八九十百千]+[^,.;!?\s]{0,2}?(?:了|哦|哟|啊|呢)"
    # '现在请人采茶都要一百五一天了': whom one hires said as 个 or 人
    r"|(?:现在|如今|今年|这年头|外面|上回|上次|那回|去年|前年|以前|往年)[^,.;!?\n]{0,8}?"
    r"(?:请|喊|找)(?:个|人)[^,.;!?\n]{0,8}?"
    # '上回田家办酒 请个大厨一天都要四百了': what it cost someone before, told as news too
    r"(?:都要|都得|起码|最少)"
    # '工地上一天都涨到三百二了': a rate that has risen or fallen, told as news
    r"|(?:一天|一个月|每天|每个月|一月)(?:都|也|又|已经)?(?:涨到|涨了|涨成|降到|降了|跌到|落到)"
    r"[0-9一二两三四五六七八九十百千]+"
)
# a count of people wanted left vague ('要十几个人'), with a call to whoever is interested
_VAGUE_PEOPLE = rcompile(r"(?:要|招|缺|差|需要)(?:十几|几十|二十几|好几|若干|一些|一批)个?人")
_INTERESTED = rcompile(r"有意|私聊|私信|联系|电话|报名")
_AMOUNT_NEXT = rcompile(r"\s*[0-9一二两三四五六七八九十百千]")
_AMOUNT_IN = rcompile(r"(?:要|得|是|开|都|就|也|才|起码|最少|到|了|成)"
                        r"(?:[0-9两三四五六七八九十百千]|一[百千])")
# Asking who wants goods at a price per 斤 or piece ('有没有要腊肉的，80一斤'): selling.
_WHO_BUYS = rcompile(
    r"(?:有没有|有冇得|有没得|哪个|谁)(?:人)?要[^,.;!?\s]{1,6}的[^,.;!?]{0,3}[,.;!?\s]*"
    r"[^,.;!?]{0,8}(?:一斤|一个|一只|一件|一箱|一袋|一桶|一瓶|每斤|/斤|块钱?一|元一)|"
    # '哪个屋里要猪崽 十来个 三百一个': a thing wanted by whoever, then its price by the head
    r"(?:有没有|有冇得|有没得|哪个|谁)(?:人|屋里|家)?要(?!人|工|帮|做|干|搞)[^,.;!?\s]{1,4}"
    r"[^,.;!?]{0,10}?[0-9一二两三四五六七八九十百]\s*(?:块钱?|元)?\s*(?:一|每)\s*"
    r"(?:个|只|头|条|斤|件|箱|袋|桶|瓶|窝|棵|株|把)(?![0-9一二两三四五六七八九十]|人|天|工)"
)
# Things given away ('我那双胶鞋不要了 哪个要拿去'): who wants them is asked, not for work
_GIVE_AWAY = rcompile(r"(?:哪个|谁|有没有人|有冇得人)(?:要)?(?:就)?"
                        r"(?:拿去|拿走|来拿|来取|要的?拿去)")
# What one heard, passed on ('听说松柏镇上要修路 要招好多人 … 不晓得真的假的'): no one hires
_HEARSAY = rcompile(r"听说|听人说|听(?!我说)[^\s,.!?]{1,4}说|据说|不晓得真的假的|不知道真的假的|"
                      r"是真的吗")
# A favour asked of someone by name ('老万 你明天得空的话 过来帮我把柴搬一下'): no count, no pay
_ASKS_SOMEONE = rcompile(r"^[\u4e00-\u9fff]{1,3}[\s,]+(?:你听我说[\s,]*)?你")
# A sign-up by a crew or a family: '我们队十来个人 可以接', '我们组里有5个 明早6点半到'
_CREW = rcompile(
    # '我们下谷坪这边十五六个': the crew's place named before 这边/那边
    r"我们?(?:那个)?(?:[^\s,.;!?我你他的]{1,5}?(?:这边|那边|这里|那里))?"
    r"(?:(?:队|组|村|班子|班组|班|这边|这里|屋里|家|弟兄|兄弟|一家)(?:上|里)?){0,2}(?:有)?"
    r"[0-9一二两三四五六七八九十几]+(?:来|多)?个(?:人|劳力)?"
)
# '我们石屋头来五个': the crew's coming said before its count, closing the message
_CREW_COMES = rcompile(
    # ('我们坪上来两个女的': the crew's people named by their sex)
    r"^我们[^,.;!?我你他]{0,5}?(?:来|去)[0-9一二两三四五六七八九十几]+(?:来|多)?个"
    r"(?:人|男的|女的|劳力)?[!.~]*$")
_CREW_TAKES = rcompile(
    r"可以接|能接|接下来|都接|全部接|能到|就到|能来|都能来|可以来|都能干|能干|可以干|"
    r"(?:能|可以)上(?:$|[!.~])|"
    r"(?:[0-9]|点|半|时)到|来(?:$|[!.~])"
)
# A reply addressed to the poster ('覃哥 我明天来编烟', '罗主任 我报名', '老孙 我明天过来看看')
_ADDRESSED = rcompile(
    # one poster named ('张哥 我明天来'), not the whole group ('各位老板 我会开车 喊我就来 电话…',
    # '大家好 我…'): a message to everyone offers the sender to anyone, a seek read below
    r"^(?!各位|诸位|众位|大家|在座)"
    r"(?:" + HAN + r"{1,2}(?:哥|姐|叔|嫂|老板|主任|师傅|经理|书记|队长|站长)|老" + HAN + r")"
    r"[\s,]*(?:我|俺|我们)"
)
_ADDRESSED_OFFER = rcompile(
    r"报名|(?:明天|后天|今天|马上|明早)?(?:来|过来|到|去)|可以|能去|能来|算我"
)


# A vehicle let out with its driver, or a charter offered ('五菱面包 连人带车出租',
# '包车 神农架到宜昌 随叫随到'): a service sold, not work sought or offered (decision 16)
_RENTS_OUT = rcompile(
    r"连人带车|人车(?:一起|一块)(?:出租|租)|(?:带|配|连)(?:司机|师傅|机手)(?:一起)?(?:出租|租)|"
    # '出租铲车 带师傅', '出租旋耕机 带人': a machine let out, then who comes with it
    r"出租[^,.;!?\s]{1,6}[,\s]*(?:带|配|连)(?:司机|师傅|机手|人|操作手)|"
    r"(?:车|面包|货车|皮卡|挖机|铲车)[^,.;!?\s]{0,4}(?:出租|外租)(?!车)|"
    r"^包车(?![0-9一二两三四五六七八九十几]|司机|师傅)|包车服务|"
    # a machine let out or wanted on hire ('哪个屋里有采茶机要租的 一天两百', '旋耕机出租'): the
    # machine's rent, no wage — unless someone goes with it (机手, 带人)
    r"机(?:器|子)?(?!手)[^,.;!?\s]{0,3}(?:出租|外租|要租|租给|租出去|租用)(?![^,.;!?]{0,6}(?:带人|机手|师傅))"
)
_WANTS_GOODS = rcompile(r"要(?!人|工|帮)([^\s,.;!?的]{1,3})的(?:说一声|吱一声|喊一声|说|留言|"
                          r"报个数|报数|来拿|私聊|私我)")
# a trade done at the customer's door ('上门杀年猪', '上门熏腊肉'), not buying there (上门收)
_AT_DOOR = rcompile(r"上门(?!收|回收|取|拜年|催|来)" + HAN)
# the sender's own charge for a service ('按棵收费', '计件收费'), not a toll or a cashier
_CHARGES = rcompile(r"收费(?!员|站|处|标准|项目|公路|停车)")
# how far a tradesman goes, or what he brings ('附近都去', '松柏木鱼都接', '自带工具')
_GOES_ABOUT = rcompile(
    r"(?:附近|周边|周围|一带|各村|各乡镇|" + HAN + r"{2,6})都(?:去|接|跑|来|上门|可以|行)|"
    r"随叫随到|自带|上门服务")
# the sender's labour done for others, at the message's head ('帮人插秧', '我专门帮人家砌墙')
_HELPS_OTHERS = rcompile(r"(?:我|本人)?(?:专门|长期|常年|可以|能)?帮(?:人|别人|人家)"
                         + HAN)
# A reply taking a post named by a demonstrative ('月嫂那个活 我可以做', '你说的那个事我能干'):
# the sender offers for that post, not for work in general
_TAKES_NAMED = rcompile(
    r"(?:那个|这个|那|这)(?:活|事|工)(?:儿|路)?[\s,]*(?:我|俺)(?:们)?[\s,]*(?:也)?"
    r"(?:可以|能|愿意|来)(?:做|干|接|去|来)?(?![^,.;!?\s]{0,2}(?:不|了吗))|"
    # '我们队六个人 那个修路的活可以接': the post named by its work, taken by a crew named before
    r"^(?:我|俺)们[^,.;!?]{0,12}?(?:那个|这个)" + HAN
    + r"{1,5}的(?:活|事)(?:儿|路)?[\s,]*(?:我们)?(?:也|都)?"
    r"(?:可以|能|愿意)(?:接|做|干|包)(?![^,.;!?\s]{0,2}(?:不|了吗))"
)
# A lift offered ('明早七点我开车去松柏 顺路 还有三个位子 一人二十 要坐的打电话…'): seats left,
# or riders called, on a trip one makes anyway — the fare per head is what a rider pays, no wage
_RIDE_OFFER = rcompile(
    r"(?:还有|还剩|剩|空)(?:[0-9一二两三四五六七八九十几]+|一)?个?(?:位子|座位|空位|位置|座)|"
    r"(?:要坐|要搭|搭车|坐车|拼车)的|搭(?:个)?便?车|便车|(?:单程|往返)(?=[0-9一二两三四五六七八九十百])|"
    r"(?:还|能|可以)(?:能|可以)?坐(?:[0-9一二两三四五六七八九十几]+)个|"
    # a fare per head ('一人五十'); not a day's pay ('一人一天两百')
    r"(?:一|每)人(?:[0-9]+|[一二两三四五六七八九十百]+)(?![0-9一二两三四五六七八九十百]*(?:天|个?月))"
)
# A post quoted, not posted: its words inside quotation marks ('有人在群里发「要五个采茶的 一天
# 一百二」 今年还有冇得哦'), told of or asked about by the words around it
_QUOTED = rcompile(r"「[^」]{4,}」|“[^”]{4,}”|『[^』]{4,}』|\"[^\"]{4,}\"")
_MOVED_BY = rcompile(r"(?:涨|降|跌|加|减|多|少|贵|便宜)(?:了|出)?\s*$")
_QUOTE_FRAME = rcompile(r"(?:发|说|写|贴|讲|问|看到|看见)(?:了|过|的)?(?:一?条|个|句)?[:：]?\s*$")
# Help asked for in kind, not for pay ('明天杀年猪 哪个得空来帮个忙 中午来吃刨汤', '来帮下手
# 没得工钱哈', '你来帮个忙 后天我来帮你屋里'): a favour repaid with a meal or with help, no wage
# ('后天哪个得空来帮我摇蜜 中午来吃饭 你帮我我帮你'): help for the sender's own work, asked of
# whoever is free, repaid with a meal or help in return
_HELP = rcompile(r"帮(?:[^,.;!?\s]{0,2}忙|把手|下手|个手)|(?:来|去|过来)帮(?:我|俺)")
_IN_KIND = rcompile(
    r"(?:不要|不收|不给|不讲|不开|没有|没|冇)(?:工钱|钱|工资)|白帮|"
    r"(?:我|俺)(?:再|就|也)?(?:来|去)?帮你|互相帮|换工|还工|"
    r"(?:来|都来|来了)[^,.;!?\s]{0,3}(?:吃|喝)|(?:在|到)我(?:屋里|家)吃|(?:吃|喝)(?:刨汤|杀猪饭|喜酒)"
)
# A village's call on each household for unpaid labour ('修水渠 每户出一个劳力'): no hire
_DUTY = rcompile(
    r"(?:每户|每家|各户|各家|一户|一家)(?:都)?(?:要)?(?:出|派)|义务(?:工|投工|劳动)|投工投劳"
)
# Something lost, and a reward for finding it ('哪个看到一头黄牛 … 找到了给两百'), or taken by
# mistake ('哪个在快递点拿错了我的包裹'): asked after, no work — a count in it is of the thing
# ('一个纸箱子'), a work word its name ('快递')
_LOST = rcompile(
    r"(?:哪个|谁|有没有人|有人|哪位)[^,.;!?\s]{0,8}?(?:看到|看见|捡到|见到|拿错|拿走|错拿)|"
    r"拿错了?(?:我|俺)|不见了|走丢|跑丢|弄丢|搞丢|丢了|走失|"
    r"(?:找到|捡到|送回)(?:了)?(?:的)?(?:给|必有|有|酬谢|重谢)|必有重谢|酬谢"
)
_NAMED_NOT = rcompile(r"做不|干不|不能|不会|不行|吗|\?|多少|几点|问")
# An offer to pass others' posts on ('以后村里有活路我帮大家在群里发', '有事的我帮你们发到群里'):
# the sender will post for whoever has work — no work sought, none offered (an officer's relay
# of one post, 「帮周大爹发一个 …」, names the one it posts for and carries the post itself).
# Said from now on (以后, 今后), the 我 may come before it ('我是小向 以后帮…'); whom it posts
# for may be a kind of people ('屋里没手机的老人家', '在外打工的乡亲')
_RELAY_OFFER = rcompile(
    r"(?:(?:我|俺)(?:们)?|以后|今后)(?:以后|今后)?(?:来|可以|就|都|负责)?"
    r"帮(?:大家|大伙|各位|你们|乡亲们?|村里|村民|群里"
    r"|[^,.;!?\s]{0,10}?(?:老人家?|老年人|老人们|乡亲们?|村民|老乡|老百姓))"
    r"[^,.;!?]{0,6}?(?:发|转|传|通知)(?!财|钱|工资|工钱|红包|福利)")
# A going rate judged, not offered ('栽茶苗一天一百二差不多', '搬砖一百五算公道'): an amount
# and a verdict on it closing the message — what someone thinks the work is worth
_RATE_JUDGED = rcompile(
    r"[0-9一二两三四五六七八九十百千]\s*(?:块钱?|元)?\s*(?:就|也|还|都)?(?:差不多|算公道|公道|合适|"
    r"蛮合适|正合适|可以了|够了|不算高|不算低|不少了|不低了|太低|太少|偏低|偏高|太高|少了点|低了点)"
    r"(?:了|吧|哦|哟|啊|呢|嘛|哈)?[.!~]*$")
# The price of produce or goods said cheap or dear ('秋茶便宜 八块', '今年核桃贵 十二块'):
# an amount with no unit of time beside a word of price — trade talk, not a wage
_PRICE_TALK = rcompile(r"便宜|贵(?!州|阳|姓|人)|涨价|降价|跌价|行情|价钱|收购价|市价")
# A fare for one's own trip ('我赶四点半的班车去松柏 车票十五块'): the amount is the ticket's
_FARE = rcompile(r"(?:车票|车费|票钱|票价|路费|船票|机票)(?:是|要|才|都|也)?\s*$")
_OWN_TRIP = rcompile(r"(?:赶|坐|搭|等)[^,.;!?\s]{0,6}?(?:班车|客车|大巴|火车|汽车|高铁|动车)|"
                     r"(?:车票|车费|票钱|路费)(?:是|要|才|都|也)?\s*[0-9一二两三四五六七八九十百]")
# Talk about pay that hires no one: the sender's own past work and what it paid ('去年暑假我在
# 民宿搞卫生 一天一百二 做了两个月'), what work usually pays ('搬家一般给一百五'), and pay argued
# over ('泥工木工一个价？泥工起码要两百五', '女的一百五 男的两百 一样搬石头 凭什么').
_PAST = rcompile(r"去年|前年|往年|早年|那年|以前|上回|上次|那时候|年轻(?:的)?时候")
# pay already had for work done ('今天摘茶挣了一百二', '他给了一百五'): told as news
_EARNED = rcompile(r"(?:挣了|赚了|拿了|给了|结了|得了|挣到|赚到)(?:我|我们)?"
                     r"(?:[0-9]|[一二两三四五六七八九十几][百千十块]|[百千]把)")
# a hire told as done ('请过三个大工', '招了两个'), and people wanted now beside it
_HIRED_ONCE = rcompile(r"(?:请|招|雇|用|喊)(?:过|了)")
_WANTED_NOW = rcompile(r"(?:还|又|再|也|今年|这回|这次|现在|明天|后天)(?:要|招|请|缺|差|需要)")
_USUAL_PAY = rcompile(r"(?:一般|通常|平常|平时|一向|向来|普遍)(?:都|也)?(?:是|给|要|开|得)?"
                        r"[0-9一二两三四五六七八九十百千]")
_PAY_ARGUED = rcompile(
    r"(?:最起码|起码|至少|最少)(?:也)?(?:要|得|值|该)?(?:给|是|开)?"
    r"(?:[一二两三四五六七八九]?[百千]|[0-9]{3,})|"
    r"(?:一个|一样的?|同一个|同样的?)价(?:钱)?[?？吗]|凭(?:什么|啥|么子)")


def _quoted_only(doc: Doc, t: str) -> bool:
    """Every count, work and wage of the message is inside a quotation that the words around it
    tell of (a verb of saying before it) or look back on or ask about; no phone outside it."""
    spans = [m.span() for m in _QUOTED.finditer(doc.text)]
    if not spans:
        return False

    def inside(start: int) -> bool:
        return any(a < start < b for a, b in spans)

    # '去年你屋里发「…一天一百二」 今年涨了十块': a rise or fall told beside the quote is how
    # much the pay moved, no wage of its own
    found = [m.start for m in doc.heads] + [w.start for w in doc.works] + [
        w.start for w in doc.wages if not _MOVED_BY.search(doc.text, max(0, w.start - 4), w.start)]
    if not found or not all(inside(i) for i in found) or any(
            not inside(m.start) for m in doc.phones):
        return False
    frame = _QUOTED.sub(" ", doc.text)
    told = any(_QUOTE_FRAME.search(doc.text, 0, a) for a, _ in spans)
    return told or bool(_PAST.search(frame) or _QUESTION_END.search(frame))


def _fares_only(doc: Doc) -> bool:
    """Every amount of the message is a fare ('车票十五块'): the price of a ticket, no wage."""
    return bool(doc.wages) and all(
        _FARE.search(doc.text, max(0, w.start - 5), w.start) for w in doc.wages)


def _family_at_work(doc: Doc, t: str) -> bool:
    """A family member at a work the lexicon knows, somewhere ('我屋里老头子在后山坪修路'): their
    work told as news (a count wanted beside it, 「要两个小工」, is an employer's word)."""
    if doc.text != t:
        return False
    return any(m.start("at") <= w.start <= m.end("at") + 1 for m in _FAMILY_AT.finditer(t)
               for w in doc.works)


def _told(doc: Doc, t: str, me: str, hire: bool) -> IntentResult | None:
    """The intent where the message's shape says it plainly."""
    if _quoted_only(doc, t):
        return IntentResult("other", "quoted")
    employer = bool(_EMPLOYER.search(t))
    # (whether the poster can be reached is asked below only where it decides: the contacts
    # are looked for when first asked, and most messages are decided before)
    posted = bool(doc.heads and doc.wages and doc.works)
    # a plain test before a search wherever both must hold: the searches are the cost here
    if not doc.wages and _DUTY.search(t):
        return IntentResult("other", "duty")
    if not doc.wages and _HELP.search(t) and _IN_KIND.search(t):
        return IntentResult("other", "help in kind")
    if _LOST.search(t) and not _hires(doc, t) and not _hires_beside(doc):
        return IntentResult("other", "lost")
    if not employer and _RENTS_OUT.search(t):
        return IntentResult("other", "rents out")
    if not employer and not posted and _TAKES_NAMED.search(me) and not _NAMED_NOT.search(t):
        return IntentResult("claim", "named post")
    if not doc.heads and _UNPAID.search(t):
        return IntentResult("other", "unpaid")
    if not doc.works and (_WHO_BUYS.search(t) or _GIVE_AWAY.search(t)):
        return IntentResult("other", "trade")
    if not doc.phones and _HEARSAY.search(t):
        return IntentResult("other", "hearsay")
    # ('王姐 你那个保姆的活 我想去试一下' addresses the poster to offer the sender: no favour)
    if _ASKS_SOMEONE.match(t) and not (doc.heads or doc.wages or doc.phones) and (
            not _CLAIM_STRONG.search(me)):
        return IntentResult("other", "favour")
    if not employer and not doc.phones and (_FAMILY_JOB.search(t) or _family_at_work(doc, t)) and (
        not _SEEKS_WORK.search(t)
    ) and not _ASK_WORK.search(t) and not _LACKS.search(t) and not _RECRUIT.search(t):
        return IntentResult("other", "news")
    # someone of the village named first, doing the work, told as news ('覃婆婆两口子都七十多了
    # 还去挖洋芋 身体硬朗'): nothing wanted, paid, reached or asked — whatever the count in it.
    # Their going (还想去) is theirs, no claim word of the sender's: claim words count only
    # outside it ('王大爷还想去 算他一个' counts him in)
    goes = _STILL_GOES.search(me)
    besides = me if goes is None else me[:goes.start()] + " " + me[goes.end():]
    if (not employer and not hire and not doc.phones and not doc.wages and "我" not in me
            and _ABOUT_OTHER.match(me) and goes is not None and not _SEEKS_WORK.search(t)
            and not _ASK_WORK.search(t) and not _QUESTION_END.search(t)
            and not _LACKS.search(t) and not _RECRUIT.search(t)
            and not (_CLAIM_STRONG.search(besides) or _CLAIM_ANY.search(besides)
                     or _COUNTS_IN.search(besides))):
        return IntentResult("other", "news")
    if doc.wages and not (doc.phones or doc.contacts) and not employer_word(t) and (
            (_PAST.search(t) and ("我" in me) and not doc.heads)
            # '我去年请过三个大工 一天两百五': one's own hire of a year gone, told — unless
            # people are wanted now too ('今年还要三个')
            or (_PAST.search(t) and "我" in me and _HIRED_ONCE.search(t) is not None
                and _WANTED_NOW.search(t) is None)
            or (_USUAL_PAY.search(t) and not doc.heads) or _PAY_ARGUED.search(t)
            or (_EARNED.search(t) and not doc.heads and not hire)):
        return IntentResult("other", "news")
    rate = _GOING_RATE.search(t)
    if rate is not None and (doc.phones or doc.contacts):
        rate = None  # a way to reach the sender: no going rate told
    # '现在请个小工都要两百了': the amount after 都要 may have no unit the wage finder keeps —
    # it follows the match, or is inside it ('现在请个小工一天都要两百了')
    if rate is not None and (doc.wages or _AMOUNT_NEXT.match(t, rate.end())
                             or _AMOUNT_IN.search(rate.group())) and (
        not _SEEKS_WORK.search(t)
    ):
        return IntentResult("other", "news")
    if (not doc.heads and not hire and doc.wages and not employer_word(t)
            and not (doc.phones or doc.contacts)):
        if _RATE_JUDGED.search(t) and not _SEEKS_WORK.search(t):
            # '栽茶苗一天一百二差不多': a verdict on what the work is worth
            return IntentResult("other", "news")
        if all(w.unit is None for w in doc.wages) and _PRICE_TALK.search(t):
            # '秋茶便宜 八块': the price of produce, cheap or dear, by no unit of time
            return IntentResult("other", "trade")
        if _fares_only(doc) and _OWN_TRIP.search(t):
            # '我赶四点半的班车去松柏 车票十五块': one's own trip and its fare
            return IntentResult("other", "travel")
    # '以后村里有活路我帮大家在群里发': an offer to post others' work, no seek
    if _RELAY_OFFER.search(t) and not (doc.heads or doc.wages or doc.phones):
        return IntentResult("other", "relay offer")
    # '元旦快乐 新的一年大家多接活多挣钱': a wish for the season, whatever work it names
    if not (doc.heads or doc.wages or doc.phones) and _GREETING.search(t) and not doc.contacts:
        return IntentResult("other", "greeting")
    if _TO_ALL.match(me) and "我" not in me and not (doc.heads or doc.wages or doc.works):
        return IntentResult("other", "notice")
    # '各位老乡好 我是八角庙的小向 回来了 以后多关照': one introducing oneself to the group, no
    # work named or asked for — a greeting, not a seek
    if not (doc.works or doc.wages or doc.heads or doc.phones) and _INTRO.search(t) and not (
            _SEEK.search(t) or _SEEKS_WORK.search(t) or _ASK_WORK.search(t)
            or _REACH_ME.search(t) or _FREE.search(t) or _NO_WORK.search(t)):
        return IntentResult("other", "introduction")
    if _NOTICE_STRONG.search(t) and not (posted and (doc.phones or doc.contacts)):
        return IntentResult("other", "notice")
    # '杀猪匠 上门杀年猪 一头一百 附近都去 电话…': a trade brought to the customer's door, and
    # how far it goes — a service offered, whatever it costs by the piece (decision: a
    # tradesman's advert is a seek), not goods sold
    if (not employer and not hire and not doc.heads and _AT_DOOR.search(t)
            and _GOES_ABOUT.search(t)):
        return IntentResult("work_seek", "door service")
    # '打核桃队 五个人 按棵收费 … 全林区都去': a crew or tradesman charging for the work, and
    # how far it goes — the work offered (its own count is the crew's, no one hired)
    if ("收费" in t and _CHARGES.search(t) and _GOES_ABOUT.search(t) and not employer
            and not hire):
        return IntentResult("work_seek", "charges")
    # '帮人插秧 一天一百五 要的打电话': the sender's own labour done for others, offered to
    # whoever reaches him — a worker's advert (its amount his price), not goods sold nor a hire
    if (_HELPS_OTHERS.match(me) and doc.works and not employer and not hire and not doc.heads
            and (_REACH_ME.search(t) or doc.phones or _SELLING.search(t))):
        return IntentResult("work_seek", "helps others")
    # '哪个屋里要肉的说一声': a thing (not a kind of work) wanted by whoever says so — goods
    goods = _WANTS_GOODS.search(t) if doc.text == t else None
    if goods is not None and not any(w.start < goods.end(1) and goods.start(1) < w.end
                                     for w in doc.works):
        return IntentResult("other", "trade")
    if _SELLING.search(t) and not (employer and (doc.works or doc.heads)):
        return IntentResult("other", "trade")
    if not employer and _TRAVEL.search(t) and (not doc.wages or _RIDE_OFFER.search(t)):
        return IntentResult("other", "travel")
    # '我想问下 有没有适合老年人做的活 我六十三了': asking about work for oneself is a seek
    if not doc.phones and not (doc.heads and doc.wages) and _ASK_INFO.search(t) and (
        "想找" not in t
    ) and not _ASKED_THEN_OFFERS.search(t) and not (
        _ASK_WORK.search(t) and "我" in me.replace("我想问", "")
    ) and (
        _QUESTION_END.search(t) or _A_NOT_A.search(t) or any(w in t for w in ("问", "知道", "晓得"))
    ):
        return IntentResult("other", "asks")
    # a question of where and when that offers nobody ('明天去雪场的车几点出发?在哪里上车')
    if ("?" in t and _ASKING.search(t) and not any(c in me for c in "我咱")
            and not (doc.works or doc.wages or doc.heads or doc.phones)
            and not _SEEK.search(t) and not _ASK_WORK.search(t)):
        return IntentResult("other", "asks")
    # 'A还是B' asked of a post ('你那炒菜的一个月六千是到手的还是要扣社保的')
    if "我" not in me and not doc.phones and _EITHER.search(t):
        return IntentResult("other", "asks")
    # a question under a post that offers nobody ('那个修路的还要人不 管不管饭哦')
    if "我" not in me and not doc.phones and _STILL_HIRING.search(t):
        return IntentResult("other", "asks")
    # a crew that asks around who wants people ('我们村里有五六个人 … 谁家要人 修路都能干')
    # offers itself to anyone: a seek, read below
    crew = _CREW.search(me)
    if (crew is not None and _CREW_TAKES.search(me, crew.end()) and not _SEEKS_WORK.search(t)
            and not _ASK_WORK.search(t)) or _CREW_COMES.search(me):
        return IntentResult("claim", "crew")
    if not employer and not _SEEKS_WORK.search(t):
        if _ADDRESSED.match(me) and _ADDRESSED_OFFER.search(me) and not posted:
            return IntentResult("claim", "addressed")
    if _NO_WORK.search(t) and _LAMENT.search(t) and not _REACH_ME.search(t) and not _SEEK.search(t):
        return IntentResult("other", "lament")
    return None


# a clause of its own: '明天砖厂要个小工', '还要请人摘柑橘'
_CLAUSE_SPAN = rcompile(r"[^,.;:!?\s，。；：！？、]+")
_HIRE_IN_CLAUSE = rcompile(
    r"请人|(?:要|招|请|找|需要)(?:[0-9一二两三四五六七八九十几俩仨]+)?(?:个|名|位)")


def _hires_beside(doc: Doc) -> bool:
    """A clause apart from the thing lost that hires ('原来的小工不见了 明天砖厂要个小工 工钱面议',
    '我的手机不见了 明天还要请人摘柑橘 一斤三毛'): a hiring verb on a work, a wage of any unit, or
    面议 — the lost thing covers its own clause only."""
    for m in _CLAUSE_SPAN.finditer(doc.text):
        clause = m.group()
        if _LOST.search(clause):
            continue
        if "面议" in clause or any(
                m.start() <= w.start < m.end() and w.unit is not None for w in doc.wages):
            # a wage of any unit (a sum with none is the lost thing's worth: 「钱包里有三千块」)
            return True
        if _HIRE_IN_CLAUSE.search(clause) and any(
                m.start() <= w.start < m.end() for w in doc.works):
            return True
    return False


def _hires(doc: Doc, t: str) -> bool:
    """People wanted by the message's structure: a count of them under a hiring verb
    ('要两个人'), a hiring verb on a title, or pay by the day, month or hour — what a thing
    lost and asked after never has."""
    return bool(_HIRE_STRONG.search(t) or _LACKS_PEOPLE.search(t)
                or any(w.unit in ("day", "month", "hour") for w in doc.wages)
                or (doc.works and (_hires_count(doc, doc.text) or _hires_title(doc, t))))


def employer_word(t: str) -> bool:
    """An employer's own word for hiring (招, 聘, 需要, 请人 …), a count of people aside."""
    return bool(_HIRING_WORD.search(t) or _HIRE_PLAIN.search(t))


_HIRE_PLAIN = rcompile(r"急需|需要(?!的)|要人|缺人|请人|雇|有意者|招|聘")
# '请问挖天麻那个 今天还差人不 明天我可以来': whether a post still wants people, then the
# sender offered for it — a claim, not a question
_ASKED_THEN_OFFERS = rcompile(
    r"(?:要|缺|差|招)人(?:不|吗|么|没|啵)?[?,.!\s]+[^?]*?(?:我|俺)(?:(?!问)[^,.;!?\s]){0,4}?"
    r"(?:可以|能|愿意)(?:来|去|干)?"
)
_EITHER = rcompile(r"是[^,.;!?\s]{1,12}?还是")
_STILL_HIRING = rcompile(
    r"还(?:要|缺|差|招)人(?:不|吗|么|没|啵)|还(?:要不要|缺不缺|差不差|招不招)人")
# '冇得活路 今年冬天难搞哦': a lament, not a request
# '这几天冇得活路 都在屋里烤火': how the idle days pass, said of no work — nothing asked for
_LAMENT = rcompile(r"难搞|难过|难熬|没办法|唉|哎|造孽|怎么搞|么样搞|咋搞|"
                     r"烤火|打牌|打麻将|晒太阳|睡大觉|玩手机|看电视")


# what a worker says of themselves ('男 55岁 身体好 能吃苦'); in a post it is a requirement
_SELF_QUALITY = rcompile(r"(?<!要)(?:身体好|能吃苦|有证|持证)(?!的)")
_SEEKS_WORK = rcompile(r"找活|" + _HAS_WORK + r"|的活|活干|有没有活|想找|找点|找个事|求职|"
                         # '想在松柏找几天活': the sender's own search, a place inside it
                         r"想(?:在|回)[^,.!?\s]{1,5}找(?:几天|点|个|份)?(?:活|事|工作)")
# Someone once asking the sender to do something ('上回有个老板喊我先交押金', '以前有人叫我去
# 搬砖'): 喊我/叫我 after a time gone by and before what was asked
_ASKED_ONCE = rcompile(r"(?:去年|前年|以前|上回|上次|那次|那回|有一回|有一次|那时候)"
                         r"[^,.!?\s]{0,8}?(?:喊|叫|让)我(?=[^\s,.!?])")
# A wish given up or a regret ('可惜了 本来想挣点过年钱'): looks back, seeks nothing now
_WISHED = rcompile(r"本来想|原本想|本想|原来想|还以为|早知道|可惜")
# Someone else's qualities ('王大爷今年八十了还去帮忙 身体好得很'): news, not a seek
_ABOUT_OTHER = rcompile(r"^(?:他|她|[^\s,.!?我俺]{1,2}(?:大爷|大妈|大伯|婆婆|爷爷|奶奶|老汉|"
                          r"嫂子|大嫂|大哥|叔叔|老头))")


# what they still do, or do as well ('还去挖洋芋', '天天在茶园'), or still wish to ('还想去打
# 核桃'): their own going, no one wanted
_COUNTS_IN = rcompile(r"算(?:[0-9一二两三四五六七八九十几]+)?个|算上|算(?:他|她)|报")
_STILL_GOES = rcompile(r"(?:还|也|又|都|天天|每天|照样|照常)(?:想|要|说要|闹着要)?(?:在|去|来|跑)")


_OWN_SEARCH = rcompile(
    r"我(?:要|想|想要)?找(?:个|点|份)?[^,.!?\s]{0,6}?(?:的活|的工作|工作|活干)"
)
_WS = rcompile(r"\s+")
_SEEKISH = rcompile(r"找|有活|谁要|有没有|" + _CALL_ME + "|" + _WANTS_WORK)
_SEEKER_WORDS = rcompile(r"本人|承接|找活|求职|的活|" + _CALL_ME)


# Disbelief said of easy money ('哪有这么好的事', '天上掉馅饼', '骗人的吧', '莫信'): a scam's
# words mocked, not offered — never a scam's own 「不是骗子」「绝不骗人」
_DISBELIEF = rcompile(
    r"哪(?:里|儿)?有(?:这么|这样|那么|这种|那种|恁么|这|那)(?:个)?(?:好|便宜|容易)(?:的)?(?:事|活|钱)"
    r"|天上掉馅饼|(?<![不没])(?<!不是)骗(?:人|子|局|钱)(?!的活)|谁信|哪个信|(?:莫|别|不要|不能)信"
    r"|信不得|是假的|假的吧")
_DISBELIEF_CHARS = frozenset("哪馅骗信假")


# Work there is, taken to someone else ('有活路就找她', '有招工的都可以问他'): the one who has
# work is told whom to turn to
_REFERRED = rcompile(
    r"有(?:活路?|事|招工|工)(?:的话?)?(?:就|都|可以|直接|先)*(?:找|喊|叫|联系|问|告诉|跟)"
    r"(?:她|他)(?:们)?(?:说)?(?:一声|一下)?(?:[吧哈哦嘛啊呀撒]|$|[\s,.!?，。！？])")


@dataclass(frozen=True)
class IntentResult:
    intent: str
    reason: str


# '招个派件的': one wanted, between the verb and the title
_HIRE_ON_TITLE = rcompile(r"(?:招|聘|急需|诚招|急招|招聘)\s*(?:聘)?\s*(?:一?个|一?名|一?位)?\s*$")


def _hires_title(doc: Doc, t: str) -> bool:
    """A hiring verb written right before a kind of work, in a message that is not a reply."""
    if doc.text != t or "我" in t or _REPLY_TO_POST.search(t):
        return False
    return any(_HIRE_ON_TITLE.search(t, max(0, w.start - 5), w.start) for w in doc.works)


_HIRE_ON_COUNT = rcompile(r"(?:要|招|需要|急要|急需|诚招|急招|招聘|请)\s*$")
# an employer's verb and a count left open (「要几个」「请两三个」), the work glued on after it
_HIRE_VAGUE = rcompile(r"(?:要|招|需要|急要|急需|急招|请)\s*(?:几|好几|两三|三两|三四|四五|五六)"
                         r"\s*(?:个|名|位)\s*")
# '我要找个搞卫生的活', '你们还要2个保洁不': the sender's own wish, or a question about a post
_SELF_OR_ASKED = rcompile(r"我(?!们|家|这|厂|店|处)|俺(?!们|家)|活|工作|[吗不没?]\s*$")


def _hires_count(doc: Doc, t: str) -> bool:
    """'要2个搞卫生的', '招3名普工': an employer's verb, a count, then a kind of work glued on.

    The count and the worker noun together are the structure of a hire, whatever else the
    message says; the sender's own wish or a question about a post is not one."""
    if _SELF_OR_ASKED.search(t) or _REPLY_TO_POST.search(t):
        return False
    starts = {w.start for w in doc.works}
    ends = {w.end for w in doc.works}
    if "你" not in t and "您" not in t and any(  # 「你们要几个…」 asks how many
            m.end() in starts for m in _HIRE_VAGUE.finditer(doc.text)):
        return True  # '后天要几个采茶的': a count left open is still people wanted for the work
    for h in doc.heads:
        verb = _HIRE_ON_COUNT.search(doc.text, max(0, h.start - 3), h.start)
        if verb is None:
            continue
        # '要2个搞卫生的' (count, then the work) or '护林员招5名' (the work, then verb and count)
        if h.end in starts or verb.start() in ends or verb.start() - 1 in ends:
            return True
    return False


def _offers_skill(doc: Doc, t: str, me: str) -> bool:
    """Skills and free days (or a skill and a way to reach the worker) with no sign-up cue."""
    skill = bool(_SKILL.search(t))
    # '你下周三有空不': the one addressed asked whether free — not the sender's free days
    if _FREE.search(_YOU_FREE.sub(" ", t)):
        if not (skill or doc.works):
            return False
    elif not (skill and _REACH_ME.search(t) and not doc.heads and not doc.wages):
        return False
    return not (_CLAIM_STRONG.search(me) or _CLAIM_GROUP.search(me))


def classify(doc: Doc) -> IntentResult:
    """Decide the intent of a normalised message: the rules, overruled by the learned model
    (nlp.intent_model) only where it prefers another intent by a clear margin."""
    t = standard(doc.text.strip())
    ruled = rules(doc, t)
    overruled = second_opinion(doc, t, ruled.intent, ruled.reason)
    if overruled is not None:
        return IntentResult(overruled, f"model (rules: {ruled.intent}, {ruled.reason})")
    return ruled


def rules(doc: Doc, t: str) -> IntentResult:
    """The intent the rules alone give (t: the text made standard)."""
    compact = _WS.sub("", t)
    n = len(compact)
    has_work = bool(doc.works)
    has_money = bool(doc.wages)
    has_head = bool(doc.heads)
    recruits = bool(_RECRUIT.search(t))
    hire = recruits or bool(_HIRE.search(t))

    if not compact:
        return IntentResult("other", "empty")
    if _ACK.match(compact):
        return IntentResult("other", "ack")
    if _ACK_THEN_COME.match(t) and not _CLAIM_NEG.search(t):
        return IntentResult("claim", "ack, coming")
    if _DISBELIEF_CHARS.intersection(t) and not doc.phones and _DISBELIEF.search(t) and (
            scam_word(t) is not None):
        # '在家就能做 日赚三百 哪有这么好的事哦': a scam's words repeated to mock them, no
        # number to reach — talk about a post, never one to screen
        return IntentResult("other", "disbelief")
    if CLICK_FARM_RX.search(t) and (has_money or hire) and not _ASK_INFO.search(t):
        return IntentResult("job_post", "scam")
    closed = _CLOSED.search(t)
    if closed and not (has_head and has_money) and not _ASKED_AFTER.match(t, closed.end()):
        return IntentResult("other", "closed")
    # '装修队 八个人 吊顶 刷漆都会 工期赶的也能接 电话…': a crew named by its trade, its size
    # and what it takes on, with a way to reach it and no one hired — an advert for work, its
    # price (一个平三十) or none; the model is told a crew that also hires
    # ('我们装修队活多都能接 急招两个小工 一天一百八') by its hiring words
    if (_TEAM_AD.search(t) and _TEAM_TAKES.search(t) and _REACH_ME.search(t)
            and not _RECRUIT.search(t) and not _HIRE.search(t) and not _LACKS_PEOPLE.search(t)):
        return IntentResult("work_seek", "crew offers itself")
    # '老人家腿脚不好没法来 要个护工 电话…': a not-coming beside a hire of the sender's own, with
    # a wage or a phone, is why the post is made — no withdrawal
    if n <= 30 and _CLAIM_NEG.search(t) and not (
            _HIRE_OWN.search(t) and (has_money or doc.phones)):
        # '还差人不 明天我不能来': asked whether a post still wants people, the sender's own
        # coming then denied and no other offer made after — chatter, which no learned reading
        # of the words around it (还差人, 明天…来) makes a claim
        denied = _OWN_NEG.search(t)
        if denied is not None and (
                _STILL_HIRING.search(t, 0, denied.start()) or n <= 8) and not (
                _CLAIM_ANY.search(t, denied.end()) or _OFFER.search(t, denied.end())
                or _CAN_COME.search(t, denied.end())):
            return IntentResult("other", "can't come")
        return IntentResult("other", "withdrawal")
    if exclamation(t, compact):
        return IntentResult("other", "exclamation")
    if (_CALLED_BACK.search(t) and not (doc.heads or doc.wages or doc.phones)
            and not _CLAIM_STRONG.search(compact)):
        # '厂里喊我周日回去': someone calling the sender back to where they work, on a day —
        # the sender's own plans (a reason for not coming, at most), neither a search for work
        # (「有活喊我」) nor a day offered
        return IntentResult("other", "called back")
    # '去年有人发「要五个采茶的 先交培训费」 今年还有冇得': a fee post quoted and asked about is
    # no post to screen, as any quoted post is none
    if _FEE_HINT.search(t) and scam_word(t) is not None and not _quoted_only(doc, t) and (
        (has_work and (_hires_title(doc, t) or _hires_count(doc, doc.text)))
        # '招聘打字员 … 先交198元培训费': a title the lexicon does not know, paid by the day
        or (has_money and "我" not in compact and _unknown_title_hired(t))
    ):
        # '招护林员3名 先交培训费300': a hire that asks the worker for money is a post to screen,
        # however much it reads like a training notice
        return IntentResult("job_post", "fee asked")
    # a count of a kind of work and its pay make a post whatever notice words come with it
    if _NOTICE.search(t) and not (
        has_money and (has_head or has_work) and (hire or (has_head and has_work))
    ) and not (
        # '景区招聘 1、保洁员3名 2、讲解员2名 工资面议 报名截止…': titles counted under a hiring
        # word, pay left to talk over: a hire with a deadline, not a course or a fair
        _HIRING_WORD.search(t) and has_head and has_work and not _EVENT.search(t)
    ):
        return IntentResult("other", "notice")
    me = compact.replace("俺", "我")
    told = _told(doc, t, me, hire)
    if told is not None:
        return told
    if any(ds.end_date is not None for ds in doc.dates):
        # a period of dates ('明天到7号') is when the work runs, never an arrival
        spans = doc.text
        for ds in doc.dates:
            if ds.end_date is not None:
                spans = spans[: ds.start] + "#" * (ds.end - ds.start) + spans[ds.end :]
        me = standard(_WS.sub("", spans)).replace("俺", "我")
    self_ref = "我" in me or "本人" in me
    ask_work = bool(_ASK_WORK.search(t))
    reply = bool(_REPLY_TO_POST.search(t))
    if ask_work and not reply and (self_ref or _SKILL.search(t) or _FREE.search(t)):
        return IntentResult("work_seek", "asks for work")
    if (("她" in t or "他" in t) and not self_ref and _REFERRED.search(t)
            and not (_SKILL.search(t) or _SELF_QUALITY.search(t) or _FREE.search(t)
                     or _OWN_AGE.search(t))):
        # '小燕当上信息员了 以后有活路就找她': whoever has work is sent to someone else, who is
        # offered as no worker (no skill, quality, free day or age of theirs) — nobody seeks work
        return IntentResult("other", "referral")
    employer = not ask_work and bool(_EMPLOYER.search(t))
    no_work = bool(_NO_WORK.search(t)) and not _WISHED.search(t)
    seeks = no_work or (not recruits and _offers_skill(doc, t, me))
    if not employer and not reply and seeks and not _LACKS_PEOPLE.search(t) and (
        not _TRADE.search(t) and not (_OFFER.search(me) or _CLAIM_SHORT.match(me))
    ):
        # '保姆 52岁 做饭 搞卫生 … 都会': one's own age and skills — a worker's advert, whatever pay
        # it names
        aged = _OWN_AGE.search(t) is not None and not doc.heads
        return IntentResult("work_seek", "offers self, aged" if aged else "offers self")
    if n <= 30:
        asking = bool(_WH_LEAD.match(me)) or bool(
            _QUESTION_TAIL.search(t) and _ASKING.search(t)
        ) or bool("?" in t and _ASKING.search(t) and not any(c in me for c in "我咱"))
        if (_CLAIM_SHORT.match(me) and not hire and not asking
                and not any(w.unit for w in doc.wages)):
            return IntentResult("claim", "reply")
        if not has_money and (
            _CLAIM_SHORT.match(me) or (not asking and (
                _CLAIM_ANY.search(me) or _CLAIM_MORE.search(me) or _OFFER.search(me)
            ))
        ):
            seekish = no_work or _SEEKISH.search(t) is not None
            posting = (
                bool(_HIRE_STRONG.search(t)) or (employer and "我" not in me and "咱" not in me)
            ) and (has_head or has_work) and not reply
            if (not seekish or reply) and not (
                posting and (has_head or not any(c in compact for c in "我俺咱"))
            ):
                return IntentResult("claim", "reply")
    # a wage by the day or month is paid work, not trade ('收核桃 … 一天一百三')
    day_paid = any(w.unit in ("day", "month", "hour") for w in doc.wages)
    if _TRADE.search(t) and not (has_work and (hire or has_head or day_paid)):
        return IntentResult("other", "trade")
    # a quality of the sender's ('身体好', '有证'); with a count of people wanted, a requirement
    # '上回有个老板喊我先交押金': what someone once asked of the sender is a story, not
    # 「有活喊我」
    told_of = _ASKED_ONCE.sub(" ", t)
    seek = bool(_SEEK.search(told_of)) or bool(
        _SELF_QUALITY.search(t) and not has_head
        and not ("我" not in me and _ABOUT_OTHER.match(me)))
    if seek:
        # '我们施工队也能接活 还差两个小工 一天两百': people lacked, counted, are wanted
        lacks = bool(_LACKS_PEOPLE.search(t))
        hire_strong = (bool(_HIRE_STRONG.search(t)) or employer or recruits
                       or _finds_worker(doc, t) or lacks)
        if not (hire_strong and (has_money or lacks)) or _SEEKER_WORDS.search(told_of):
            # '我要找个搞卫生的活': the sender's own search for work, said outright
            own = _OWN_SEARCH.search(me) is not None and not _CLAIM_STRONG.search(me)
            return IntentResult("work_seek", "own search" if own else "seek")
    if _QUESTION_END.search(t) and n <= 20 and not (has_head or has_money):
        return IntentResult("other", "question")
    if (
        has_work and doc.phones and not (employer or recruits or hire) and not has_head
        and not has_money and not doc.dates
    ):
        # kinds of work and a phone, with nothing an employer states: a service offered
        return IntentResult("work_seek", "service")
    # '王叔 我家屋顶要翻瓦 一天三百 你后天有空不': work and its pay put to someone asked if
    # free — a post addressed to a tradesman, not a remark
    asks_you = bool(_YOU_FREE.search(t)) and has_work and has_money
    if n <= 40 and not employer and not doc.phones and not asks_you and (
        _REMARK_STRONG.search(t)
        or (not recruits and (
            _REMARK.search(t) or _QUESTION_END.search(t) or ("不" in t and _A_NOT_A.search(t))
        ))
    ):
        return IntentResult("other", "lament" if _LAMENTED_PAY.search(t) else "remark")
    if (hire or has_money or has_head) and (has_work or has_money or has_head):
        if _LACKS_PEOPLE.search(t) and not _QUESTION_END.search(t):
            # '我们装修队活都能接 还差两个大工': people lacked, counted, said not asked — a hire
            # however the crew advertises itself around it
            return IntentResult("job_post", "hires lacking")
        if has_work and (_hires_count(doc, doc.text) or (
            _HIRES_PEOPLE_RX.search(t) and not _QUESTION_END.search(t)
        )):
            # '农家乐要2个搞卫生的': a count of a kind of work wanted
            return IntentResult("job_post", "hires count")
        if has_work and (_hires_title(doc, t) or (
            _wants_title(doc, t) and not _QUESTION_END.search(t)
        )):
            # '招护林员两名', '急需泥工 一天三百': an employer's verb on the title itself
            return IntentResult("job_post", "hires title")
        if (has_work and has_money and _PAY_WORD.search(t) and not _QUESTION_END.search(t)
                and "我" not in compact and "俺" not in compact and not _PAST.search(t)
                and (doc.phones or doc.contacts or has_head)):
            # '砍柴 一吨工钱三百 … 电话…': a kind of work and the pay for it named as a wage
            # (工钱, 工资, 工价), with a way to answer or a count: what an employer states,
            # whatever the unit (一吨) it is by ('工钱一百七 柜子不多' alone corrects a post)
            return IntentResult("job_post", "pays wage")
        if (has_work and has_money and _PERSON_WANTED.search(t) and not _QUESTION_END.search(t)
                and "我" not in compact and "俺" not in compact):
            # '家里老人要人照顾 月薪四千二': someone wanted to do the work, and its pay
            return IntentResult("job_post", "hires someone")
        if (_HIRING_WORD.search(t) and any(w.unit in ("day", "month", "hour") for w in doc.wages)
                and "我" not in compact and not _QUESTION_END.search(t)):
            # '滑雪场招人 食宿全免 月薪四千五': a hiring word and a wage by the day or month
            return IntentResult("job_post", "hires for pay")
        if has_work and has_money and _SIGN_UP_BY.search(t) and not _QUESTION_END.search(t):
            # '8号前报名 栽天麻 一天一百五': a deadline to sign up for paid work is the employer's
            return IntentResult("job_post", "hires, sign-up by")
        if has_work or has_money or _JOBWORD.search(t):
            return IntentResult("job_post", "hire")
    if has_work and (has_money or has_head or hire):
        return IntentResult("job_post", "work")
    if (has_head or (_VAGUE_PEOPLE.search(t) and _INTERESTED.search(t))) and hire and (
        "我" not in compact and "俺" not in compact
    ):
        # '阳日镇长青村 要5个人': people wanted with no kind of work named
        return IntentResult("job_post", "people")
    if has_work and _wants_title(doc, t) and not _QUESTION_END.search(t):
        # '初十上班 饭店要服务员': a want glued to a job title, with no count or pay written
        return IntentResult("job_post", "hires title")
    if (_HIRING_WORD.search(t) or t.startswith(("急招", "诚招"))) and (
        doc.phones or doc.contacts or _INTERESTED.search(t)
    ) and "我" not in me and not _QUESTION_END.search(t):
        # '工地招人 有意者电话联系 钟经理': a hiring word and a way to answer it, nothing more
        return IntentResult("job_post", "hires, reach")
    if _HIRES_UNKNOWN.search(t) and "我" not in me and not _QUESTION_END.search(t):
        # '官门山景区招讲解员': a hiring verb on a title the lexicon does not know
        return IntentResult("job_post", "hires title")
    return IntentResult("other", "default")


# the pay named as a wage, with its amount ('工钱三百', '月工资2200', '日工资150')
_PAY_WORD = rcompile(r"(?:工钱|工资|工价)(?:是|给|开|为)?\s*[0-9一二两三四五六七八九十百千]")
# someone wanted to do a thing: 要人/请人/找个人 before the verb of the work
_PERSON_WANTED = rcompile(
    r"(?:要|请|找|缺|需要)(?:个|一个|两个|几个|些)?人(?:来|去)?(?=\s*" + HAN + r")(?!家|手机|电话)"
)

_HIRES_UNKNOWN = rcompile(
    r"(?:招聘|诚聘|急聘|诚招|急招|招|聘)\s*"
    + HAN + r"{1,5}?(?:员|工|师傅|师|手|管家)(?!" + HAN + ")"
)


def _unknown_title_hired(t: str) -> bool:
    """A hiring verb on a title the lexicon does not know, other than a course's trainees."""
    return any(not m.group().endswith(("学员", "学徒")) for m in _HIRES_UNKNOWN.finditer(t))


# '要个泥工砌坎子': a want with its one, glued to the title
_WANT_ON_TITLE = rcompile(
    r"(?:(?:要|缺|需要|急要|还要)(?:个|一个|一名|一位)?|(?:要|缺|招|请|找)人\s*)$")


_FIND_ON_TITLE = rcompile(r"找(?:个|一个|一位|位|名|两个|几个)?\s*"
                            r"(?:住家|不住家|靠谱的?|能干的?|勤快的?|有经验的?)?\s*$")
_WORK_AFTER = rcompile(r"\s*(?:的)?(?:活|工作|事|岗位|差事)")


def _finds_worker(doc: Doc, t: str) -> bool:
    """'我想找个月嫂 … 一个月八千': 找 right before a kind of worker, not before 的活/工作 —
    the sender looks for someone to do the work, with pay offered."""
    if doc.text != t or _REPLY_TO_POST.search(t):
        return False
    return any(_FIND_ON_TITLE.search(t, max(0, w.start - 8), w.start)
               and not _WORK_AFTER.match(t, w.end) for w in doc.works)


def _wants_title(doc: Doc, t: str) -> bool:
    """'饭店要服务员': a wanting verb right before a kind of work, not the sender's own wish."""
    if doc.text != t or "我" in t or "俺" in t or _REPLY_TO_POST.search(t):
        return False
    return any(_WANT_ON_TITLE.search(t, max(0, w.start - 4), w.start) for w in doc.works)
