"""Field mentions in one normalised message: every phone, wage, headcount, place, perk … with
its position, so that a post holding several jobs can hand each job the mentions in its part.

Everything here works on text already passed through nlp.normalize.normalize().
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar, cast, overload

from nlp.dates import DateSpan, DurationSpan, TimeSpan, find_dates, find_durations, find_times
from nlp.gazetteer import Gazetteer, Place
from nlp.lexicon import (
    Segmentation,
    WorkMention,
    add_places,
    scan_title_typos,
    scan_work_types,
    segment,
    synonym_of,
)
from nlp.normalize import HAN
from nlp.numbers import NumSpan, find_numbers, parse_number
from nlp.recache import rcompile

NUM_CHARS = "0-9零〇一二两三四五六七八九十百千万俩仨壹贰叁肆伍陆柒捌玖拾佰仟"
# Possessive and anchored at the start of a run: a failed match never restarts inside a long
# digit run, so the age patterns stay linear on any line.
_NUM = f"(?<![{NUM_CHARS}.])[{NUM_CHARS}.]++"

# ---------------------------------------------------------------- phones and ids

# '139.7265.1188': dots only in the 3-4-4 grouping, where no amount could be meant
_DOTTED = r"|(?<![0-9.])1[3-9][0-9]\.[0-9]{4}\.[0-9]{4}(?![0-9.])"
_MOBILE = rcompile(r"(?<![0-9])1[3-9][0-9](?:[ -]?[0-9]){8}(?![0-9])" + _DOTTED)
# raw text is not whitespace-collapsed: '138  1234  5678', '138 - 1234 - 5678'
_MOBILE_LOOSE = rcompile(r"(?<![0-9])1[3-9][0-9](?:[ -]{0,3}[0-9]){8}(?![0-9])" + _DOTTED)
_MASKED = rcompile(r"(?<![0-9])1[3-9][0-9]{0,8}[*xX]{2,}[0-9*xX]*")
# the local number may be written in groups ('0719 3456 208')
_LANDLINE = rcompile(
    r"(?<![0-9])\(?(0[1-9][0-9]{1,2})\)?[ -]?([2-8](?:[ -]?[0-9]){6,7})(?![0-9])"
)
# a run too long for an amount (an id, an account); 5–6 digits only after an id cue, since
# '26天完工 12000' is an amount
_DIGIT_RUN = rcompile(r"[0-9]{7,}")
_SHORT_RUN = rcompile(r"[0-9]{5,6}(?![0-9])")
_ID_CUE = rcompile(
    r"(?:qq|QQ|Qq|扣扣|微信|微|vx|VX|Vx|wx|WX|v信|V信|薇信|威信|加v|加V|号)[号:\s]*$"
)
_PHONE_CUE = rcompile(r"电话|手机|同号|联系|tel|Tel|TEL|打")

# ---------------------------------------------------------------- contact

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方邹熊白孟秦邱江尹薛闫段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关"
    "兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻"
    "祁蒲房滕屈饶解牟艾尤阳穆农卓古吉缪简项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟"
    "臧闵苟邬边卞姬仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝鄢"
    # rarer ones of western Hubei and Chongqing that start no everyday word
    "庹蹇揭粟宦冀昝禹阙"
)
# two-character surnames, read before the one-character ones ('欧阳先生' is not 阳先生)
_SURNAME = f"(?:欧阳|司马|诸葛|上官|司徒|皇甫|令狐|夏侯|公孙|[{_SURNAMES}])"
# Surnames that also start everyday words after 老/小 ('老实', '小时'): only with a title.
_WEAK_SURNAMES = set("包管常安华阳路游沙商古谷农艾兰关甘米党项简景宫费冷席卫边解曲尚宁齐易左房"
                     "全连成文明时和单方万向高龙江白石金")
_TITLES = (
    # a longer title before its prefix ('王老师傅' is not 王老师, '王叔叔' not 王叔)
    "老师傅|叔叔|姐姐|哥哥|小姐姐|小姐|总监|总工|工长(?![度达期时])|工程师|医生|大夫|妹子|幺妹|"
    "[二三四幺](?:姐|哥)|伯伯|姑姑|幺爸|幺叔|老幺|老[大二三四](?![^\\s,;:0-9]{0,1}(?:难|粗|远))|"
    "师父|老表|老弟|姑娘|嬢嬢|孃孃|总管|助理|秘书|干事|专员|调度|管家|领班|"
    "掌柜|东家|医师|护士(?!长)|车主|监理|技术员|施工员|大厨|爹|"
    "老板娘|老板|师傅|老师|经理|主任|书记|支书|村长|队长|组长|站长|会计|老总|总|大姐|大哥|姐|哥|叔|"
    # kin words older villagers are called by ('冉婆婆', '黄嫂子', '谭爹爹')
    "嫂子|嫂|婆婆|爷爷|奶奶|爹爹|幺爹|大叔|"
    "阿姨|女士|先生|工头|老汉|大妈|大婶|大伯|大爷|姨|婶|伯|科长|院长|店长|所长|处长|局长|校长|馆长|部长|班长|社长|乡长|镇长|主管|"
    "(?:场长|厂长)(?![期大久远短])|教练|队(?![伍员里友上])"
)
# '包工头' is a word, not a 工头 named 包
_CONTACT_TITLED = rcompile(f"(?!包工头){_SURNAME}(?:{_TITLES})")
# a contact named by a role alone, where the post says whom to call ('联系村委会', '找护士长')
_CONTACT_ROLE = rcompile(
    r"(?:找|联系|咨询|问|联系人[:\s]*)\s*"
    r"(村委会|居委会|村支书|支书|村主任|村长|组长|队长|站长|店长|领班|护士长|老板娘|老板|项目部|人事部|"
    + HAN + r"{2,4}?办公室)"
    r"(?:(?!" + HAN + r")|(?=报名|登记))|"
    r"(村委会|居委会)\s*(?:联系)?\s*电话"
)
# A committee or an administration written beside the phone, as whom to call ('村委会
# 0719-3362481', '… 18671026435 景区管理处'): the body posting on its own behalf. An office or a
# project department there ('… 学校办公室', '… 项目部') is read as a contact only after a cue
# (_CONTACT_ROLE): the authors of the labelled sets disagree on it.
# ('塔坪村委会', '林区公路段', '物业': a village's committee named, a road crew's section, the
# estate's management)
_ORG = (r"(?:" + HAN + r"{0,4}?(?:村委会|居委会)|" + HAN + r"{0,5}?(?:管理处|管委会|公路段|养护段)|"
        r"物业(?:公司)?)")
_PHONE_LIKE = r"(?:1[3-9][0-9](?:[ -]?[0-9]){8}|0[0-9]{2,3}-?[0-9]{7,8})"
_CONTACT_ORG = rcompile(
    # (the word that says to call it is not its name: '联系东溪村委会 0719…')
    r"(?:^|(?<=[\s,;:]))(?:联系|找|咨询)?(" + _ORG + r")\s*(?:联系电话|电话|联系)?[:\s]*"
    + _PHONE_LIKE
    + r"|" + _PHONE_LIKE + r"\s*(" + _ORG + r")\s*$"
)
# a role or a nickname standing alone at the end of a post, after its phone ('… 138… 老板娘')
_CONTACT_TAIL = rcompile(
    r"(?:[0-9*]\s*\(?|^)(老板娘|护士长|胖哥|胖姐|[老小]" + HAN + r")\)?\s*$"
)
_CONTACT_LAO = rcompile(
    f"(?<![{_SURNAMES}])[老小]([{_SURNAMES}])(?![{_SURNAMES}人家板乡实是表大时工])"
)
_ASK_FOR = rcompile(r"(?:找|联系|问)\s*$")
# '刘工', standing alone or after the unit's name ('林站刘工', '项目部王工')
# or after a word that says to call them ('联系谢工', '找刘工')
_CONTACT_GONG = rcompile(
    f"(?:(?<!{HAN})|(?<=[站部队场厂所处科办])|(?<=找|系|问|叫|给))[{_SURNAMES}]工(?!{HAN})"
)
# a given name or a birth rank with a kin word, where the post says to call them ('找强哥',
# '联系芳姐', '找二姐'): without the cue '强哥' could be anyone the post talks about
_CONTACT_KIN = rcompile(
    f"(?:找|联系|联系人[:\\s]*|问|打给)\\s*((?![我你他她个的表堂亲家]){HAN}{{1,2}}?(?:哥|姐|嫂|叔|妹))"
    f"(?!{HAN})"
)
# a full name or 阿 with a given name, right after a cue and right before the phone ('联系：张伟
# 139…', '找阿强 139…'), or alone after the phone at the end ('… 139… 张伟')
_PHONE_AHEAD = r"(?=\s*[:(]?\s*(?:1[3-9][0-9]|0[0-9]{2,3}-?[0-9]{7}))"
_NOT_NAME = "(?!方式|电话|包|管|" + HAN + "{0,2}[部处室办会站所司厂店队场])"
_CONTACT_FULLNAME = rcompile(
    f"(?:联系|找|打给|问)[:\\s]*({_NOT_NAME}{_SURNAME}{HAN}{{1,2}}|阿{HAN}){_PHONE_AHEAD}|"
    f"(?<=[0-9]{{7}})[\\s)]*({_NOT_NAME}{_SURNAME}{HAN}{{1,2}}|阿{HAN})\\s*$"
)
# a role standing right before the phone, as whom to call ('老板电话138…', '老板娘 138…')
_CONTACT_ROLE_PHONE = rcompile(
    r"(?:^|(?<=[\s,;:]))(老板娘|老板|店长|房东|领班|工头|包工头|负责人|老总)"
    r"\s*(?:电话|手机|联系电话|微信同号)?[:\s]*(?=1[3-9][0-9]|0[0-9]{2,3}-?[0-9]{7})"
)
_CONTACT_NAMED = rcompile(
    f"联系人[:\\s]*([{_SURNAMES}]{HAN}{{1,2}})(?!{HAN})"
)

# a name of two or three characters after 联系人, when nothing else names the contact
# ('联系人：红梅 138…'); not a way to reach them ('联系人电话', '联系人微信')
_CONTACT_NAMED_ANY = rcompile(
    f"联系人[:\\s]*((?!电话|手机|微信|方式|号码|姓名){HAN}{{2,3}})(?=[\\s,;:0-9(]|$)"
)

# ---------------------------------------------------------------- perks, settlement, gender, age

_PERK_RE = rcompile(
    r"(不|没有|没|无)?"
    r"(包吃包住|包吃住|包食宿|管吃住|管吃管住|吃住全包|食宿全包|提供食宿|提供吃住|吃住免费|食宿免费|"
    r"免费吃住|免费食宿|安排食宿|安排吃住|吃住都包|食宿都包|吃住包|食宿包|"
    r"吃住自理|食宿自理|包住宿|提供住宿|安排住宿|免费住宿|有住宿|住宿免费|提供宿舍|有宿舍|包住|管住|"
    r"住宿自理|住(?:在)?我(?:家|屋里|屋)|住宿" + HAN + r"{0,4}?(?:统一安排|安排|提供)|"
    r"(?<=住宿[和及、])(?:工作餐|三餐|伙食)|管" + HAN + r"{0,3}?的?酒席|"
    r"(?:包|管|供|提供|含)(?:吃|饭|餐|午饭|中饭|早饭|晚饭|午餐|中餐|早餐|晚餐|三餐|一餐|两餐|一顿饭|宵夜|夜宵|"
    r"[一两三]顿饭?|"
    r"伙食|工作餐|一顿|两餐|中饭)|"
    # said aloud with a measure word ('中午管个饭', '包顿午饭')
    r"(?:包|管|供)(?:个|顿)(?:饭|中饭|午饭|晚饭|早饭|中午饭)|中午管饭|中午一顿饭|"
    # '管中午一顿', '包晚上一顿饭': the meal named by when it is eaten
    r"(?:包|管|供)(?:中午|晌午|晚上|早上)(?:一|两)顿(?:饭)?|"
    # 「中午饭都没吃」: a meal eaten or missed is no meal provided
    r"中午饭(?![都还也就]?(?:没|冇|吃|不))|(?<![吃几了])[两三]顿饭|伙食自理|吃饭自理|自带午饭|自带饭|"
    r"包接送|车接车送|专车接送|接送(?!学生|孩子|小孩|老人|病人|工人|员工|职工|[^\s,.;]{0,3}客)|报销车费|包车费|包路费|报路费|"
    r"车费报销|路费报销|(?:包|报销?)来回(?:车费|路费)|有车接|开车接|"
    r"开车" + HAN + r"{0,5}?接(?:你|人|大家)|"
    r"派车接|车接(?!车送)|交通自理|路费自理|"
    # spoken: '车子拉过去', '我骑车来接你', '中午在我屋里吃', '住的地方也有'
    r"(?:骑车|开车|车子|坐我的车)" + HAN + r"{0,3}?(?:来接|接|拉|送|带)(?:你|人|大家|过去|过来)|"
    # '车子在村部接', '车在村口等大家': a ride from a meeting place
    r"(?:车子|班车|专车)在" + HAN + r"{1,5}?(?:接|等)(?:你|人|大家)?(?![^\s,.;!?]{0,2}(?:电话|货))|"
    r"在(?:我|我们)?(?:屋里|家里|家|屋)吃(?:饭)?|(?<=中午|晌午)在(?:村里|村部|食堂|工地)吃(?:饭)?|住的地方(?:也)?有|有(?:地方|住的地方)住|有住的地方|"
    # '吃住在工地', '食宿全免', '三餐全包', '住宿舍', '吃饭管 住的有'
    r"(?:吃住|食宿)(?:都)?在(?:工地|家里|我家|屋里|店里|厂里|场里|基地|公司|酒店|山上|民宿|这边)|"
    r"(?:吃住|食宿)全(?:免|管)|(?:三餐|伙食|吃饭)(?:全包|全免|免费)|住(?:在)?(?:宿舍|工地|工棚)|"
    r"(?:吃饭|饭)(?:我们?)?管|住的(?:也)?有|"
    # round 6: '提供住处', '有员工餐', '吃住公司负责', '有车来接', '吃的住的都有', '包早中两餐'
    r"提供住处|有住处|提供员工宿舍|有地方睡|住在老板家(?:里)?|有住的|"
    r"(?:有|免费|提供)(?:工作餐|员工餐)|有饭吃|有吃的|吃的住的都有|(?:包|管)(?:早中|中晚|早晚)两餐|"
    r"(?:吃住|食宿)(?:由)?(?:公司|老板|厂里|店里|单位|东家|我们)(?:负责|安排|提供|承担|包|管)|"
    r"(?:(?<=工作餐[和及、])|(?<=三餐[和及、])|(?<=伙食[和及、]))住宿|"
    r"有车(?:来)?接|(?:车费|路费)(?:老板|我们|公司|东家)(?:出|报|包)|"
    r"吃住自己解决|吃饭自己解决|住宿自己解决)"
)
_PERK_BOTH = {"包吃包住", "包吃住", "包食宿", "管吃住", "管吃管住", "吃住全包", "食宿全包",
              "提供食宿", "提供吃住", "吃住免费", "食宿免费", "免费吃住", "免费食宿", "安排食宿",
              "安排吃住", "吃住都包", "食宿都包", "吃住包", "食宿包", "吃的住的都有"}
_PERK_NEG_BOTH = {"吃住自理", "食宿自理", "吃住自己解决"}
_PERK_NEG = {"住宿自理": "lodging", "伙食自理": "meals", "吃饭自己解决": "meals",
             "住宿自己解决": "lodging", "吃饭自理": "meals", "自带午饭": "meals",
             "自带饭": "meals", "交通自理": "transport", "路费自理": "transport"}

_SETTLE = (
    (rcompile(r"完工结|完工后结|完工后一次|完工付|完工给|完工后付|干完结|做完结|干完一次性|"
                r"结束后结|结束结|一次性结清|完工结清|活干完结|干完再结|完了结|干完给钱|干完付|"
                r"完工(?:后)?(?:统一)?结算|干完一次(?:性)?结清|一次结清|"
                # '搞个四五天 完了一起结': when it is done, all at once
                r"完了(?:以后|之后)?(?:一起|统一|一次性?|再)(?:结|算|付|给)|"
                + "|".join(f"{v}完(?:了|后|再|就|一起|一次性|统一|之后)*(?:结|付|给钱|发钱)"
                           # the task itself done ('装完就结', '铲完结账')
                           for v in "干做搞弄活装卸搬铲挖砍摘割")),
     "on_completion"),
    (rcompile(r"月结|按月结|每月结|按月发|一月一结|每月发|"
                r"月底(?:统一|一起|一次性|再|就)?(?:结|发|付)"), "monthly"),
    (rcompile(r"日结|当天结|当日结|现结|天天结|一天一结|每天结|当天付|当天给|日清|现金结|"
                r"做一天结一天|干一天结一天|当天发|结现"), "daily"),
)
_SETTLE_WEEK = rcompile(r"周结|一周一结|每周结")

_GENDER_ANY = rcompile(r"男女不限|男女都可以|[^\s,;]{0,6}均可|"
                         r"不限男女|男女均可|男女都可|男女皆可|男女都行|男女不拘|性别不限|"
                         r"女工也行|女的也行|女的也可|男的也行|女也可|男也可|女士也可|男女老少|"
                         # two kinds of people listed as all welcome ('老人妇女都可以',
                         # '学生和女的都行'): no one sex is asked for
                         r"(?:老人|老年人|年纪大的|学生|妇女|女的|男的|宝妈)[、和跟\s]?"
                         r"(?:老人|老年人|年纪大的|学生|妇女|女的|男的|宝妈)都(?:可以|行|能干|要|收)|"
                         # '女的也要' (women taken too), not '女的也要五个' (a count of them)
                         r"(?:女|男)(?:的|工)?也要(?![0-9一二两三四五六七八九十几俩仨]|个)")
_GENDER_F = rcompile(
    rf"(?:限女|只要女|女工|女性|女的|妇女|(?<![{_SURNAMES}])女士|(?:限|只要|只招|仅限)宝妈|"
    r"(?<=[个名位招要找的])(?:阿姨|大姐|婆娘|婆婆|妇女|嫂子)|"
    # a task glued to 阿姨 ('洗碗阿姨', '保洁阿姨'); after a surname it is a contact ('李阿姨')
    rf"(?<={HAN})(?<![{_SURNAMES}])阿姨|"
    # 房 is a surname too, but not at the end of the room the work is in ('客房阿姨')
    r"(?<=[客厨病]房)阿姨|"
    r"(?:^|(?<=[\s,;:(]))女(?=[\s,;)]|$)|"
    # written onto the title wanted ('找个女护工', '招女服务员')
    r"(?<=[个名位招要找请聘缺])女(?=" + HAN + r")(?![儿孩娃婿子人性士男的工]))"
    r"(?![^\s,;]{0,3}(?:优先|首选|均可|也可|也行))"
)
_GENDER_M = rcompile(
    r"(?:限男|只要男|男工|男性|男的|男士|男子|男劳力|壮劳力|男小工|男[0-9]|"
    # the young men wanted ('要两个有力气的小伙子'), not 小伙伴
    r"(?<=[个名位招要找请聘缺的])小伙(?:子|儿)?(?!伴)|"
    r"(?:^|(?<=[\s,;:(]))男(?=[\s,;)]|$)|"
    r"(?<=[个名位招要找请聘缺])男(?=" + HAN + r")(?![孩娃子人性士女的工]))"
    r"(?![^\s,;]{0,3}(?:优先|首选|均可|也可|也行))"
)

_AGE_RANGE = rcompile(
    rf"({_NUM})\s*(?:周?岁)?\s*(?:-|到|至|~|—)\s*({_NUM})\s*周?岁|"
    rf"年龄\s*[:]?\s*({_NUM})\s*(?:-|到|至|~|—)\s*({_NUM})|"
    # '十八到六十的都行': the people of those years, said without 岁 (a working age from 14)
    rf"(?<![0-9一二两三四五六七八九十百])({_NUM})\s*(?:-|到|至|~|—)\s*({_NUM})\s*的(?=都行|都可以|都要|都能|都收)"
)
_AGE_TRIGGER = rcompile(r"[岁龄纪]|以下|以内|的都")
_ANY_AGE = rcompile(rf"({_NUM})\s*周?岁")
_AGE_BARE_MAX = rcompile(
    r"(?<![0-9.一二两三四五六七八九十百])([4-7][0-9]|[四五六七]十[一二三四五六七八九]?)\s*(?:以下|以内)(?![0-9])"
)
_AGE_MAX = rcompile(
    rf"(?:({_NUM})\s*周?岁\s*(?:以下|以内|之内|内|之下|及以下)|(?:不超过|不超|低于|小于|未满)\s*({_NUM})\s*周?岁|"
    rf"年龄\s*({_NUM})\s*(?:以下|以内)|"
    rf"(?:年纪|年龄)\s*(?:莫|别|不要|不能|不得|不)超过?\s*({_NUM})\s*(?:周?岁)?)"
)
_AGE_MIN = rcompile(
    rf"(?:({_NUM})\s*周?岁\s*(?:以上|及以上)(?!的?老人)|年满\s*({_NUM})\s*周?岁|满\s*({_NUM})\s*周岁|"
    rf"年龄\s*({_NUM})\s*以上)"
)

# ---------------------------------------------------------------- places

_EXTERNAL = (
    "宜昌", "武汉", "房县", "兴山", "巴东", "十堰", "襄阳", "襄樊", "恩施", "竹山", "竹溪", "保康",
    "秭归", "远安", "重庆", "巫山", "巫溪", "深圳", "广州", "东莞", "上海", "北京", "杭州", "浙江",
    "广东", "湖南", "长沙", "荆州", "荆门", "孝感", "黄石", "随州", "丹江口", "郧西", "郧阳",
    "当阳", "宜都", "枝江", "长阳", "五峰", "神农溪", "谷城", "南漳", "江苏", "福建", "厦门",
    "苏州", "宁波",
    "成都", "西安", "郑州", "河南", "四川", "陕西", "湖北省外", "外省", "外地",
)
# Two-character stems that are also ordinary words; counted only with 村/社区/镇 or a place cue.
_WORDY_STEMS = frozenset({
    "太阳", "朝阳", "桃园", "长青", "红花", "莲花", "清泉", "万福", "龙口", "温水", "红河", "盘龙",
    "西坡", "高坪", "大坪", "双建", "武山", "龙潭", "大岭", "中岭", "东溪", "青树", "龙溪", "古水",
    "龙沟", "官封", "青峰", "新华", "白莲", "盘水", "塔坪", "桃坪", "长坊", "红举", "板仓",
})
_ROUTE_BEFORE = rcompile(r"(?:跑|往返|送往|送到|拉到|运到|发往|开往|去往|到|至|从)\s*$")
# '送一趟货去阳日', '拉两车砖到松柏': where the goods go is a route's end, not the workplace
_DELIVERY_BEFORE = rcompile(r"(?<![搬装])(?:送|拉|运|载)(?!工|机)"
                              r"[^\s,.;!?]{0,5}?(?:去|到|往)\s*$")
# ('板仓那段路雪厚': a stretch of the place pointed at)
_PLACE_AFTER = rcompile(
    r"^\s*(?:村|社区|镇|这边|那边|那里|这里|附近|一带|那段|这段|那块|这块|那片|这片|那头)")
# a word standing alone between separators ('龙潭 一天一百五', '地点:太阳') is the place name
_ALONE_BEFORE = rcompile(r"(?:^|[\s,.;:!?、]|在|地点|地址)$")
_ALONE_AFTER = rcompile(r"^(?:$|[\s,.;!?、])")
# The poster's own errand elsewhere ('我要去宜昌看病', '克武汉带孙子'): the reason a job is posted,
# not its place
_ERRAND_BEFORE = rcompile(r"(?:去|克|到|上)\s*$")
# Errands no job is: a place in the county before one of these is where the poster goes
# ('我下午要克木鱼镇拿药'); looking after family (照顾, 陪) in the county may be the job itself.
_ERRANDS = (r"看病|住院|治病|开刀|做手术|复查|检查身体|拿药|买药|打针|办事|开会|走亲戚|探亲|吃酒|"
            r"喝喜酒|赶集|赶场|买菜|买东西|取钱")
_OWN_ERRAND = rcompile(rf"(?:市|城里|那边)?\s*(?:{_ERRANDS})")
# Looking after family outside the county is the poster's errand only when the poster goes
# ('我要去宜昌带孙子'); '去宜昌照顾老人' in a hire is the job's place.
_CARE_AFTER = rcompile(
    r"(?:市|城里|那边)?\s*(?:看孙子|带孙子|带孙女|看儿子|看女儿|照顾|陪|过年|读书|上学)")
_SELF_GOES = rcompile(r"(?:我|俺)[^,.;!?\s]{0,3}(?:去|克|到|上)\s*$")
_ROUTE_AFTER = rcompile(r"^\s*(?:线|方向|往返|来回|专线|的车|的货)")
# Where the poster comes from is not where the work is ('我是房县的 在八角庙村修房子',
# '巴东过来的', '我是兴山那边过来包工程的'): an out-of-county name that says who they are.
_FROM_AFTER = rcompile(r"(?:县|市)?\s*(?:那边|那块|那里)?\s*(?:过来|来的|来了)")
_SELF_IS = rcompile(r"(?:我|俺|咱)们?\s*(?:是|系)\s*$")
_ORIGIN_AFTER = rcompile(r"(?:县|市)?\s*(?:那边|那块|那里)?\s*(?:的|人)")
# Where the poster or their family works away from home ('我是在武汉上班的 我妈在青天村 想请个
# 保姆', '儿子在深圳打工'): why someone else has to be hired, not where the work is.
_AWAY_WHO = rcompile(r"(?:我|俺|咱|儿子|女儿|姑娘|老公|男人|媳妇)们?\s*"
                       r"(?:是|现在|一直|都|还|常年|长年)?\s*在\s*$")
_AWAY_WORK = rcompile(r"(?:市|城里|那边|那里)?\s*(?:上班|打工|做事|务工|工作|做生意)")
# ...unless the hire is said to be there: the business there hires ('我在宜昌做生意 店里要个
# 服务员', '厂里招普工', '在那边要两个人') or the hire follows the away place at once ('在十堰做生意
# 要个看店的'). Then it is the job's place, and a place out of the county asks for the place.
_WORK_THERE = rcompile(
    r"[的了呢哈啊,;.!\s]*(?:(?:我|俺|咱)们?(?:的|家)?|在)?"
    r"(?:(?:店|店子|厂|公司|饭店|餐馆|门面|工地|超市|那里|那边|这边)[里上头]?)?\s*"
    r"(?:想|准备|急|诚|现在|还|长期)?\s*"
    r"(?:招|缺|需要?|(?:要|请|找)(?:[0-9一二两三四五六七八九十几]|个|名|位|人|些))")
# a driver's beat from one place to another ('木鱼到神农坛这一带跑', '松柏至阳日之间跑'): both
# ends are the route's, not the workplace (decision 2)
_ROUTE_RUN = rcompile(r"\s*(?:这一带|一带|这条线|之间|中间|沿线|来回)?\s*跑(?![腿步])")
_ROUTE_TO = rcompile(r"\s*(?:到|至)\s*")
# '跑松柏到木鱼': a run from one place to another, both its ends the route's (decision 2)
_RUN_BEFORE = rcompile(r"跑\s*$")
_RUN_FROM = rcompile(r"跑\s*([^\s,.;!?]{2,6}?)\s*(?:到|至)\s*$")

# ---------------------------------------------------------------- headcount and wages

# an area said by the square metre after 个 ('八十个平', '六十个平 一个平三十'): 平 standing
# alone, before a pause, a number or what sizes it — not 平 beginning a word (平整, 平板车, 平时)
_AREA_PING = rcompile(
    r"平(?=$|[\s,.;!?、]|[0-9零一二两三四五六七八九十百几]|左右|多|米|方|吧|啊|哦)")
_HEAD_UNIT = rcompile(r"^\s*(?:来|多)?\s*(?:个人|个|名|位|人|号人|口人)")
_HEAD_NOT_AFTER = rcompile(r"^(?:半|小时|钟|月|星期|礼拜|工作日|平方|方|天|车|吨|件|亩|斤|"
                             # an area said by the square metre ('八十个平', '六十个平米')
                             r"平米|"
                             r"的饭|人的饭|"
                             # the people to be fed ('二十来个人吃'), not '三个人吃住全包'
                             r"吃(?!苦|住|喝)|人吃(?!苦|住|喝)|"
                             # what is built is counted, not who builds it ('两个灶台')
                             r"灶|猪圈|牛圈|羊圈|鸡圈|圈舍|堡坎|坎子|挡墙|围墙|院墙|台阶|厕所|"
                             r"化粪池|水池|水窖|水井|窗户|门洞|"
                             # pieces of piecework counted ('五千个坑', '两万棵树'): no one
                             r"坑|树坑|洞|窝|棵|株|箱|筐|袋|桶|担|"

                             r"人吃饭|桌|房间|工日|工|多月|半月|来月|"
                             # guests served ('接了两个旅游团')
                             r"旅游团|团(?!队)|"
                             # a crew counted, not its people ('包给一个队', '找两个班子')
                             r"队(?!员|长)|班子|施工队|工程队|"
                             # a place of work counted ('宜昌一个冷库 要装卸工十个'), not
                             # the staff named by it ('两个酒店服务员')
                             r"(?:冷库|仓库|工厂|加工厂|工地|公司|酒店|宾馆|民宿|山庄|农家乐|"
                             r"饭店|餐馆|超市|基地|养殖场)"
                             r"(?!(?:(?![要招找请缺需聘])" + HAN
                             + r"){0,3}?(?:员|工|师|阿姨|管家)))")
# the one cared for, after a verb of caring ('照顾一个瘫在床上的老人')
_CARE_BEFORE = rcompile(r"(?:照顾|伺候|服侍|护理|陪护|看护|照看)$")
_CARED_FOR = rcompile(r"(?:小|细)?(?:孩子?|伢|娃|宝宝|孙子|孙女|老人|病人|学生|客人|游客)")
_CREW_AFTER = rcompile(HAN + r"{0,4}?(?:班组|施工队|工程队|队伍|团队|包工队)")
_ANYONE = rcompile(r"越多|多多|多点|都行|都可以|不限")
_HEAD_ONE = rcompile(
    # 初十 is a day (「初十要个厨师」), other tens before 要个 are amounts
    # '还差个做饭的': one more wanted
    r"(?:(?<=初十)|(?<![0-9十百几]))(?:要|找|招|需|请|缺|聘|来|(?<=[还就只])差)(?:一)?(?:个|名|位)"
    r"(?![0-9一二两三四五六七八九十几])"
    r"(?!人(?:越多|多多|多点|都行|手))"
)
# '一个坑3块': one of some item at a price, not one person
_PER_ITEM = rcompile(r"^" + HAN + r"(?:[0-9]|[一两二三四五六七八九十][块元毛])")
_PER_ONE = rcompile(r"^[0-9一两二三四五六七八九十百]")
# '一人给八十 要两个': so much paid each, when the post counts its people elsewhere
_PER_ONE_PAID = rcompile(r"^给[0-9一两二三四五六七八九十百]")
_PEOPLE_UNCOUNTED = rcompile(r"(?:找|要|请|喊|缺)(?:几个|些)?人(?![家的])")
_OTHER_COUNT = rcompile(r"[0-9两二三四五六七八九十几俩仨]\s*(?:个|名|位)")
_AMOUNT_END = rcompile(
    r"(?:[0-9]|[块元毛角钱分][一二两三四五六七八九]?|[十百千][一二两三四五六七八九]?)$"
)
# '两口子更好', '夫妻优先': a preference, not a count
_HEAD_COUPLE = rcompile(
    r"(?:夫妻俩|夫妻两|两口子|一对夫妻)(?![^\s,.;!?]{0,2}(?:更好|优先|最好|也行|也可))"
)
_HIRE_VERB_BEFORE = rcompile(r"(?:要|招|找|请|需|缺|聘)\s*$")

_UNIT_AFTER = rcompile(
    r"^\s*(?:元|块钱|块|圆|rmb|RMB)?\s*(?:/|每|一|1|一个|1个|per)\s*"
    r"(人\s*[/每一]\s*(?:天|日)|天|日|工|个工|小时|钟头|钟|个钟|时|个月|月|件|斤|公斤|亩|包|筐|箱|单|"
    r"平方|平米|平|米|株|棵|立方米?|方(?![面便向法式案])|吨|袋|只|车|趟|次|人|个(?!人|月|工|钟|小时|名|星期|礼拜)|(?<=一)(?:块|片)(?=砖|瓦|石|板|\s|$|[,.;])|(?<=一)匹(?=砖))"
)
# an amount, a pause, then a count of people of a kind ('两百六 1个焊工', '一百五 两个女工')
_BLANK_THEN_COUNT = rcompile(r"^\s+(?:1|一)个(?:男|女)")
_UNIT_AFTER_BARE = rcompile(r"^\s*(?:元|块钱|块|圆)?\s*/\s*(\S)")
# What a piece rate is counted in ('一亩', '一方', '一间', '一背篓', '一竿烟', '一块砖'), and the
# thing that may follow it ('一亩地', '一块砖').
_PIECE_UNITS = (
    "平方米?|平米|平|方|单|吨|棵|株|坑|个坑|公斤|袋|只|头|米|桶|担|捆|根|床|套|扇|条|张|盒|瓶|"
    "窝子|窝|垄|块地|架|件|斤|亩|箱|筐|包|间|背篓|篓|背|竿|挑|块(?=砖|瓦|石|板)|片(?=瓦|砖)|匹(?=砖)|兜|蔸|株苗"
)
# an animal counted by the head ('一头猪一百', '一只羊五十') is a piece too
_PIECE_NOUNS = "地|砖|瓦|石头|石|板|烟|苗|树|房|猪|羊|牛"
_NOT_NUMERAL = "(?![零〇一二两三四五六七八九十百千万块元毛])"
# ('一头给八十 一天能杀四五头': the rate, then its verb of paying)
_PER_PIECE_BEFORE = rcompile(rf"(?:每|一)\s*(?:个)?\s*(?:{_PIECE_UNITS})(?:{_PIECE_NOUNS})?给?$")
_UNIT_BEFORE = rcompile(
    r"(日薪|日工资|日工|一个工日|每个工日|一个工|每个工|一工|工日|一天的(?:工钱|工资|工价)|每天|每日|一天|每个月|"
    r"一钟头|每钟头|立方|"
    r"整个活|这个活|全部干完|干完|(?<![明今后昨前当白整聊拜期周])天|日赚|日入|时薪|每小时|一小时|一个小时|小时|月薪|底薪|月工资|每月|一个月|"
    r"一月|月入|月收入|包月|计件|每件|一件|每斤|一斤|每亩|一亩|每箱|一箱|每筐|一筐|每包|一包|包工|包干|承包|一口价|"
    r"总价|总共|一共|每人|每个人|一人|一个人|每车|一车|每台|每辆|一趟|每趟|半天|给|付|年薪|一晚上|一个晚上|一晚|每晚|"
    r"一夜|每夜|一次|每次|"
    r"每个钟头?|每个小时|一个钟头?|"
    rf"(?:每|一)\s*(?:个)?\s*(?:{_PIECE_UNITS})(?:{_PIECE_NOUNS})?(?:给)?|"
    r"[0-9零二两三四五六七八九十]+\s*天|"
    rf"(?:每|一)\s*(?:斤|公斤|亩|箱|筐|件|袋|株|棵|背篓|竿)(?:{_NOT_NUMERAL}{HAN}){{1,3}}?)"
    # '一天给一百四', '一个月开四千': the rate, then the verb of paying it, glued ('搞一天 给两百'
    # is a day's task and its amount, decision 8)
    r"(?:(?<=[天日月时工])[给开发付])?"
    # '一个月都是三千五': the rate, then that it holds for every job listed
    r"\s*(?:都是|都|均为|均是|统一)?"
    r"\s*(?:工资|工钱|是|为|约|大概|差不多|能拿|可拿|能挣|可挣|赚|挣|算|最少|至少|起码|最低|不低于|不少于)?"
    r"[:\s]*(?:元|块|¥|￥)?$"
)
_EACH_BEFORE = rcompile(r"每\s*个\s*$")
_DAYS = rcompile(r"[0-9零二两三四五六七八九十]+\s*天")
_ONE_DAY = rcompile(r"0*1\s*天")
_MONEY_CUE_BEFORE = rcompile(
    r"(?:工资|工价|工钱|薪资|薪水|待遇|价格|单价|报酬|保底|收入|价钱|价|钱|日结|月结|现结)\s*"
    r"(?:是|为|约|大概)?[:\s]*$"
)
_QTY_AFTER = rcompile(
    r"^(?:个)?(?:天|日(?!结)|小时|钟头|个月|月|周|星期|车|趟|件|斤|亩|箱|筐|吨|方|平方米?|平米|平|间|背篓|篓|"
    # ('一人给三百': the rate per person, then its verb of paying)
    r"人(?=\s*给?\s*[0-9一二两三四五六七八九十百])|"
    r"竿|棵|株|块(?=砖|瓦|石|板)|匹(?=砖)|坑|桶|担|袋|"
    # a crew counted ('包给一个队', '两个班子'): no amount
    r"(?:个|支)(?:队(?!员|长)|班子|施工队|工程队))"
)
# 块 is yuan, except as the measure word of a thing (一块砖, 一块地)
_MONEY_AFTER = rcompile(r"^\s*(?:元|块钱|块(?![砖地石板田瓦木玻肉布])|圆|rmb|RMB|/)")
# A classifier glued to a number makes it a quantity ('3车', '5亩'); after a space only the
# person/age/clock ones do, since a new phrase often starts there ('150 包吃住', '三百 周结').
# a fee or deposit asked of the worker ('先交中介费200', '押金500元'): never the wage
_FEE_BEFORE = rcompile(
    r"(?:费|押金|压金|鸭金|保证金|定金|订金)\s*(?:是|为|要|交)?\s*[:\s]*$|(?:先|需|须)交\s*$"
)
# a travel cost the employer bears, then a space and the amount ('包路费 150一天'): the wage
_BORNE_BEFORE = rcompile(r"(?:包|报销?|管)(?:来回)?(?:路费|车费)\s+$")
# The fee word must belong to the amount: glued to it ('150体检费', '200元中介费'); after a
# space a new phrase starts ('一天一百四 路费报销'). A travel cost the
# employer bears ('来回路费老板垫付', '车费报销') is no fee at all.
_FEE_AFTER = rcompile(
    r"^(?:元|块钱|块)?(?:的)?(?:[^\s,.;!?]{0,3}费|押金|压金|保证金|定金)"
    r"(?!\s*(?:报销|可报|老板|公司|厂里|单位|东家)|(?:全包|包|我们|来出))"
)
_NOT_MONEY_AFTER = rcompile(
    r"^(?:多|余|来)?(?:个|名|位|人|岁|号|点|:|月|年|日(?!结)|天|周|小时|亩|斤|公斤|吨|车|米|层|楼|栋|间|户|桌|"
    r"辆|台|条|国道|省道|县道|路|号线|"
    r"只|头|平米|平方|公里|里|分钟|分|%|斗|棵|株|根|袋|包(?![吃住食接车干工两三餐午中早晚饭])|"
    r"箱|筐|件|次|趟|遍|届|期|批|多个|来个|几|kg|KG)|^\s+(?:个|名|位|人|岁|号|点|:)"
)
# '我妈八十多了', '我六十三了': a person's years said without 岁 (no one is 120)
_YEARS_AFTER = rcompile(r"^(?:多|出头)?了")
_THIS_YEAR_END = rcompile(r"今年(?:都|已经|刚|才|快)?\s*$")
_UNIT_OF = {
    "天": "day", "日": "day", "工": "day", "个工": "day",
    "小时": "hour", "钟头": "hour", "钟": "hour", "个钟": "hour", "时": "hour",
    "个月": "month", "月": "month",
    "车": "job", "趟": "job", "次": "job", "人": "job", "个": "piece",
}
# '150元/人/天', '150一人一天': a day's wage of each person
_UNIT_BEFORE_OF = {
    "日薪": "day", "日工资": "day", "日工": "day", "一个工": "day", "每个工": "day",
    "每天": "day", "一天": "day", "天": "day",
    "日赚": "day", "日入": "day", "每日": "day", "一个工日": "day", "每个工日": "day",
    "一工": "day", "工日": "day", "一天的工钱": "day", "一天的工资": "day", "一天的工价": "day",
    "每个月": "month", "一钟头": "hour", "每钟头": "hour", "立方": "piece",
    "整个活": "job", "这个活": "job", "全部干完": "job", "干完": "job",
    "月收入": "month", "包月": "month", "时薪": "hour", "每小时": "hour", "一小时": "hour",
    "一个小时": "hour", "小时": "hour", "月薪": "month", "底薪": "month", "月工资": "month",
    "每月": "month", "一个月": "month", "一月": "month", "月入": "month", "年薪": "job",
    "计件": "piece", "每件": "piece", "一件": "piece", "每斤": "piece", "一斤": "piece",
    "每亩": "piece", "一亩": "piece", "每箱": "piece", "一箱": "piece", "每筐": "piece",
    "一筐": "piece", "每包": "piece", "一包": "piece", "包工": "job", "包干": "job",
    "承包": "job", "一口价": "job", "总价": "job", "总共": "job", "一共": "job", "每人": "job",
    "每车": "job", "一车": "job", "每台": "job", "每辆": "job", "一趟": "job", "每趟": "job",
    "给": "job", "付": "job",
    "每个人": "job", "一人": "job", "一个人": "job", "半天": "job",
    # a night shift is the day's work ('守夜 一晚上一百五'); a visit is a job ('一次100')
    "一晚上": "day", "一个晚上": "day", "一晚": "day", "每晚": "day", "一夜": "day", "每夜": "day",
    "一次": "job", "每次": "job",
    "每个钟": "hour", "每个钟头": "hour", "每个小时": "hour", "一个钟": "hour", "一个钟头": "hour",
}
_WAGE_LABEL = rcompile(
    r"(大工|小工|师傅|男工|女工|男的|女的|男|女)\s*[:\s]*"
    r"(?:一天|每天|日薪|一个月|每月|月薪|工资)?\s*[:\s]*$"
)
_PEOPLE_COUNTED = rcompile(
    r"[0-9一二两三四五六七八九十几]\s*个\s*(?:人|男|女|工|劳力)|[0-9一二两三四五六七八九十]\s*(?:名|位)"
)
_HALF_DAY_AFTER = rcompile(r"^\s*(?:元|块钱|块)?\s*半天")
# '工资按天算 三百到三百五': the pay basis stated apart from the amount
_PAID_BY = rcompile(
    r"按(天|日|小时|个月|月|件|斤|亩|方|平方|平米|车|趟|间|筐|棵|背篓|竿|个|块(?=算|计|给))"
    # '工资按天：装卸180 理货150': the basis as a heading before the amounts
    r"(?:算|计|结|付|给|(?=\s*[0-9])|(?=\s*:))"
)
# a pay word standing apart from any amount ('月薪: 服务员2800 保洁2500') states the unit of all
_PAY_WORD = rcompile(r"(月薪|底薪|日薪|时薪)(?![\s:]*[0-9一二两三四五六七八九十])")
_PAY_WORD_UNIT = {
    "月薪": "month", "底薪": "month", "日薪": "day", "时薪": "hour", "一天": "day", "每天": "day",
    "日工资": "day", "月工资": "month",
    "天": "day", "一个月": "month", "每月": "month", "月": "month", "小时": "hour",
}
# a unit stated once for every amount ('以下都是一天的价', '都是一天', '以上均为月薪')
_SHARED_UNIT = rcompile(
    r"(?:都是|均为|均是|全是|一律|都按|均按|全按|全部|统一|以上为|以上是)\s*(?:按)?\s*"
    r"(日薪|月薪|时薪|日工资|月工资|一天|每天|天|一个月|每月|月|小时)(?:的价|的工钱|的钱|算|计)?(?![\s:]*[0-9一二两三四五六七八九十百])"
)
_YUAN_IN = rcompile(r"[块元毛角]")
_CJK_END = rcompile(HAN + r"$")
_PRICE_END = rcompile(r"[一天价给是]$")
# the end of a saying, a closing particle included ('那就一百五嘛', '就150吧')
_PAUSE_AFTER = rcompile(r"^\s*(?:吧|嘛|哈|哦|啊|呀|噻)?(?:$|[,.;!?\s])")
_RANGE_SEP = rcompile(r"^\s*(?:元|块)?\s*(?:-|到|至|~|—|－)\s*$")
_SCALE_END = rcompile(r"[千kK万wW]$")
_SCALE = {"千": 1000, "k": 1000, "K": 1000, "万": 10000, "w": 10000, "W": 10000}

_DEADLINE_BEFORE = rcompile(
    r"(?:截止|截至|报名时间|报名日期|报名|之前|前)[到至]?[:\s]*$"
)
# '12号前到镇林业站报名', '7月1日前到岗', '国庆前摘完', '11月20日止': a deadline, not a start
# ('… 报名地点：…' heads the next field: where to sign up, not by when)
# (on the date's own line: the next line's '报名截止…' is another field)
_DEADLINE_AFTER = rcompile(
    r"^[^\S\n]*(?:前|之前|以前|止|为止|截止|报名(?!地点|地址|电话|方式|处))")
# the end of the work with no start written ('做到正月十五', '干到除夕')
_END_BEFORE = rcompile(r"(?:干|做|搞|忙|开)到\s*$")
# a day off ('周日休息', '周末放假'), not a working day
_REST_AFTER = rcompile(r"^\s*(?:休息|休|放假|不上班|轮休|不干)")
_NOW_WORDS = rcompile(r"现在起|从现在起|即日起|今天起|"
                        r"现在就要|现在要|马上就要|马上要人|马上来|立即上岗|立刻上岗|即刻上岗|"
                        r"马上上岗|"
                        r"现在就来|现在就去|现在过来|今天就要")
# '月休4天', '都是一天' (a rate), '驾龄五年' (experience)
# '宝宝八个月', '孩子两岁半': a child's age, written after the child
_NOT_DURATION_BEFORE = rcompile(
    # '每周两天': days a week, a rate of work
    r"(?:休|休息|放假|请假|轮休|都是|均为|都按|全是|月|龄|宝宝|孩子|小孩|婴儿|娃娃?|伢|细伢|"
    # a probation ('试用期一个月'): a stage of a standing job, not its length
    r"试用|用期(?:为|是|有)?|"  # (the window before is three characters)
    r"每个?(?:周|星期|礼拜)|"
    r"宝宝才|孩子才|小孩才)\s*(?:刚|才|快|已经)?\s*$|"
    # a day counted from another ('中秋前一天来', '开工头两天'): when, not for how long
    r"(?<![然以])[前后头]$"
)
# '三年经验', '一天的价', '带4个月宝宝' (an age), '一天能搞两百多' (earnings)
_NOT_DURATION_AFTER = rcompile(
    r"^\s*(?:(?:以上)?\s*(?:的)?(?:工作)?经验|的价|的钱|的工钱|的工资|(?:大)?的?(?:宝宝|孩子|小孩|婴儿)|"
    r"算[0-9一二两三四五六七八九十百]|"  # '一天算两百': the day's pay
    # how often in it ('一个星期去两次'): a frequency, not the job's length
    r"(?:去|来|做|干|搞|上门)?[0-9一二两三四五六七八九十几]\s*(?:次|回|趟)|"
    # what a day earns ('一天搞得到百把块', '一天挣得到两百'): earnings, not the job's length
    r"(?:能|可以?)?(?:搞|挣|赚|拿|弄)得(?:到)?\s*(?:[0-9一二两三四五六七八九十百]|百把)|"
    r"的酒席|的饭|底薪|工资|收入|(?:能|可以?|大概|差不多)(?:搞|挣|赚|拿|做|干)?[0-9一二两三四五六七八九十百]+(?:多)?"
    r"(?:块|元|百|十|$|\s))"
)
# Time gone by ('雨下了三天了', '等了一个礼拜了 哦'): how long something has lasted, no length of
# work to come — unless what is still needed is said before it ('还要干三天了').
_ELAPSED_AFTER = rcompile(r"了(?:$|[\s,.;!?]|[啊哦呀哈噢咯哟])")
_STILL_NEEDED = rcompile(r"(?:要|得|需|再|还)[^\s,.;!?]{0,2}$")


@dataclass(slots=True, unsafe_hash=True)  # not frozen: a frozen __init__ is slow
class Wage:
    start: int
    end: int
    low: float
    high: float
    unit: str | None
    label: str | None  # '大工', '男', a work type … written right before the amount
    word: str | None = None  # the label as written ('洗碗', '客房', '检票员')
    label_start: int = -1  # where the label is written (-1: none)
    label_end: int = -1


@dataclass(slots=True, unsafe_hash=True)  # not frozen: a frozen __init__ is slow
class Mention:
    start: int
    end: int
    value: object


@dataclass(slots=True, unsafe_hash=True)  # not frozen: a frozen __init__ is slow
class PlaceHit:
    start: int
    end: int
    place: Place | None  # None for a place outside the county
    word: str


_T = TypeVar("_T")


class _once(Generic[_T]):
    """functools.cached_property without its lock: Python 3.11's takes one on the first read of
    each value (some four a message); a Doc is read by the thread that made it. The value is
    kept in the instance's __dict__, where later reads find it first."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> _once[_T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...
    def __get__(self, instance: object, owner: type | None = None) -> _once[_T] | _T:
        if instance is None:
            return self
        value = self.func(instance)
        instance.__dict__[self.name] = value
        return value


