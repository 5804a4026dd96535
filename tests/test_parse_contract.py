"""The contract's own examples and traps (parse.md), checked field by field."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from nlp import extract_fields, parse, work_type_of
from nlp.stream import run_parse

NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # a Thursday


def jobs_of(text: str, region: str | None = None) -> list[dict[str, Any]]:
    p = parse(text, NOW, chat_region=region)
    assert p.intent == "job_post", (text, p.intent, p.extra)
    return [j.to_contract() for j in p.jobs]


def job(text: str, region: str | None = None, i: int = 0) -> dict[str, Any]:
    return jobs_of(text, region)[i]


def test_simple_post() -> None:
    j = job("明天要3个搬运工,150一天,电话13800001111", "木鱼镇")
    assert j["work_type"] == "搬运工" and j["headcount"] == 3
    assert j["start_date"] == "2026-11-27"
    assert (j["wage_min"], j["wage_max"], j["wage_unit"]) == (150, 150, "day")
    assert j["phone"] == "13800001111" and j["township"] == "木鱼镇" and j["village"] is None
    assert j["perks"] == [] and j["gender"] is None


def test_two_jobs_with_labelled_wages() -> None:
    jobs = jobs_of("招泥工2名、小工3名，大工300小工180，松柏镇")
    assert [(j["work_type"], j["headcount"], j["wage_min"], j["wage_unit"]) for j in jobs] == [
        ("泥瓦工", 2, 300, None),
        ("小工", 3, 180, None),
    ]
    assert all(j["township"] == "松柏镇" for j in jobs)


def test_two_jobs_by_gender() -> None:
    jobs = jobs_of("明天摘茶叶，女工180 男工220，宋洛乡")
    assert [(j["gender"], j["wage_min"]) for j in jobs] == [("female", 180), ("male", 220)]


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("要七八个小工 150一天", "headcount", 8),
        ("要两三个小工 150一天", "headcount", 3),
        ("要十来个人挖洋芋 150一天", "headcount", 10),
        ("要个打扫卫生的 一天120", "headcount", 1),
        ("招打包工若干，计件，5毛一件", "headcount", None),
        ("招打包工若干，计件，5毛一件", "wage_unit", "piece"),
        ("招打包工若干，计件，5毛一件", "wage_min", 0.5),
        ("招保安一名，月薪3500", "wage_unit", "month"),
        ("招钟点工 20元/小时", "wage_unit", "hour"),
        ("小工 150 明早", "wage_unit", None),
        ("要3个人卸一车水泥 给八百", "wage_unit", "job"),
        ("招小工 一天200 日结", "settlement", "daily"),
        ("招木工 一天300 完工结", "settlement", "on_completion"),
        ("招木工 一天300 周结", "settlement", None),
        ("招服务员 包住不包吃 一天100", "perks", ["lodging"]),
        ("招服务员 包吃住 一天100", "perks", ["lodging", "meals"]),
        ("招小工 男女不限 150一天", "gender", None),
        ("招小工 限女工 150一天", "gender", "female"),
        ("招保安 55岁以下 月薪2800", "age_max", 55),
        ("招服务员 18岁以上 一天100", "age_min", 18),
        ("招小工 150一天 联系张老板 0719-3331234", "phone", "07193331234"),
        ("招小工 150一天 联系张老板 0719-3331234", "contact", "张老板"),
        ("招小工 150一天 联系138****5678 李姐", "phone", None),
        ("招小工 150一天 QQ 375529910", "phone", None),
        ("招小工 150一天 地点九湖镇", "township", "大九湖镇"),
        ("招小工 150一天 白连村", "village", "白莲村"),
        ("招小工 150一天 在松柏", "village", None),
        ("宜昌工地要钢筋工 一天四百", "township", None),
        ("诚招泥工两名 一天三百", "wage_min", 300),
        ("工期半个月 要泥工 一天300", "duration_days", 15),
    ],
)
def test_conventions(text: str, key: str, value: object) -> None:
    assert job(text, "松柏镇")[key] == value


def test_out_of_county_place_does_not_fall_back() -> None:
    assert job("宜昌工地要钢筋工 一天四百", "松柏镇")["township"] is None


def test_route_is_not_the_workplace() -> None:
    assert job("招货车司机一名 跑宜昌线 月薪6000", "松柏镇")["township"] == "松柏镇"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("收到", "other"),
        ("包吃吗?", "other"),
        ("人已招满，谢谢大家", "other"),
        ("卖土豆，一块二一斤，13886612345", "other"),
        ("出租挖机 300一天", "other"),
        ("我去，今天这雪下得好大", "other"),
        ("明天我去不了了", "other"),
        ("我去", "claim"),
        ("报名", "claim"),
        ("+1", "claim"),
        ("接单", "claim"),
        ("还要人不?我可以", "claim"),
        ("找活 会开车 松柏镇", "work_seek"),
        ("承接各类装修 水电 贴砖", "work_seek"),
        ("手机刷单兼职，日赚300", "job_post"),
    ],
)
def test_intent_traps(text: str, intent: str) -> None:
    assert parse(text, NOW).intent == intent


def test_claim_counts() -> None:
    for text, n in (("我报2个人", 2), ("我们3个人", 3), ("我去", 1)):
        c = parse(text, NOW).claim
        assert c is not None and c.count == n, text


def test_seek() -> None:
    text = "本人会电焊 也会开车 明天就可以上班 150以上 电话13971876655"
    p = parse(text, NOW, chat_region="红坪镇")
    assert p.intent == "work_seek" and p.seek is not None
    assert p.seek.work_types == ["焊工", "司机"]
    assert p.seek.township == "红坪镇" and p.seek.phone == "13971876655"
    assert p.seek.available_date == dt.date(2026, 11, 27)
    assert p.seek.min_wage == 150
    assert p.to_contract("s")["extra"]["min_wage"] == 150  # type: ignore[index]


def test_extract_fields_only_states_what_is_written() -> None:
    assert extract_fields("工价200", NOW) == {"wage_min": 200, "wage_max": 200}
    assert extract_fields("改成后天", NOW) == {"start_date": dt.date(2026, 11, 28)}
    assert extract_fields("电话13800001111", NOW) == {"phone": "13800001111"}
    got = extract_fields("地点木鱼镇青天村", NOW)
    assert (got["township"], got["village"]) == ("木鱼镇", "青天村")
    assert extract_fields("工种 泥瓦工", NOW) == {"work_type": "泥瓦工"}


def test_work_type_of_by_synonym_and_meaning() -> None:
    assert work_type_of("砌墙") == "泥瓦工"
    assert work_type_of("伐木工") == "林业工"
    assert work_type_of("大扫除") == "保洁员"
    assert work_type_of("吃饭") is None


def test_stream_errors_per_line_and_order() -> None:
    lines = [
        json.dumps({"id": "a", "text": "明天要3个搬运工,150一天", "now": NOW.isoformat()}),
        "not json",
        json.dumps({"id": "c", "now": NOW.isoformat()}),
        json.dumps({"id": "d", "text": "收到", "now": NOW.isoformat(), "chat_region": "松柏镇"}),
    ]
    out = io.StringIO()
    assert run_parse(io.StringIO("\n".join(lines) + "\n"), out) == 0
    res = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [r.get("id") for r in res] == ["a", None, "c", "d"]
    assert res[0]["intent"] == "job_post" and res[0]["jobs"][0]["headcount"] == 3
    assert "error" in res[1] and "error" in res[2]
    assert res[3] == {"id": "d", "intent": "other", "jobs": [], "seek": None, "claim": None,
                      "extra": res[3]["extra"]}


def test_stream_uses_a_county_imported_into_data_dir(tmp_path: Path) -> None:
    from nlp.gazetteer import Gazetteer, Place, write_gazetteer_csv

    county = Place("420526", "兴山县", "county", "", (), ())
    town = Place("420526100", "古夫镇", "township", "420526", ("古夫",), ())
    village = Place("420526100201", "平水村", "village", "420526100", ("平水",), ())
    write_gazetteer_csv(Gazetteer(county=county, places=[town, village]),
                        tmp_path / "regions_420526.csv")
    line = json.dumps({"id": "x", "text": "兴山平水村要2个小工 150一天", "now": NOW.isoformat()})
    out = io.StringIO()
    assert run_parse(io.StringIO(line + "\n"), out, "420526", tmp_path) == 0
    job = json.loads(out.getvalue())["jobs"][0]
    assert (job["township"], job["village"], job["headcount"]) == ("古夫镇", "平水村", 2)
    # the default county still comes from the shipped table when data_dir lacks it
    out = io.StringIO()
    line = json.dumps({"id": "y", "text": "松柏镇要2个小工", "now": NOW.isoformat()})
    assert run_parse(io.StringIO(line + "\n"), out, "429021", tmp_path) == 0
    assert json.loads(out.getvalue())["jobs"][0]["township"] == "松柏镇"


def test_stream_unknown_county_answers_every_line_with_an_error(tmp_path: Path) -> None:
    lines = [json.dumps({"id": i, "text": "明天要3个搬运工", "now": NOW.isoformat()})
             for i in ("a", "b")]
    out = io.StringIO()
    assert run_parse(io.StringIO("\n".join(lines) + "\nnot json\n"), out, "999999", tmp_path) == 0
    res = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [r["id"] for r in res] == ["a", "b", None]
    assert all("error" in r for r in res)
    assert "unknown county 999999" in res[0]["error"]


def _stdio(data: bytes) -> tuple[io.TextIOWrapper, io.TextIOWrapper, io.BytesIO]:
    """stdin and stdout as a process has them: strict UTF-8 text over bytes."""
    raw_out = io.BytesIO()
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="strict")
    stdout = io.TextIOWrapper(raw_out, encoding="utf-8", errors="strict")
    return stdin, stdout, raw_out


def test_stream_answers_a_line_that_is_not_utf8_and_goes_on() -> None:
    good = json.dumps({"id": "a", "text": "明天要3个搬运工", "now": NOW.isoformat()},
                      ensure_ascii=False).encode()
    bad = '{"id": "b", "text": "招小工 '.encode() + b"\xff\xfe" + b'"}'
    garbage = b"\xc3\x28 not even json"
    last = json.dumps({"id": "d", "text": "我去", "now": NOW.isoformat()}).encode()
    stdin, stdout, raw = _stdio(b"\n".join([good, bad, garbage, last]) + b"\n")
    assert run_parse(stdin, stdout) == 0
    res = [json.loads(x) for x in raw.getvalue().decode("utf-8").splitlines()]
    assert [r["id"] for r in res] == ["a", "b", None, "d"]
    assert res[0]["intent"] == "job_post" and res[3]["intent"] == "claim"
    assert "UTF-8" in res[1]["error"] and "UTF-8" in res[2]["error"]


def test_stream_echoes_an_id_with_a_lone_surrogate() -> None:
    lines = [r'{"id": "x\ud800", "text": "明天要3个搬运工", "now": "2026-11-26T08:00:00+08:00"}',
             r'{"id": "y", "text": "招\udc00小工 两名", "now": "2026-11-26T08:00:00+08:00"}',
             r'{"id": "z", "text": "收到"}']
    stdin, stdout, raw = _stdio(("\n".join(lines) + "\n").encode())
    assert run_parse(stdin, stdout) == 0
    res = [json.loads(x) for x in raw.getvalue().decode("utf-8").splitlines()]
    assert [r["id"] for r in res] == ["x\ud800", "y", "z"]
    assert res[0]["jobs"][0]["work_type"] == "搬运工"
    assert res[1]["intent"] == "job_post" and res[1]["jobs"][0]["headcount"] == 2


def test_lingong_parse_process_with_bad_bytes_and_surrogates() -> None:
    import subprocess
    import sys

    data = (b'{"id": "1", "text": "\xff"}\n'
            + rb'{"id": "\ud800", "text": "150" }' + b"\n"
            + '{"id": "3", "text": "明天要3个搬运工"}\n'.encode())
    p = subprocess.run([sys.executable, "-m", "bot.cli", "parse"], input=data,
                       capture_output=True, cwd=Path(__file__).resolve().parent.parent,
                       env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8:strict"},
                       timeout=120)
    assert p.returncode == 0, p.stderr
    res = [json.loads(x) for x in p.stdout.decode("utf-8").splitlines()]
    assert [r["id"] for r in res] == ["1", "\ud800", "3"]
    assert "error" in res[0] and "error" not in res[1] and res[2]["intent"] == "job_post"
