"""Round 13's work on authors_j (issue 11): the kinds of its mistakes, fixed by mechanism.

Every sentence is new (none is a line of authors_j or of another set), and each behaviour is
shown with the look-alikes that must not trigger it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from nlp import load_gazetteer, parse
from nlp.extract import build_doc
from nlp.intent import rules, standard
from nlp.normalize import normalize
from nlp.typos import fix_typos

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 1, 4, 9, 0, tzinfo=TZ)  # a Monday, 腊月 coming


def intent(text: str) -> str:
    return parse(text, NOW).intent


def ruled(text: str) -> str:
    """The rules' own reading, before the learned model's second opinion."""
    norm = fix_typos(normalize(text))
    return rules(build_doc(norm, NOW, load_gazetteer()), standard(norm.strip())).intent


def job(text: str, i: int = 0) -> dict[str, object]:
    p = parse(text, NOW)
    assert p.intent == "job_post", (text, p.intent, p.extra)
    return p.to_contract("t")["jobs"][i]  # type: ignore[no-any-return]


def jobs(text: str) -> list[dict[str, object]]:
    p = parse(text, NOW)
    assert p.intent == "job_post", (text, p.intent)
    return p.to_contract("t")["jobs"]  # type: ignore[return-value]


# ==== a trade brought to the customer's door, and how far it goes: a seek, not goods sold


@pytest.mark.parametrize("text", [
    "上门打糍粑 自带石臼 一家八十 阳日附近都去 13872216604",
    "专门上门宰羊 一只五十 木鱼松柏都跑 电话15826617720",
    "上门熬糖 一锅六十 随叫随到 15972203381",
    "上门理发 一次二十 松柏城区都行 13972203381",
])
def test_door_to_door_trade_is_a_seek(text: str) -> None:
    assert intent(text) == "work_seek"


@pytest.mark.parametrize(("text", "want"), [
    ("上门收土猪 价格公道 附近都去 13872216604", "other"),  # buying at the door
    ("要个上门做饭的阿姨 一个月三千 附近都行 15826617720", "job_post"),  # a hire
])
def test_door_look_alikes(text: str, want: str) -> None:
    assert intent(text) == want


def test_who_can_come_to_the_door_is_asked_by_a_poster() -> None:
    # the rules read a hire (哪个能 …); the door service is the worker's own advert only
    assert ruled("哪个能上门给老人理发 一次五十 附近都行 13872216604") == "job_post"


# ==== a machine let out with the one who works it: a rental


@pytest.mark.parametrize("text", [
    "出租挖掘机 带机手 一个钟头三百 13986652217",
    "出租小货车 配司机 拉年货一趟两百",
])
def test_machine_let_out_with_its_driver_is_other(text: str) -> None:
    assert intent(text) == "other"


def test_a_driver_hired_for_a_machine_is_still_a_post() -> None:
    assert intent("要个开铲车的师傅 一天四百 电话13986652217") == "job_post"


# ==== pay named as a wage (工钱, 工资, 工价) with a kind of work: a post, whatever its unit


@pytest.mark.parametrize("text", [
    "劈柴 一车工钱两百 要得急 盘水 13545570921",
    "挖树根 一个工钱十块 多挖多得 13972264410",
])
def test_work_paid_as_wage_is_a_post(text: str) -> None:
    p = parse(text, NOW)
    assert p.intent == "job_post"


@pytest.mark.parametrize("text", [
    "我砍柴的工钱三百还没给",  # unpaid
    "去年劈柴工钱两百一车 今年不晓得",  # what it paid
])
def test_wage_talk_without_a_post(text: str) -> None:
    assert intent(text) != "job_post"


# ==== crews: a place before 这边, the coming before the count, asking around for work


@pytest.mark.parametrize(("text", "count"), [
    ("李主任 我们花栎树这边八九个 都能上", 9),
    ("我们坪堑来三个", 3),
    ("我这边班子五个人 能接", 5),
    ("我们组十来个人都闲着 那个挖渠的活可以接", 10),
])
def test_a_crew_signing_up_is_a_claim(text: str, count: int) -> None:
    p = parse(text, NOW)
    assert p.intent == "claim"
    assert p.claim is not None and p.claim.count == count


def test_a_crew_asking_around_is_a_seek() -> None:
    text = "我们组有七八个人 腊月里闲着 哪家要人 砌墙挖地基都能干 老谭 13597721184"
    assert intent(text) == "work_seek"


# ==== 我去 then a remark: an exclamation; 我去 then an offer: a claim


@pytest.mark.parametrize("text", [
    "我去 这么大的雪 几十年没见过",
    "我去，今天街上人好多啊",
    "我去 松柏又停电了",
])
def test_wo_qu_then_a_remark_is_other(text: str) -> None:
    assert intent(text) == "other"


@pytest.mark.parametrize("text", [
    "我去 明天几点",
    "我去 算我一个",
    "我去 两个人",
    "我去 工具要带吧",
    "我去 几十年没见过这阵势 明天我也来",  # a marvel, then the sender's coming
    "我去 下午就可以了",  # a remark's particle, but an offer in it
])
def test_wo_qu_then_an_offer_is_a_claim(text: str) -> None:
    assert intent(text) == "claim"


# ==== the post acknowledged, then when to come asked or the coming told: a claim


@pytest.mark.parametrize("text", [
    "收到 后天几点到",
    "好的 明早七点到你屋里",
    "收到 我下午过来",
])
def test_ack_then_coming_is_a_claim(text: str) -> None:
    assert intent(text) == "claim"


@pytest.mark.parametrize("text", ["收到 谢谢", "收到 明天不来了", "好的 几点到几点"])
def test_ack_without_coming_is_not(text: str) -> None:
    assert intent(text) == "other"


# ==== whoever wants a worker asked around by one offering themselves: a seek


@pytest.mark.parametrize("text", [
    "我会做饭也会带孩子 哪个屋里要保姆",
    "会开车 有证 哪个厂里要人 13986610023",
    "四十八岁 会砌墙 要人的说一声",
    "在家闲着 这边有要人的没",
    "开了十年货车 本地有拉货的活吗",
])
def test_asking_around_for_a_worker_is_a_seek(text: str) -> None:
    assert intent(text) == "work_seek"


@pytest.mark.parametrize(("text", "want"), [
    ("我屋里杀猪 哪个要肉的说一声", "other"),  # goods, not a worker
    ("哪个屋里要猪崽 三百一个", "other"),
    ("明天我屋里栽洋芋 要两个人 一天一百五", "job_post"),
])
def test_asking_around_look_alikes(text: str, want: str) -> None:
    assert intent(text) == want


# ==== talk that hires no one: pay already earned, a verdict on a price, a question, goods


@pytest.mark.parametrize("text", [
    "今天劈柴挣了一百五 手都起泡了",
    "前天帮表哥铲雪 他给了两百",
    "保姆一个月四千也算公道",
    "你那个开车的一个月五千是包吃的还是不包",
    "铲雪那个活干完了没 还要不要人",
    "打糍粑的地方在哪",
    "土鸡蛋一块五一个 五十个起送",
    "自己做的米酒 十块一斤 可以发快递",
    "我侄儿在宜昌送快递 一个月七八千",
    "我屋里前年请了四个人栽洋芋 一天一百二",
    "新年快乐 祝大家今年多接活多挣钱",
])
def test_talk_is_other(text: str) -> None:
    assert intent(text) == "other"


@pytest.mark.parametrize("text", [
    "今天劈柴 要两个人 一天一百五 电话13545570921",
    "保姆 一个月四千 包吃住 电话13545570921",
    "有没有人想挣几个钱的 后天跟我上山砍竹子 一天一百八",
    "请个人看羊 一个月两千五 六十岁以下都行 13597721184",
    pytest.param(
        "屋里要打糍粑 搞一天 两百 哪个得行喊我一声 13597721184",
        # round 16: the model retrained on round 15's features reads 哪个得行喊我 as a worker's
        # 喊我 and overrules the rules' post by 2.52 logits (the margin is 2.5); moving the
        # margin or making 'hire' firm lowered authors_g and six other tuning sets
        marks=pytest.mark.xfail(strict=True, reason="the model overrules by 0.02 over its margin"),
    ),
    "王叔 我家屋顶要翻瓦 一天三百 你后天有空不",
])
def test_posts_that_look_like_talk(text: str) -> None:
    assert intent(text) == "job_post"


@pytest.mark.parametrize("text", [
    "有没有人想挣几个钱的 后天跟我上山砍竹子 一天一百八",
    "谁想挣点钱 明天来帮我搬砖 一天两百",
    "谁想干点活 明天搬砖 一天两百 13972211873",
    "新年好 初八开工 要小工五个 一天两百 13972211873",
])
def test_whoever_wants_to_earn_is_recruited(text: str) -> None:
    assert ruled(text) == "job_post"


@pytest.mark.parametrize(("text", "want"), [
    ("我抱名 带我老婆 两个人", "claim"),  # 抱名 typed for 报名
    ("我要一个名额 初八到岗没问题", "claim"),
])
def test_sign_ups(text: str, want: str) -> None:
    assert intent(text) == want


# ==== places: a run from one place to another, a stretch pointed at, a village after its town


def test_a_run_between_two_townships_names_no_workplace() -> None:
    p = parse("腊月里送年货 跑阳日到红坪 要个开货车的 一趟四百", NOW, chat_region="松柏镇")
    assert p.to_contract("t")["jobs"][0]["township"] == "松柏镇"


def test_a_place_named_alone_is_still_the_workplace() -> None:
    assert job("到红坪 要个开货车的 一趟四百")["township"] == "红坪镇"


def test_a_stretch_of_a_village_pointed_at() -> None:
    j = job("塔坪那段路结冰了 明早要八个人撒盐 一人一天一百六")
    assert (j["township"], j["village"]) == ("红坪镇", "塔坪村")


def test_a_village_stem_glued_after_its_own_township() -> None:
    j = job("宋洛中岭 挖树坑 要十个 一天一百五")
    assert j["village"] == "中岭村"
    # after another township the stem is the ordinary word it also is
    j = job("松柏中岭 挖树坑 要十个 一天一百五")
    assert (j["township"], j["village"]) == ("松柏镇", None)


# ==== contacts: a village's committee, a road section, the estate management by the phone


@pytest.mark.parametrize(("text", "who"), [
    ("长坊村修水渠 要八个 一天一百八 长坊村委会 0719-3451122", "长坊村委会"),
    ("国道铲雪 要二十个 一天两百 电话0719-3331200 养护段", "养护段"),
    ("小区扫雪 一个钟头三十 电话13972611873 物业", "物业"),
])
def test_a_body_beside_its_phone_is_the_contact(text: str, who: str) -> None:
    assert job(text)["contact"] == who


# ==== dates: a bare day closing a lunar range, and a bare day the work runs to


def test_a_bare_day_after_chu_closes_the_range() -> None:
    j = job("庙会 初三到十二 要保安六个 一天两百")
    assert j["duration_days"] == 10 and j["wage_min"] == 200


def test_a_bare_day_the_work_runs_to_after_a_lunar_start() -> None:
    j = job("初八开工 要小工五个 干到十八 一天一百八")
    assert j["duration_days"] == 11 and j["wage_min"] == 180 and j["headcount"] == 5


def test_a_bare_number_after_gandao_that_is_no_day() -> None:
    # a count after 干到 is no day: the first date stays alone
    j = job("初八开工 要小工五个 一天一百八")
    assert j["duration_days"] is None


# ==== counts, perks, gender, piece rates, work types


def test_people_to_be_fed_are_no_headcount() -> None:
    assert job("正月初二 屋里三十来个人吃 要个掌勺的 给六百")["headcount"] == 1
    assert job("要三个人吃住全包 一天两百 搬砖")["headcount"] == 3


def test_driving_workers_is_the_job_not_a_perk() -> None:
    assert job("要个司机 每天接送员工上下班 一个月五千")["perks"] == []
    assert job("要十个栽树的 一天一百七 车接车送")["perks"] == ["transport"]


def test_a_woman_wanted_by_sao_zi() -> None:
    assert job("找个会包饺子的嫂子 帮三天 一天一百四")["gender"] == "female"


def test_bao_ci_before_a_meal_is_meals() -> None:
    assert job("卸年货 要两个 一天两百 包次晚饭")["perks"] == ["meals"]


def test_a_brick_counted_by_pi() -> None:
    j = job("搬砖 一匹砖两分 两万匹 13972211873")
    assert (j["wage_min"], j["wage_unit"]) == (0.02, "piece")


@pytest.mark.parametrize(("text", "wt"), [
    ("要两个会锯树的 一天两百", "林业工"),
    ("村里修便道 要六个 一天一百八", "小工"),
    ("修栈道 抬石头 要六个 一天两百", "搬运工"),  # the task named beside the project
])
def test_new_work_words(text: str, wt: str) -> None:
    assert job(text)["work_type"] == wt


def test_the_object_remarked_on_then_the_verb_alone() -> None:
    # '坝子里雪太厚 … 铲一下': the snow named in the remark, the verb with 一下 at the end
    assert job("坝子里雪太厚 喊个人来铲一下 给八十 13581260093")["work_type"] == "保洁员"
    # a verb that makes no listed task with the thing remarked on names no work
    assert job("雪太厚 要两个人 一天两百 等一下")["work_type"] is None


def _reason(text: str) -> str:
    norm = fix_typos(normalize(text))
    return rules(build_doc(norm, NOW, load_gazetteer()), standard(norm.strip())).reason


def test_a_wage_named_is_firm_only_with_a_way_to_answer_or_a_count() -> None:
    assert _reason("劈柴 一车工钱两百 盘水 13545570921") == "pays wage"
    assert _reason("劈柴 工钱两百 要三个") == "pays wage"
    # the poster's correction under a post names neither: the model may still weigh it
    assert _reason("工钱两百 砖不多 搬砖快得很") != "pays wage"


def test_wo_qu_then_years_at_the_work_stays_a_claim() -> None:
    assert intent("我去 劈了二十年柴了") == "claim"


def test_what_each_household_brings_is_a_notice() -> None:
    assert _reason("后天上午在村委会发种子 每户带身份证") == "notice"


def test_yaode_is_keyi_only_as_an_answer() -> None:
    assert standard("要得 我明天来") == "可以 我明天来"
    assert standard("柴要得多 年前要得急") == "柴要得多 年前要得急"