@dataclass
class Doc:
    """All field mentions found in one normalised text."""

    text: str
    now: dt.datetime
    works: list[WorkMention]
    dates: list[DateSpan]
    times: list[TimeSpan]
    durations: list[DurationSpan]
    phones: list[Mention]
    wages: list[Wage]
    heads: list[Mention]
    ages: list[Mention]  # value: (age_min, age_max)
    masked_phone: bool = False
    marks: list[int] = field(default_factory=list)  # where numbered list items start
    gazetteer: Gazetteer | None = None
    segmentation: Segmentation | None = None

    # What only a job needs is found when first asked for (most messages are no post).
    @_once
    def places(self) -> list[PlaceHit]:
        if self.gazetteer is None or self.segmentation is None:
            return []
        return find_places(self.text, self.gazetteer, self.segmentation)

    @_once
    def perks(self) -> list[Mention]:  # value: (perk, positive)
        return find_perks(self.text)

    @_once
    def settlements(self) -> list[Mention]:
        return find_settlements(self.text)

    @_once
    def genders(self) -> list[Mention]:
        return find_genders(self.text)

    @_once
    def contacts(self) -> list[Mention]:
        # a 'surname' inside a title is no contact ('客房阿姨' is not 房阿姨)
        return [c for c in find_contacts(self.text)
                if not any(w.start < c.start < w.end for w in self.works)]

    @_once
    def now_words(self) -> list[Mention]:
        text = self.text
        return [Mention(m.start(), m.end(), True) for m in _NOW_WORDS.finditer(text)
                if not _DEADLINE_BEFORE.search(text[max(0, m.start() - 6) : m.start()])]


def _num(s: str) -> float | None:
    try:
        return parse_number(s)
    except Exception:  # a helper bug must not take a message down
        return None


def _free(mask: bytearray, start: int, end: int) -> bool:
    return not any(mask[start:end])


def _block(mask: bytearray, start: int, end: int) -> None:
    mask[start:end] = b"\x01" * (end - start)


def find_phones(text: str, mask: bytearray) -> tuple[list[Mention], bool]:
    """Mobile and landline numbers (digits only); blocks every long digit run it sees."""
    out: list[Mention] = []
    masked = False
    for m in _MASKED.finditer(text):
        masked = True
        _block(mask, m.start(), m.end())
    for start, end, digits in _phone_spans(text):
        before = text[max(0, start - 8) : start]
        after = text[end : end + 4]
        is_id = (
            bool(_ID_CUE.search(before))
            and not _PHONE_CUE.search(before)
            and "同号" not in after
        )
        _block(mask, start, end)
        if not is_id and _free_of([(o.start, o.end, "") for o in out], start, end):
            out.append(Mention(start, end, digits))
    for m in _DIGIT_RUN.finditer(text):
        _block(mask, m.start(), m.end())
    for m in _SHORT_RUN.finditer(text):
        if _ID_CUE.search(text[max(0, m.start() - 8) : m.start()]):
            _block(mask, m.start(), m.end())
    return out, masked


_NOT_DIGIT = rcompile(r"[^0-9]")
_GAP = rcompile(r"[ -]")


def _phone_spans(text: str, mobile: re.Pattern[str] = _MOBILE) -> list[tuple[int, int, str]]:
    cands: list[tuple[int, int, str]] = []
    for m in mobile.finditer(text):
        cands.append((m.start(), m.end(), _NOT_DIGIT.sub("", m.group())))
    for m in _LANDLINE.finditer(text):
        if _free_of(cands, m.start(), m.end()):
            cands.append((m.start(), m.end(), m.group(1) + _GAP.sub("", m.group(2))))
    if _SPELLED_CHAR.search(text):
        for m in _SPELLED_PHONE.finditer(text):
            digits = m.group().translate(_SPELLED_DIGITS).replace(" ", "").replace("-", "")
            if _free_of(cands, m.start(), m.end()) and _PHONE_DIGITS.fullmatch(digits):
                cands.append((m.start(), m.end(), digits))
    return sorted(cands)


# Numbers read out digit by digit, as voice input writes them and older people type them
# ('幺三八七幺九二六五四零', '一五九 七一二三 四四零八'): 幺 and 两 are 1 and 2 in a phone.
# Formal numerals (壹叁玖…) are spelled digits too.
_SPELLED_DIGITS = str.maketrans(
    "零〇洞一幺二两兩三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖", "000112223456789122334566789"
)
_SPELLED_CHAR = rcompile("[零〇洞一幺二两兩三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖]{4}")
_D = "[0-9零〇洞一幺二两兩三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖]"
# it ends where the digits end: a digit glued on, or two more after a gap, would make it longer;
# one after a space starts the next phrase ('…八八六六 一天两百')
_SPELLED_PHONE = rcompile(
    rf"(?<!{_D})(?![0-9])(?:[1一幺壹]{_D}(?:[ -]?{_D}){{9}}"
    rf"|[0零〇洞]{_D}{{2,3}}[ -]?{_D}(?:[ -]?{_D}){{6}})(?!-?{_D}|[ -]{_D}[ -]?{_D})"
)
_PHONE_DIGITS = rcompile(r"1[3-9][0-9]{9}|0[1-9][0-9]{1,2}[2-8][0-9]{6}")


# Same-length folding of the raw text, so spans index into what the user typed: full-width
# digits, dashes and spaces as the normaliser would read them.
_FOLD = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)},
     "－": "-", "—": "-", "–": "-", "‐": "-", "\u3000": " ", "\xa0": " ", "\t": " ",
     "（": "(", "）": ")"}
)


def phone_spans(text: str) -> list[tuple[int, int, str]]:
    """Every mobile or landline number in raw text, as (start, end, digits), left to right:
    '138 1234 5678', '138-1234-5678', '１３８…', '0719-3456208', '(0719)3456 208'.

    For masking: unlike the parser's reading it keeps numbers given as a QQ or WeChat id too,
    and the spans index into the text as given (no normalisation that shifts offsets)."""
    return _phone_spans(text.translate(_FOLD), _MOBILE_LOOSE)


def mask_phones(text: str) -> str:
    """The text with every phone-like number masked (138****5678); nothing else changes."""
    for start, end, digits in sorted(phone_spans(text), reverse=True):
        masked = digits[:3] + "****" + digits[-4:] if len(digits) >= 7 else "****"
        text = text[:start] + masked + text[end:]
    return text


def _free_of(spans: list[tuple[int, int, str]], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e, _ in spans)


def _alone(text: str, start: int, end: int) -> bool:
    """Whether a word stands apart: a pause, a digit or the text's end on each side."""
    return (start == 0 or not _CJK.match(text, start - 1)) and (
        end >= len(text) or not _CJK.match(text, end)
    )


_CJK = rcompile(HAN)


def find_contacts(text: str) -> list[Mention]:
    """How to address the poster: a surname with a title (李师傅, 谢场长), 老/小 with a surname
    (老周), a role the post says to call (联系村委会), or a name standing alone at its end."""
    out: list[Mention] = []
    for m in _CONTACT_TITLED.finditer(text):
        out.append(Mention(m.start(), m.end(), m.group()))
    for m in _CONTACT_LAO.finditer(text):
        asked = _ASK_FOR.search(text[max(0, m.start() - 2) : m.start()])
        if m.group(1) in _WEAK_SURNAMES and not asked and not _alone(text, m.start(), m.end()):
            continue
        if any(o.start <= m.start() < o.end for o in out):
            continue
        out.append(Mention(m.start(), m.end(), m.group()))
    for m in _CONTACT_GONG.finditer(text) if "工" in text else ():
        if m.group()[0] not in "童钟石" and (m.group()[0] not in _WEAK_SURNAMES
                                          or m.end() == len(text.rstrip())):
            out.append(Mention(m.start(), m.end(), m.group()))
    if not out:
        for rx in (_CONTACT_KIN, _CONTACT_ROLE, _CONTACT_ROLE_PHONE, _CONTACT_ORG, _CONTACT_TAIL,
                   _CONTACT_NAMED_ANY, _CONTACT_FULLNAME):
            role = rx.search(text)
            if role is not None:
                k = next(i for i in range(1, rx.groups + 1) if role.group(i))
                out.append(Mention(role.start(k), role.end(k), role.group(k)))
                break
    for m in _CONTACT_NAMED.finditer(text):
        if not any(o.start <= m.start(1) < o.end for o in out):
            out.append(Mention(m.start(1), m.end(1), m.group(1)))
    out.sort(key=lambda x: x.start)
    return out


def find_perks(text: str) -> list[Mention]:
    out: list[Mention] = []
    for m in _PERK_RE.finditer(text):
        neg = m.group(1) is not None
        word = m.group(2)
        if word in _PERK_NEG_BOTH:
            out.append(Mention(m.start(), m.end(), ("lodging", False)))
            out.append(Mention(m.start(), m.end(), ("meals", False)))
            continue
        if word in _PERK_NEG:
            out.append(Mention(m.start(), m.end(), (_PERK_NEG[word], False)))
            continue
        if word in _PERK_BOTH or word.startswith(("吃住", "食宿")):
            kinds = ["lodging", "meals"]
        elif "住" in word or "宿" in word or "睡" in word:
            kinds = ["lodging"]
        elif "接" in word or "车" in word or "路费" in word:
            kinds = ["transport"]
        else:
            kinds = ["meals"]
        for k in kinds:
            out.append(Mention(m.start(), m.end(), (k, not neg)))
    return out


def perks_of(mentions: list[Mention]) -> list[str]:
    """Apply perk mentions in written order: a later negation removes an earlier offer."""
    have: dict[str, bool] = {}
    for m in mentions:
        kind, positive = cast(tuple[str, bool], m.value)
        if positive:
            have.setdefault(kind, True)
        else:
            have[kind] = False
    return sorted(k for k, v in have.items() if v)


def find_settlements(text: str) -> list[Mention]:
    out = []
    for rx, value in _SETTLE:
        for m in rx.finditer(text):
            out.append(Mention(m.start(), m.end(), value))
    for m in _SETTLE_WEEK.finditer(text):
        out.append(Mention(m.start(), m.end(), None))
    out.sort(key=lambda x: x.start)
    return out


def find_genders(text: str) -> list[Mention]:
    if _GENDER_CHARS.search(text) is None:
        return []
    any_ = [Mention(m.start(), m.end(), None) for m in _GENDER_ANY.finditer(text)]
    out = list(any_)
    for rx, value in ((_GENDER_F, "female"), (_GENDER_M, "male")):
        for m in rx.finditer(text):
            if not any(a.start <= m.start() < a.end for a in any_):
                out.append(Mention(m.start(), m.end(), value))
    out.sort(key=lambda x: x.start)
    return out


_GENDER_CHARS = rcompile(r"[男女妇宝姨姐劳婆伙嫂]")


def gender_of(mentions: list[Mention]) -> str | None:
    values = {m.value for m in mentions}
    if None in values or len(values) != 1:
        return None
    v = values.pop()
    return v if isinstance(v, str) else None


def _int_of(s: str | None) -> int | None:
    if not s:
        return None
    v = _num(s)
    if v is None or v != int(v) or not 10 <= v <= 100:
        return None
    return int(v)


def find_ages(text: str, mask: bytearray) -> list[Mention]:
    out: list[Mention] = []
    if _AGE_TRIGGER.search(text) is None:
        return out  # every age pattern holds one of these words
    for m in _AGE_RANGE.finditer(text):
        lo, hi = (_int_of(m.group(1) or m.group(3) or m.group(5)),
                  _int_of(m.group(2) or m.group(4) or m.group(6)))
        if m.group(5) and lo is not None and lo < 14:
            continue
        if lo is not None and hi is not None and lo <= hi:
            out.append(Mention(m.start(), m.end(), (lo, hi)))
            _block(mask, m.start(), m.end())
    for rx, is_max in ((_AGE_MAX, True), (_AGE_MIN, False)):
        for m in rx.finditer(text):
            if not _free(mask, m.start(), m.end()):
                continue
            v = _int_of(next((g for g in m.groups() if g), None))
            if v is None:
                continue
            out.append(Mention(m.start(), m.end(), (None, v) if is_max else (v, None)))
            _block(mask, m.start(), m.end())
    if not any(a.value[1] is not None for a in out):  # type: ignore[index]
        for m in _AGE_BARE_MAX.finditer(text):
            if _free(mask, m.start(), m.end()):
                v = _int_of(m.group(1))
                if v is not None:
                    out.append(Mention(m.start(), m.end(), (None, v)))
                _block(mask, m.start(), m.end())
    # any other 'NN岁' (the poster's own age) is not a number for wages or headcounts
    for m in _ANY_AGE.finditer(text):
        _block(mask, m.start(), m.end())
    out.sort(key=lambda x: x.start)
    return out


def _external(g: Gazetteer) -> frozenset[str]:
    """Out-of-county names, less the county's own ('兴山' is home when the county is 兴山县)."""
    return frozenset(
        w for w in _EXTERNAL if not g.county.name.startswith(w) and g.resolve(w) is None
    )


def _place_regex(g: Gazetteer, external: frozenset[str]) -> re.Pattern[str]:
    words = set(g.names()) | external
    words.discard(g.county.name)
    alts = sorted(words, key=len, reverse=True)
    return rcompile("|".join(re.escape(w) for w in alts))


_PLACE_RX: dict[str, tuple[re.Pattern[str], frozenset[str]]] = {}


# What may follow a place name inside one jieba token ('兴山县', '宜昌市区', '松柏镇上').
_PLACE_TAILS = rcompile(r"(?:县|市|镇|乡|村|区|城|组|上|里)+")


_ADMIN_ENDS = ("社区", "村", "镇", "乡", "区")


def _on_cut(start: int, end: int, seg: Segmentation, text: str) -> bool:
    """Whether the jieba cut reads a place name here as a word of its own (see nlp.lexicon)."""
    fit = seg.fits(start, end)
    if fit is None:
        # the generic ending may be glued to the next word ('坪阡|村口', '木鱼|镇上'): the
        # name still stands if its stem does
        word = text[start:end]
        return any(
            word.endswith(a) and end - len(a) > start
            and seg.fits(start, end - len(a)) == (start, end - len(a))
            for a in _ADMIN_ENDS
        )
    if fit == (start, end):
        return True
    # inside a longer token only as that place with an administrative tail ('兴山县')
    s, e = fit
    return s == start and _PLACE_TAILS.fullmatch(text, end, e) is not None


def find_places(text: str, g: Gazetteer, seg: Segmentation) -> list[PlaceHit]:
    cached = _PLACE_RX.get(g.county.code)
    if cached is None:
        ext = _external(g)
        cached = (_place_regex(g, ext), ext)
        _PLACE_RX[g.county.code] = cached
    rx, external = cached
    out: list[PlaceHit] = []
    meeting: list[PlaceHit] = []
    for m in rx.finditer(text):
        word = m.group()
        if not _on_cut(m.start(), m.end(), seg, text):
            continue  # part of another word by the jieba cut
        before = text[max(0, m.start() - 4) : m.start()]
        after = text[m.end() : m.end() + 4]
        if _ROUTE_BEFORE.search(before) and (word in external or _ROUTE_AFTER.match(after)):
            continue
        if _ROUTE_AFTER.match(after):
            continue
        if _ROUTE_BEFORE.search(before) and _ROUTE_RUN.match(text, m.end()):
            continue  # '…到神农坛这一带跑': the route's end
        to = _ROUTE_TO.match(text, m.end())
        if to is not None:
            end = rx.match(text, to.end())
            if end is not None and _ROUTE_RUN.match(text, end.end()):
                continue  # '木鱼到神农坛这一带跑': the route's start
            if end is not None and _RUN_BEFORE.search(before):
                continue  # '跑松柏到木鱼': the route's start
        ran = _RUN_FROM.search(text, max(0, m.start() - 12), m.start())
        if ran is not None and rx.fullmatch(text, ran.start(1), ran.end(1)):
            continue  # '跑松柏到木鱼': the route's end
        if _DELIVERY_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue
        if word in external:
            if _ERRAND_BEFORE.search(before) and (
                    _OWN_ERRAND.match(text, m.end())
                    or (_CARE_AFTER.match(text, m.end())
                        and _SELF_GOES.search(text, max(0, m.start() - 8), m.start()))):
                continue  # '我要克宜昌看病': where the poster goes, not where the work is
            if _FROM_AFTER.match(text, m.end()) or (
                    _SELF_IS.search(before) and _ORIGIN_AFTER.match(text, m.end())):
                continue  # '我是房县的', '巴东过来的': where the poster comes from
            away = (_AWAY_WORK.match(text, m.end())
                    if _AWAY_WHO.search(text, max(0, m.start() - 8), m.start()) else None)
            if away is not None and not _WORK_THERE.match(text, away.end()):
                continue  # '我是在武汉上班的': where the poster works, away from the job
            out.append(PlaceHit(m.start(), m.end(), None, word))
            continue
        if _ERRAND_BEFORE.search(before) and _OWN_ERRAND.match(text, m.end()):
            continue  # '我下午要克木鱼镇拿药': the poster's errand, not the job's place
        if word in _WORDY_STEMS and not _PLACE_AFTER.match(after) and not (
            _ALONE_BEFORE.search(before) and _ALONE_AFTER.match(after)
        ) and not _after_its_township(out, m.start(), word, g):
            continue
        place = g.resolve(word)
        if place is None or place.level == "county":
            continue
        hit = PlaceHit(m.start(), m.end(), place, word)
        # a township written right before its village shares the village's part ('红坪镇红花村集合')
        at_meeting = bool(_MEETING_AFTER.match(after))
        if not at_meeting and place.level == "township":
            rest = rx.match(text, m.end())
            at_meeting = rest is not None and bool(
                _MEETING_AFTER.match(text[rest.end() : rest.end() + 4]))
        (meeting if at_meeting else out).append(hit)
    # where people gather to ride out ('在坪阡社区门口上车，去东溪村') is not the workplace
    return out or meeting


def _after_its_township(hits: list[PlaceHit], start: int, word: str, g: Gazetteer) -> bool:
    """'宋洛中岭': a village's stem written right after its own township's name."""
    if not hits or hits[-1].end != start or hits[-1].place is None:
        return False
    town, place = hits[-1].place, g.resolve(word)
    return (town.level == "township" and place is not None and place.level == "village"
            and g.township_of(place) == town)


_MEETING_AFTER = rcompile(r"^\s*(?:门口|路口|桥头|这里)?\s*(?:上车|集合|坐车|等车|碰头|会合)")


def resolve_places(hits: list[PlaceHit], g: Gazetteer) -> tuple[str | None, str | None, bool]:
    """(township, village, stated) from the place mentions of a text or a part of it."""
    if not hits:
        return None, None, False
    if any(h.place is None for h in hits):
        return None, None, True
    towns: list[Place] = []
    villages: list[Place] = []
    for h in hits:
        p = h.place
        assert p is not None
        t = g.township_of(p)
        if t is None:
            continue
        if t not in towns:
            towns.append(t)
        if p.level == "village" and p not in villages:
            villages.append(p)
    if len(towns) != 1:
        return None, None, True
    village = villages[0].name if len(villages) == 1 else None
    return towns[0].name, village, True


def region_default(chat_region: str | None, g: Gazetteer) -> tuple[str | None, str | None]:
    if not chat_region:
        return None, None
    p = g.by_name(chat_region) or g.resolve(chat_region)
    if p is None or p.level == "county":
        return None, None
    t = g.township_of(p)
    return (t.name if t else None), (p.name if p.level == "village" else None)


def repair_numbers(text: str, nums: list[NumSpan], mask: bytearray) -> list[NumSpan]:
    """Cut an amount back where it runs into a date or a time the date finder took."""
    out: list[NumSpan] = []
    for n in nums:
        if any(mask[n.start : n.end]) and not mask[n.start]:
            cut = n.start
            while cut < n.end and not mask[cut]:
                cut += 1
            head = text[n.start : cut].rstrip()
            v = _num(head) if head else None
            if v is not None:
                n = NumSpan(n.start, n.start + len(head), v, None, head)
        out.append(n)
    return out


# '八十一个' with no hiring word before it is 80 a piece, not 81 people
_TENS_ONE = rcompile(r"[二三四五六七八九]十一$")
_PIECE_AFTER = rcompile(r"^个(?![人名位])")


def split_per_piece(text: str, nums: list[NumSpan]) -> list[NumSpan]:
    """Read '八十一个' as the amount 八十 before '一个' (per piece) unless people are hired."""
    if "十一个" not in text:
        return nums
    out: list[NumSpan] = []
    for n in nums:
        if (
            _TENS_ONE.search(n.text)
            and n.high is None
            and _PIECE_AFTER.match(text[n.end : n.end + 2])
            and not _HIRE_VERB_BEFORE.search(text[max(0, n.start - 2) : n.start])
        ):
            n = NumSpan(n.start, n.end - 1, n.value - 1, None, n.text[:-1], n.approx, n.kind)
        out.append(n)
    return out


_TIMES_SIGN = rcompile(r"[x×X*]")
_TIMES_AFTER = rcompile(r"\s?[x×X*]\s?([1-9][0-9]?)(?![0-9.])")


def find_heads(
    text: str, nums: list[NumSpan], mask: bytearray, works: list[WorkMention]
) -> list[Mention]:
    out: list[Mention] = []
    work_starts = {w.start for w in works}
    for w in works if _TIMES_SIGN.search(text) else ():
        # '保安 x2', '服务员×3': a title times a count, as lists written on phones put it
        times = _TIMES_AFTER.match(text, w.end)
        if times is not None and _free(mask, times.start(1), times.end(1)):
            out.append(Mention(w.end, times.end(), int(times.group(1))))
            _block(mask, w.end, times.end())
    by_start = {n.start: n for n in nums}
    for v in _VEHICLES_HIRED_RX.finditer(text):
        # '包四台车', '面包车一台': each vehicle hired comes with its driver
        g = "vn" if v.group("vn") is not None else "vm"
        n = by_start.get(v.start(g))
        if n is not None and n.end == v.end(g) and _free(mask, n.start, n.end) and (
                n.value == int(n.value) and 1 <= n.value <= 50):
            out.append(Mention(n.start, n.end, int(n.high or n.value)))
            _block(mask, n.start, n.end)
    for n in nums:
        if not _free(mask, n.start, n.end):
            continue
        after = text[n.end : n.end + 8]
        m = _HEAD_UNIT.match(after)
        if m is None:
            if (
                n.end in work_starts
                and n.kind != "money"
                and n.value == int(n.value)
                and 1 <= n.value <= 50
                and _HIRE_VERB_BEFORE.search(text[max(0, n.start - 2) : n.start])
            ):
                value = n.high if n.high is not None else n.value
                out.append(Mention(n.start, n.end, int(value)))
                _block(mask, n.start, n.end)
            continue
        rest = after[m.end() :]
        if _HEAD_NOT_AFTER.match(rest) or _PER_ITEM.match(rest):
            continue
        if m.group().strip() == "个" and _AREA_PING.match(rest):
            continue  # '八十个平': square metres, not '三个人平整场地' (平 begins a word there)
        if (_CARED_FOR.match(rest) or _CARE_BEFORE.search(text, max(0, n.start - 2), n.start)
                ) and not _HIRE_VERB_BEFORE.search(text[max(0, n.start - 2) : n.start]):
            continue  # '照顾两个小孩', '家里三个老人': the people cared for, not the workers
        if m.group().strip() == "人" and _ANYONE.match(rest):
            continue  # '二百 人越多越好': the more the better counts nobody
        if _CREW_AFTER.match(rest):
            continue  # '找一个钢筋班组': a crew, however many it is
        if _PER_PIECE_BEFORE.search(text[max(0, n.start - 8) : n.start]):
            continue  # '一亩二百 人…': an amount after a piece-rate phrase
        if n.text == "一" and m.group().strip() in ("人", "个人") and (
                _PER_ONE.match(rest)
                or (_PER_ONE_PAID.match(rest) and (
                    _OTHER_COUNT.search(text, n.end + m.end())
                    # '找人 一个人给两百': people hired uncounted, so much each (with no hire
                    # at all, '帮忙搬个家 一人给一百', the one is the one wanted)
                    or (_PEOPLE_UNCOUNTED.search(text) and not _HIRE_VERB_BEFORE.search(
                        text[max(0, n.start - 2) : n.start]))))):
            continue  # '一人一百', '一人给八十 要两个': a rate per person
        if n.text in ("一", "1") and _AMOUNT_END.search(text[max(0, n.start - 3) : n.start]):
            continue  # '三块一个', '80一个': a price per item
        value = n.high if n.high is not None else n.value
        if value != int(value) or not 1 <= value <= 10000:
            continue
        out.append(Mention(n.start, n.end + m.end(), int(value)))
        _block(mask, n.start, n.end + m.end())
    for m in _HEAD_ONE.finditer(text):
        if _free(mask, m.start(), m.end()):
            out.append(Mention(m.start(), m.end(), 1))
    for m in _HEAD_COUPLE.finditer(text):
        if _free(mask, m.start(), m.end()):
            out.append(Mention(m.start(), m.end(), 2))
            _block(mask, m.start(), m.end())
    out.sort(key=lambda x: x.start)
    return out


def find_wages(
    text: str, nums: list[NumSpan], mask: bytearray, works: list[WorkMention]
) -> list[Wage]:
    out: list[Wage] = []
    free = [n for n in nums if _free(mask, n.start, n.end)]
    work_ends = {w.end: w for w in works}
    work_starts = {w.start for w in works}
    paid_by = [(m.start(), m.group(1)) for m in _PAID_BY.finditer(text)]
    pw = _SHARED_UNIT.search(text) or _PAY_WORD.search(text)
    pay_word = _PAY_WORD_UNIT[pw.group(1)] if pw is not None else None
    i = 0
    while i < len(free):
        n = free[i]
        i += 1
        low = n.value
        high = n.high if n.high is not None else n.value
        end = n.end
        # '150到180', '3000-3500': join two numbers into a range
        if i < len(free) and _RANGE_SEP.match(text[end : free[i].start]) and free[i].value > low:
            high = free[i].high or free[i].value
            # '5-6k', '5~6千': the lower end is counted in the upper's thousands
            scale = _SCALE_END.search(free[i].text)
            if scale is not None and low < 10 and low * _SCALE[scale.group()[0]] <= high:
                low *= _SCALE[scale.group()[0]]
            end = free[i].end
            i += 1
        if not 0 < low <= high:
            continue
        before = text[max(0, n.start - 10) : n.start]
        after = text[end : end + 10]
        if (_FEE_BEFORE.search(before) and not _BORNE_BEFORE.search(before)) or _FEE_AFTER.match(
            after
        ):
            continue
        if n.kind != "money" and _QTY_AFTER.match(after):
            # the 一 of '一天一百' or '两车': a quantity of a unit, not an amount
            continue
        if n.text == "一" and any(
            p.end == n.start and p.kind == "money" for p in free[max(0, i - 3) : i]
        ):
            continue  # the 一 of '两分一块': the thing the amount before it is paid for
        unit: str | None = None
        money = _YUAN_IN.search(n.text) is not None or _MONEY_AFTER.match(after) is not None
        ua = _UNIT_AFTER.match(after)
        if ua is not None and _PER_PIECE_BEFORE.search(before):
            # '一间十五块 每天大概三十间': the piece rate is written before the amount; a rate
            # after it is how much is done, not what is paid
            ua = None
        if ua is not None and ua.group(1) == "个" and (
                end + ua.end() in work_starts or _BLANK_THEN_COUNT.match(after)):
            # '一天两百六 1个焊工': the count of the next kind wanted, not a price per item
            ua = None
        if ua is not None:
            unit = "day" if ua.group(1).startswith("人") and len(ua.group(1)) > 1 else (
                _UNIT_OF.get(ua.group(1), "piece"))
            if (ua.group(1) == "个" and high >= 20 and "计件" not in text
                    and _PEOPLE_COUNTED.search(text)):
                unit = "job"  # '要两个人守夜 两百一个': so much a person
            money = True
            end_unit = end + ua.end()
        else:
            end_unit = end
            ub = _UNIT_AFTER_BARE.match(after)
            if ub is not None:
                money = True
        ubm = _UNIT_BEFORE.search(before)
        if ubm is not None:
            if unit is None:
                word = ubm.group(1)
                # '26天 12000': an amount for so many days is for the whole job
                # ('1天200' is a day's wage, like 一天)
                unit = (
                    ("day" if _ONE_DAY.fullmatch(word) else "job")
                    if _DAYS.fullmatch(word)
                    else _UNIT_BEFORE_OF.get(word, "piece")
                )
            money = True
        if unit is None and high < 20 and _EACH_BEFORE.search(before):
            unit, money = "piece", True  # '挖树坑 每个一块二': no one's pay is so small
        if not money and _MONEY_CUE_BEFORE.search(before):
            money = True
        if unit is None and _HALF_DAY_AFTER.match(after):
            unit, money = "job", True
        if unit is None:
            by = next((u for pos, u in paid_by if pos < n.start), None)
            if by is not None:
                unit = _UNIT_OF.get(by, "piece")
            elif pay_word is not None:
                unit, money = pay_word, True
        label_m = _WAGE_LABEL.search(text, max(0, n.start - 8), n.start)
        label: str | None = label_m.group(1) if label_m else None
        word = label
        span = label_m.span(1) if label_m else (-1, -1)
        if label is None:
            label, word, span = _label_before(text, n.start, work_ends)
        if not money:
            if _NOT_MONEY_AFTER.match(after) or (n.value < 100 and (
                    _YEARS_AFTER.match(after) or _THIS_YEAR_END.search(before))):
                continue  # ('今年52 身体好得很': the sender's years, 岁 unsaid)
            if n.value != int(n.value) or not 20 <= n.value <= 100000:
                continue
            if label is None and _CJK_END.search(before) and not _PRICE_END.search(before):
                # a bare number glued to a word is rarely an amount unless labelled
                if not _PAUSE_AFTER.match(after):
                    continue
        if not 0 < high <= 1_000_000:
            continue
        out.append(Wage(n.start, end_unit, low, high, unit, label, word, *span))
        _block(mask, n.start, end_unit)
    return _units_along(text, out)


# between two amounts of one row of labelled amounts ('女工一天130 男的150', '月嫂月薪8000-12000，
# 育儿嫂5000起，保姆4500')
# ('女的帮厨一天一百五 男的打杂一百八': the next item's gender written before its title)
_ROW_GAP = rcompile(r"[\s,、;]*(?:起|左右|以上|多)?[\s,、;]*(?:男的|女的|男工|女工|男|女)?")


def _units_along(text: str, wages: list[Wage]) -> list[Wage]:
    """A row of labelled amounts shares the unit written with its first ones, or after its
    last one ('钢筋三百二 木工三百五 一天')."""
    out = list(wages)
    for i in range(1, len(out)):
        a, b = out[i - 1], out[i]
        if (a.unit is None) == (b.unit is None) or a.label_start < 0 or b.label_start < 0:
            continue
        if _ROW_GAP.fullmatch(text, a.end, b.label_start) is None:
            continue
        if b.unit is None:
            out[i] = replace(b, unit=a.unit)
        else:
            # back along the row: each earlier amount without a unit takes this one's
            j = i - 1
            while j >= 0 and out[j].unit is None and out[j].label_start >= 0:
                out[j] = replace(out[j], unit=b.unit)
                if j == 0 or _ROW_GAP.fullmatch(text, out[j - 1].end, out[j].label_start) is None:
                    break
                j -= 1
    return out


# Between a label and its amount: a pay word or a rate ('服务员一天180', '司机月薪7000',
# '厨师给1200', '帮厨一人200', '水电一天350').
_LABEL_GAP = rcompile(
    r"(?:一天|每天|日薪|月薪|底薪|一个月|每月|工资|一人|每人|每个人|一个人|给|一晚|每晚|时薪|"
    r"一小时|每小时|按平方|一平方?|一方)[\s:]*$"
)
_LABEL_WORD = rcompile(r"(?:^|(?<=[\s,.;:、!?]))(" + HAN + r"{2,5}?)的?$")


def _label_before(
    text: str, start: int, work_ends: dict[int, WorkMention]
) -> tuple[str | None, str | None, tuple[int, int]]:
    """What an amount is labelled with: the work mention (its canonical type) or the word
    written right before it, past spaces, colons and a pay word ('客房3800', '腻子按平方8块')."""
    p = start
    while p > 0 and text[p - 1] in " :的":
        p -= 1
    gap = _LABEL_GAP.search(text, max(0, p - 6), p)
    q = gap.start() if gap is not None else p
    while q > 0 and text[q - 1] in " :":
        q -= 1
    w = work_ends.get(p) or work_ends.get(q)
    if w is not None:
        return w.canonical, w.word, (w.start, w.end)
    m = _LABEL_WORD.search(text, max(0, q - 8), q)
    if m is None:
        return None, None, (-1, -1)
    return None, m.group(1), m.span(1)


# ('今天后山砍树': 后山, 后坡, 后院 … are places behind the house, not "after today")
_VAGUE_AFTER = rcompile(r"^\s*(?:以后|之后|后(?![天山面头院坡边门屋沟岭])|过后|过了)")
# 'after X' written before it: '过了元宵', '过完初八'
_VAGUE_BEFORE = rcompile(r"(?:过了|过完|等过了?)\s*$")
_UNTIL_AFTER = rcompile(r"^\s*为?止")
# a count of days a week ('每周三次', '一个礼拜两天'): the weekday's numeral is the count
_PER_WEEK_BEFORE = rcompile(r"(?:每|一|一个|隔|两)\s*$")
_PER_WEEK_AFTER = rcompile(r"^\s*(?:次|回|趟|天|晚)")
_EVERY_BEFORE = rcompile(r"(?:每|每个|逢)\s*$")
_SIGNUP_FROM_NOW = rcompile(
    r"报名(?:时间|日期|期限)?[:\s]*(?:从|自)?(?:即日|今日|今天|现在|发布之日)起?\s*(?:到|至|-|~)\s*$")
_WEEK_WORD = rcompile(r"^(?:周|星期|礼拜)[一二三四五六七日天]$")
_POSTED_AFTER = rcompile(r"^\s*(?:岗位|推荐|招聘信息|用工信息|信息|发布|更新)")
_START_AFTER = rcompile(
    r"^\s*(?:统一|正式|准时)?(?:培训)?(?:开工|开始|动工|上工|上岗|进场|到岗|开干|正式|报到|上班|"
    r"上户)"
)
_START_BEFORE = rcompile(r"(?:开工|进场|上岗|到岗|报到|上班)(?:时间|日期)[:\s]*$")


# '12号前报名 15号开工': a start written right after the date, on its line
_STARTS_HERE = rcompile(r" ?(?:开工|动工|上工|开干|进场|到岗|上班)")


def _place_starts(text: str, i: int, g: Gazetteer | None) -> bool:
    """Whether a place's name starts at ``i`` ('明天后山坪村': the 后 is the village's, not
    'after tomorrow')."""
    if g is None:
        return False
    i += len(text[i:]) - len(text[i:].lstrip())
    return any(g.resolve(text[i : i + k]) is not None for k in range(2, 7))


_AMOUNT_GOES_ON = rcompile(r"[十百千万kK]")
# a date cut off in the middle of a numeral (not '明天' before '万福村')
_NUMERAL_END = frozenset("零〇一二两三四五六七八九0123456789")


def find_dates_filtered(text: str, now: dt.datetime, g: Gazetteer | None = None,
                        other: list[DateSpan] | None = None) -> list[DateSpan]:
    """Dates that can be a start date; one marked as the start ('2号开工') goes first. The
    dates that are still dates but no start (a deadline, the last day of the work: '干到腊月
    二十九') go to ``other``."""
    out = []
    for d in find_dates(text, now):
        before = text[max(0, d.start - 6) : d.start]
        after = text[d.end : d.end + 6]
        deadline = _DEADLINE_AFTER.match(after)
        # '下礼拜一开始 搞到26号为止': 为止 closes a period of work, not a deadline
        if (deadline and not (d.end_date is not None and _UNTIL_AFTER.match(after))) or (
            # '12号前报名 15号开工': the date after a deadline that is marked as the start
            _DEADLINE_BEFORE.search(before) and not _STARTS_HERE.match(after)
        ):
            continue
        # 'after X' (正月十五以后, 国庆后, 过了元宵) and a weekend (本周末) name no first day
        if ((_VAGUE_AFTER.match(after) and not _place_starts(text, d.end, g))
                or _VAGUE_BEFORE.search(before)
                or d.text.endswith("周末") or _POSTED_AFTER.match(after)):
            continue
        if (_WEEK_WORD.match(d.text) and _PER_WEEK_BEFORE.search(before)
                and _PER_WEEK_AFTER.match(after)):
            continue  # '每周三次', '一周三天': so many days a week, not a Wednesday
        if _WEEK_WORD.match(d.text) and _EVERY_BEFORE.search(before):
            continue  # '每周二四六来打扫', '逢星期五': a day that comes back, no first day
        if "报名" in text and _SIGNUP_FROM_NOW.search(text, max(0, d.start - 12), d.start):
            continue  # '报名：即日起至12月15日': the sign-up's last day, not the work's first
        if _REST_AFTER.match(after) or (d.end_date is None and _END_BEFORE.search(before)):
            if other is not None and _END_BEFORE.search(before):
                other.append(d)
            continue
        if _AMOUNT_GOES_ON.match(after) and d.text[-1:] in _NUMERAL_END:
            continue  # '一月三千': a month's pay, the numeral runs on into an amount
        out.append(d)
    # a holiday names the period; a day written beside it is the day ('中秋节 … 二十四号')
    if any(not d.holiday for d in out):
        out = [d for d in out if not d.holiday or d.end_date is not None]
    marked = [d for d in out if _START_AFTER.match(text[d.end : d.end + 8])
              or _START_BEFORE.search(text[max(0, d.start - 8) : d.start])]
    if marked and marked[0] is not out[0]:
        out.remove(marked[0])
        out.insert(0, marked[0])
    return out


# Tasks written with a measure word in the middle, which no synonym can list ('卸一车煤',
# '砌个灶台', '装两车货'): the verb decides the kind of work.
_CROPS = (
    r"(?:谷子|稻谷|稻子|水稻|麦子|小麦|玉米|苞谷|包谷|洋芋|土豆|红薯|红苕|苕|花生|黄豆|大豆|豆子|油菜|菜籽|"
    r"高粱|荞麦|核桃|板栗|烟叶|魔芋|辣椒|花椒|白菜|萝卜|南瓜|香菇|木耳|猕猴桃|柑橘|橘子|苹果|梨子|"
    r"桃子|李子|樱桃|葡萄|西瓜|茶籽|油茶|五倍子|蔬菜|庄稼|辣角|海椒)"  # 辣角/海椒: 辣椒 in dialect
)
_VEHICLE = r"(?:面包车|货车|小货车|皮卡车?|小车|车子|商务车|轿车|婚车|三轮车|中巴车?|大巴车?)"
_VEHICLES_HIRED = (
    r"(?:包|租|要|请|喊|叫|找|需要)\s*(?P<vn>[0-9一两二三四五六七八九十几]+)\s*(?:台|辆)\s*"
    r"(?:小|面包|商务|小货|货|皮卡|轿|婚|中巴|大巴)?车(?!间|位|费|票|站|库|厢|牌)|"
    + _VEHICLE + r"\s*(?P<vm>[0-9一两二三四五六七八九十]+)\s*(?:台|辆)(?!" + HAN + r"{0,2}出租)"
)
_VEHICLES_HIRED_RX = rcompile(_VEHICLES_HIRED)
# (pattern strings: they are compiled once, together, as _TASK_RX below)
_TASK_WORKS = (
    (r"[卸装搬扛背抬]\s*[一两二三四五六七八九十几这那整]?\s*[车趟批吨]", "搬运工"),
    (r"[卸搬扛抬](?=" + HAN + r")(?![家迁])", "搬运工"),
    (r"砌\s*[个一两道段堵][^\s,.;]{0,3}", "泥瓦工"),
    (r"照顾[^\s,.;]{0,4}(?:老人|病人|老太|老爷子|老奶奶)", "护工"),
    # bringing in a crop is picking work, whatever the crop
    (r"(?:收|割|摘|掰|挖|打|采|砍)\s*(?:[一两几半][天个]|点|些|个)?\s*" + _CROPS,
     "采摘工"),
    (r"(?:看|喂|放|养)\s*(?:[一两几半]?[天个]|几天|点|些)?\s*"
     r"(?:鸭|鸡|猪|牛|羊|鱼|蜂|鹅|兔|蚕)", "养殖工"),
    # pulling down an old building is labourers' work
    (r"拆\s*(?:掉|除|个|间|栋|这|那)?\s*(?:老|旧|危|土)?\s*(?:房|屋|墙|棚|猪圈|牛圈|灶)",
     "小工"),
    # delivering water (or gas) to homes is delivery work
    (r"送\s*(?:桶装|矿泉|纯净)?水(?!泥|管|电|果)|送(?:煤气|液化气)", "快递员"),
    (r"(?:打扫|整理|收拾)\s*(?:客房|房间)|铺床", "保洁员"),
    (r"做\s*客房", "服务员"),
    (r"(?:带|看|照看)\s*(?:[一两几半]?[天个]|几天)?\s*(?:孙子|孙女|外孙|小孩|孩子|娃|伢|宝宝)",
     "育婴员"),
    (r"挖\s*(?:个|下)?\s*(?:屋基|地基|基脚|地脚|化粪池|粪池|沼气池|水窖|排水沟|阴沟)",
     "小工"),
    # a load carried somewhere ('从路边背到屋头', '背上山'): carrying work, whatever the load
    # — not the back itself ('腰背到现在还痛', '后背到今天都疼')
    (r"(?<![腰后脊肩手脚])背\s*(?=到(?!现在|今天|而今|如今|这会)|上山|上坡|下山|下坡|回来|回去)",
     "搬运工"),
    # the load named between the back and the slope ('背年货上山', '背两袋米下坡')
    (r"(?<![腰后脊肩手脚])背" + HAN + r"{1,4}?(?=上山|上坡|下山|下坡)", "搬运工"),
    # vehicles hired for a day's driving come with their drivers ('包四台车 接亲用',
    # '面包车一台 … 给三百'): each is a driver's job
    (_VEHICLES_HIRED, "司机"),
)
_HERBS = r"(?:天麻|党参|独活|玄参|黄连|贝母|重楼|白及|柴胡|半夏|当归|药材|中药材)"
_TITLE_TAIL = r"(?:的?(?:师傅|工人|匠))?"
# Farm and village tasks named by a verb and its object in any order, read even where a listed
# word names work too ('砌石头的师傅3个 小工6个', '点苞谷要两个帮工', '屋里苞谷要掰').
# (pattern strings: they are compiled once, together, as _FARM_RX below)
_FARM_TASKS = (
    (r"砌[个一道段堵]?(?:坎子|堡坎|挡墙|石头|石坎|院墙|围墙|猪圈|牛圈|灶台|台阶|"
     r"(?!的)" + HAN + r")" + _TITLE_TAIL, "泥瓦工"),
    (rf"(?:挖|刨){_HERBS}", "种植工"),
    # the herb named first, then that it is to be dug ('天麻要挖了', '党参该刨了')
    (rf"{_HERBS}\s*(?:要|该|得|可以)\s*(?:挖|刨)", "种植工"),
    (rf"(?:种|栽|点|播|补栽|套种)(?:{_CROPS}|{_HERBS}|茶苗|树苗|烤烟|烟苗|菜苗|果苗)", "种植工"),
    (rf"{_CROPS}\s*要?\s*(?:点种|播种|栽种)", "种植工"),
    (rf"{_CROPS}\s*(?:要|该|得)\s*(?:掰|收|挖|摘|打)", "采摘工"),
    # the crop ripe, then who is to bring it in ('洋芋熟了冇得人挖', '核桃落了 要人捡')
    (rf"{_CROPS}\s*(?:成)?(?:熟|黄|落|红)了[^,.;!?\n]{{0,14}}?(?:掰|收|挖|摘|打|捡)",
     "采摘工"),
    (rf"(?:挖|刨|掰|收|摘|打)(?:早|新|晚)?{_CROPS}", "采摘工"),
    (rf"(?:背|挑|扛)(?:{_CROPS}|茶叶|鲜叶|化肥|肥料|农家肥|粪|柴|煤|米|面粉)",
     "搬运工"),
    # the crop named first, then who is to bring it in ('魔芋哪个来帮我挖一下')
    (rf"{_CROPS}\s*(?:哪个|哪位|谁|有人)[^,.;!?\s]{{0,6}}?(?:掰|收|挖|摘|打)",
     "采摘工"),
    # furniture and loads carried ('男的搬桌子板凳', '抬柜子'), beside a listed task of the
    # same post ('女的端盘子')
    (r"(?:搬|抬|扛)(?:桌子|凳子|板凳|椅子|桌椅|柜子|衣柜|冰箱|冰柜|洗衣机|床|沙发|"
     r"家具|箱子|行李|木料|木材|石头|石块|粮食)", "搬运工"),
    # weeding a field, whatever grows in it ('薅茶园草', '锄苞谷地的草'); cutting grass is 割草
    (r"(?:薅|锄)" + HAN + r"{0,4}?草", "种植工"),
    (r"(?:房子|屋子|老屋|老房子|旧房子?|房|屋)\s*要\s*拆", "小工"),
    # snow to clear, named before the verb or apart from it ('积雪要清', '清理公路积雪')
    (r"积雪\s*(?:要|得|需要)\s*(?:清|铲|扫)|(?:清理|清除|清扫)" + HAN + r"{1,4}?积雪",
     "保洁员"),
    (r"修" + HAN + r"{0,3}?路(?!费|过|上)|(?:公路|道路|路面|通组公路)硬化", "小工"),
    (r"砍" + HAN + r"{0,4}?(?:柴|竹|杉树|松树|树)", "林业工"),
    (r"(?:老人|老人家|老太太?|老爷子|老母亲|老父亲)[^。!?\n]{0,14}?(?:照顾|陪护|伺候)",
     "护工"),
)
# every task above starts with one of these: the scan tests one character where none does
_FARM_FIRST = "砌挖刨种栽点播补套掰收摘打背挑扛搬抬房屋老旧修公道路通砍薅锄积清" + "".join(
    sorted({w[0] for w in re.findall(HAN + r"+", _CROPS + _HERBS)})
)
_FARM_RX = rcompile(
    f"(?=[{_FARM_FIRST}])(?:"
    + "|".join(f"(?P<f{i}>{rx})" for i, (rx, _) in enumerate(_FARM_TASKS)) + ")"
)
_FARM_OF = {f"f{i}": canonical for i, (_, canonical) in enumerate(_FARM_TASKS)}


# A task whose verb and object stand apart, the object qualified by where it is ('铲路上的雪',
# '砍屋后头的柴', '摘坡上的茶'): the verb and the object make a listed task. Only verbs of
# work, so that '大家的工钱' is no 大工.
_SPLIT_TASK = rcompile(
    r"([铲扫除砍摘采挖收掰喂放搬扛背抬卸装种栽割剪修拆打])"
    r"(?:" + HAN + r"{1,5}?)的(" + HAN + r"{1,2})"
)


# a verb and its object with 下/一下 between them, as said aloud ('端下盘子', '扫一下雪')
_VERB_XIA_OBJ = rcompile(
    r"([端洗扫搞打摘挖搬扛背抬卸装种栽割剪修拆喂铲刷拉翻捡])(?:一?下|点|些)(" + HAN + r"{1,2})"
)


# the object named first, then that it is to be done ('雪要铲', '烟苗要栽了', '货得卸'): the
# verb and the object make a listed task
_FRONTED_OBJ = rcompile(
    r"(" + HAN + r"{1,2})\s*(?:要|该|得|需要)\s*([铲扫砍摘采挖收掰搬扛背抬卸栽种割剪修拆刷])"
)

# the object named in a remark on it, then the verb alone with 一下 ('院子雪太厚 找个人来铲一下',
# '坡上雪厚 喊人扫一下'):
# the verb and that object make a listed task
_REMARKED_OBJ = rcompile(
    r"(" + HAN + r"{1,2})(?:太|好|很|都|积了|堆了|(?=[厚深]))" + HAN
    + r"{0,3}[\s,.]+[^,.;!?]{0,10}?"
    r"([铲扫砍摘采挖收掰搬扛背抬卸栽种割剪修拆刷])一?下(?=$|[\s,.;!?])"
)


def _split_tasks(text: str) -> list[WorkMention]:
    out = []
    if "的" in text or "下" in text or "点" in text or "些" in text:
        for m in (*_SPLIT_TASK.finditer(text), *_VERB_XIA_OBJ.finditer(text)):
            verb, obj = m.group(1), m.group(2)
            for size in (2, 1):
                kind = synonym_of(verb + obj[:size]) if len(obj) >= size else None
                if kind is not None:
                    end = m.start(2) + size
                    out.append(WorkMention(m.start(), end, kind, text[m.start() : end]))
                    break
    # (the match, and where its mention starts: at the object, or at the verb when a remark
    # stands between them)
    fronted = [(m, m.start(1)) for m in _FRONTED_OBJ.finditer(text)] if (
        "要" in text or "该" in text or "得" in text) else []
    if "下" in text:
        fronted += [(m, m.start(2)) for m in _REMARKED_OBJ.finditer(text)]
    for m, start in fronted:
        obj, verb = m.group(1), m.group(2)
        for task in dict.fromkeys((verb + obj, verb + obj[-1], verb + obj[0])):
            kind = synonym_of(task)
            if kind is not None:
                out.append(WorkMention(start, m.end(), kind, text[start : m.end()]))
                break
    out.sort(key=lambda w: w.start)
    return out


# works a flood broke, then that they are to be mended ('村里的路被水冲了 组织修', '山塘被冲垮了
# 找人修', '灌溉渠水毁修复'): labourers' work, named where the broken work is
_FLOOD_REPAIR = rcompile(
    r"(?:路|渠|塘|堰|坎子?|堡坎|桥|河堤|堤|沟|便道|步道)\s*(?:被水?|让水|遭)?\s*"
    r"(?:冲毁|冲垮|冲坏|冲断|冲烂|冲塌|冲了|水毁)[^。!?\n]{0,16}?修"
)
# a load put onto a vehicle ('装核桃上车', '帮忙装货上车'): carrying work, whatever the load
_LOAD_ONTO = rcompile(r"装\s*" + HAN + r"{1,4}?\s*上\s*(?:车|货车|三轮车)")


def _farm_tasks(text: str, works: list[WorkMention]) -> list[WorkMention]:
    """The listed mentions, with the farm tasks (and the tasks written apart) no listed
    mention overlaps."""
    found = [
        WorkMention(m.start(), m.end(), _FARM_OF[m.lastgroup or ""], m.group())
        for m in _FARM_RX.finditer(text)
    ] + _split_tasks(text)
    if "冲" in text or "水毁" in text:
        found += [WorkMention(m.start(), m.end(), "小工", m.group())
                  for m in _FLOOD_REPAIR.finditer(text)]
    if "上" in text and "装" in text:
        found += [WorkMention(m.start(), m.end(), "搬运工", m.group())
                  for m in _LOAD_ONTO.finditer(text)]
    if not found:
        return works
    out = list(works)
    for f in found:
        if all(f.end <= w.start or f.start >= w.end for w in works):
            out.append(f)
    out.sort(key=lambda w: w.start)
    return out


# all the task patterns as one scan: the first that matches at a place names the work there
_TASK_RX = rcompile("|".join(f"(?P<t{i}>{rx})" for i, (rx, _) in enumerate(_TASK_WORKS)))
_TASK_OF = {f"t{i}": canonical for i, (_, canonical) in enumerate(_TASK_WORKS)}
# Verbs of carrying: what follows is the load, not the trade ('卸钢筋' is unloading, not 钢筋工).
_CARRY_BEFORE = frozenset("卸搬扛抬背挑运")
_TITLE_END = rcompile(r"(?:工|员|匠|师傅|师|阿姨|工人)$")


def _refine_works(text: str, works: list[WorkMention]) -> list[WorkMention]:
    """A load after a carrying verb is carrying work; of two kinds glued into one compound
    ('快递分拣') the last is the job, the first only qualifies it — unless the last is a
    generic helper ('养蜂帮工')."""
    out: list[WorkMention] = []
    for w in works:
        if (
            w.start > 0 and text[w.start - 1] in _CARRY_BEFORE
            and w.canonical != "搬运工" and not _TITLE_END.search(w.word)
        ):
            w = WorkMention(w.start - 1, w.end, "搬运工", text[w.start - 1 : w.end])
        prev = out[-1] if out else None
        if prev is not None and prev.end == w.start and not _TITLE_END.search(prev.word):
            # a generic helper word as the head ('养蜂帮工') leaves the trade to the first
            kind = prev.canonical if w.canonical == "小工" else w.canonical
            out[-1] = WorkMention(prev.start, w.end, kind, prev.word + w.word)
            continue
        out.append(w)
    return out


def _task_works(text: str, works: list[WorkMention]) -> list[WorkMention]:
    if works:
        return works
    return [
        WorkMention(m.start(), m.end(), _TASK_OF[m.lastgroup or ""], m.group())
        for m in _TASK_RX.finditer(text)
    ]


# The number of a list item ('1、', '2.', '三、', '4)') at the start of a line, after a pause or
# after a heading's colon ('招:1、厨师1名'; a clock's 8:00. is no heading).
LIST_MARK = rcompile(
    r"(?:^|(?<=[\s;。])|(?<=[^0-9]:)|(?<=\)))"  # or after an item's remark: '2名(会打字)2.'
    r"(?:[0-9]{1,3}|[一二三四五六七八九十])(?:[、)）]|\.(?![0-9]))"
)
_HAS_NUMERAL = rcompile(f"[{NUM_CHARS}]")


_HOURS_A_DAY = rcompile(
    r"(?:一天|每天|一日|每日)\s*(?:干|做|上班|工作)?\s*[0-9一二两三四五六七八九十]+\s*个?(?:小时|钟头)"
)
_DAY_BY_DAY = rcompile(r"一天(?:算|结|是)一天")


_NUMERAL_FIRST = frozenset("零〇一二两三四五六七八九十百千万俩仨")
_NUMERAL_PLACES: dict[int, tuple[int, tuple[str, ...]]] = {}


def _numeral_places(g: Gazetteer) -> tuple[str, ...]:
    """The gazetteer's names that start with a numeral (八角庙, 九湖村, 三股水), longest first."""
    known = _NUMERAL_PLACES.get(id(g))
    if known is None or known[0] != len(g.places):
        names = sorted((n for n in g.names() if n[0] in _NUMERAL_FIRST), key=len, reverse=True)
        known = (len(g.places), tuple(names))
        _NUMERAL_PLACES[id(g)] = known
    return known[1]


_NUMERAL_BEFORE = frozenset("零〇一二两三四五六七八九十百千万俩仨几")


def _numeral_tail(text: str, at: int, name: str) -> bool:
    """Whether the numeral-named place at ``at`` goes on a number before it: a Chinese numeral
    or unit just before ('一万福利', '三百花坪'), or a digit before a unit ('1万福利')."""
    if at == 0:
        return False
    before = text[at - 1]
    return before in _NUMERAL_BEFORE or (before.isdigit() and name[0] in "十百千万")


_QUOTED_SPAN = rcompile(r"「[^」]*」|“[^”]*”")
_RISE_BEFORE = rcompile(r"(?:涨|降|跌|加|减)了?(?:个)?\s*$")
# An officer's relay preface ('帮周大爹发一个 …', '帮王婆婆发个招工', '帮老葛发下'): the one
# of 发一个 counts the post sent, never the people wanted
_RELAY_PREFACE = rcompile(
    r"帮[^\s,.;!?]{1,6}?发(?P<n>一个|一条|一下|个|条|下)")


def build_doc(text: str, now: dt.datetime, g: Gazetteer) -> Doc:
    """Find every mention in a normalised text."""
    mask = bytearray(len(text))
    # the number, phone, age and clock scanners only where a digit or numeral occurs
    numeric = _HAS_NUMERAL.search(text) is not None
    if numeric:
        # a place named with a numeral ('两天 八角庙要三个人') holds no amount
        # — unless it is the tail of a number phrase: '月薪一万福利好' is 一万 (万福 is no place
        # there), '三百花坪' reads 三百 on
        for name in _numeral_places(g):
            at = text.find(name)
            while at >= 0:
                if not _numeral_tail(text, at, name):
                    _block(mask, at, at + len(name))
                at = text.find(name, at + len(name))
        for m in _RELAY_PREFACE.finditer(text):
            _block(mask, m.start("n"), m.end("n"))
    phones, masked = find_phones(text, mask) if numeric else ([], False)
    ages = find_ages(text, mask) if numeric else []
    add_places(g)
    seg = segment(text)
    works = _task_works(text, _farm_tasks(text, _refine_works(text, scan_work_types(text, seg))))
    if not works:
        works = scan_title_typos(text)
    ends: list[DateSpan] = []
    dates = find_dates_filtered(text, now, g, ends)
    times = find_times(text) if numeric else []
    durations = [
        d for d in find_durations(text)
        if not _NOT_DURATION_AFTER.match(text[d.end : d.end + 10])
        and not _NOT_DURATION_BEFORE.search(text[max(0, d.start - 3) : d.start])
        and d.text not in ("24小时", "二十四小时")  # round the clock, not a day's job
        and not _HOURS_A_DAY.match(text, d.start)  # '一天十个小时': a day's hours
        and not _DAY_BY_DAY.search(text, max(0, d.start - 3), d.end + 3)  # '做一天算一天'
        and not (_ELAPSED_AFTER.match(text, d.end)
                 and not _STILL_NEEDED.search(text, max(0, d.start - 3), d.start))
    ]
    for ds in dates:
        _block(mask, ds.start, ds.end)
    for ds in ends:  # '干到腊月二十九 一天一百五': the last day's numerals are no amount
        _block(mask, ds.start, ds.end)
    for t in times:
        _block(mask, t.start, t.end)
    nums = split_per_piece(text, repair_numbers(text, find_numbers(text), mask)) if numeric else []
    # A unit phrase right after an amount ('150一天', '一个月两千五') is the wage's unit, not a
    # duration: let the wage finder see it first, then keep only durations it did not use.
    dur_mask = bytearray(len(text))
    for d in durations:
        _block(dur_mask, d.start, d.end)
    marks = list(LIST_MARK.finditer(text)) if numeric else []
    for m in marks:
        _block(mask, m.start(), m.end())  # '2、小工5个': the item's number is no amount
    heads = find_heads(text, nums, mask, works)
    wage_mask = bytearray(mask)
    for n in nums:
        # numbers inside a duration can still be amounts when a unit phrase is glued to them
        # ('两分一块' is money, though '两分' reads as two minutes too)
        if any(dur_mask[n.start : n.end]) and not (n.kind == "money" or _money_near(text, n)):
            _block(wage_mask, n.start, n.end)
    wages = find_wages(text, nums, wage_mask, works)
    # a day and then 一天 ('周六一天 一百块', '明天一天 给一百五'): the work is that one day, and
    # the amount after it is the whole job's (decision 8)
    that_day = []
    for d in durations:
        if d.days != 1 or not _ONE_DAY_WORD.fullmatch(d.text) or not any(
                ds.end == d.start and ds.end_date is None for ds in dates):
            continue
        # the first amount after it, apart from it ('明天一天一百五' glued is a day's rate)
        k = next((k for k, w in enumerate(wages) if w.start >= d.end), None)
        if k is not None and wages[k].start > d.end and (
                text[d.end : wages[k].start].strip() in ("", "给")):
            that_day.append(d)
            if wages[k].unit == "day":
                wages[k] = replace(wages[k], unit="job")
    if len(wages) > 1:
        # '去年发「一天一百二」 今年涨了十块 一天一百三 …': a post quoting its own old pay, and
        # saying how much it rose, is paid what it says outside the quotation and apart from
        # the rise; the quoted amount or the rise stays only when it is the one there is
        quoted = [m.span() for m in _QUOTED_SPAN.finditer(text)] if (
            "「" in text or "“" in text) else []
        aside = [w for w in wages if any(a < w.start < b for a, b in quoted)
                 or _RISE_BEFORE.search(text, max(0, w.start - 4), w.start)]
        if aside and len(aside) < len(wages):
            wages = [w for w in wages if w not in aside]
    wage_starts = [w.start for w in wages]
    kept_durations = [d for d in durations if d in that_day
                      or not _wage_unit_phrase(text, d, wages, wage_starts)]
    return Doc(
        text=text,
        now=now,
        works=works,
        dates=dates,
        times=times,
        durations=kept_durations,
        phones=phones,
        wages=wages,
        heads=heads,
        ages=ages,
        masked_phone=masked,
        marks=[m.start() for m in marks],
        gazetteer=g,
        segmentation=seg,
    )


def _wage_unit_phrase(
    text: str, d: DurationSpan, wages: list[Wage], starts: list[int]
) -> bool:
    """Whether a duration is inside a wage or the unit phrase next to one ('150 一天').

    Wages do not overlap and come in written order, so only the nearest one on each side can
    touch the duration: a lookup, not a scan, keeps long texts linear."""
    k = bisect_right(starts, d.start) - 1  # the last wage starting at or before d
    if k >= 0:
        w = wages[k]
        if d.start < w.end or w.end == d.start:
            return True
        if text[w.end : d.start].strip() == "" and _is_unit_phrase(d.text):
            return True
    k2 = bisect_left(starts, d.end)  # the first wage starting at or after d's end
    # wages starting inside d (durations do not overlap, so this stays linear overall)
    if any(d.end <= wages[i].end for i in range(k + 1, k2)):
        return True
    if k2 < len(wages):
        w = wages[k2]
        # '一个月 4000', '一个月开四千': the unit phrase, then the amount (or the verb paying it)
        gap = text[d.end : w.start]
        if (gap.strip() == "" or gap in _PAY_VERBS) and _is_unit_phrase(d.text):
            return True
    return False


# '一个月给四千', and '一个月都是三千五' (the rate said once for every job listed)
_PAY_VERBS = frozenset({"给", "开", "发", "付", "都是", "都", "均为", "均是", "统一"})
_ONE_DAY_WORD = rcompile(r"一天|一日")


def _is_unit_phrase(s: str) -> bool:
    return _UNIT_PHRASE.fullmatch(s.strip()) is not None


_UNIT_PHRASE = rcompile(r"(?:每|一|1)\s*(?:个)?\s*(?:天|日|工|小时|钟头|月)")


def _money_near(text: str, n: NumSpan) -> bool:
    after = text[n.end : n.end + 6]
    before = text[max(0, n.start - 6) : n.start]
    return bool(
        _UNIT_AFTER.match(after) or _MONEY_AFTER.match(after) or _UNIT_BEFORE.search(before)
    )
