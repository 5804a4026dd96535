"""The jieba cut behind the work-type and place finders (nlp/lexicon.py)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp import load_gazetteer, parse
from nlp.extract import find_places
from nlp.lexicon import scan_work_types, segment, tokenize, tokenizer
from nlp.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _works(text: str) -> list[tuple[str, str]]:
    return [(w.word, w.canonical) for w in scan_work_types(text, segment(text))]


def test_lazy_segmentation_is_the_whole_cut() -> None:
    with open(ROOT / "tests" / "data" / "corpus.jsonl", encoding="utf-8") as f:
        texts = [normalize(json.loads(line)["text"]) for line in f]
    for t in texts:
        assert segment(t).tokens() == tokenize(t), t


def test_user_dictionary_keeps_work_types_and_places_whole() -> None:
    assert "搬运工" in tokenize("明天要3个搬运工150一天")
    toks = tokenize("地点木鱼镇青天村")
    assert "木鱼镇" in toks and "青天村" in toks


def test_tokenizer_is_private() -> None:
    import jieba

    t = tokenizer()
    assert t is not jieba.dt
    assert t is tokenizer()  # loaded once
    assert "青天村" not in jieba.dt.FREQ or jieba.dt.FREQ["青天村"] == 0


@pytest.mark.parametrize("text", [
    "出售二手电焊机一台",      # a machine, not 焊工
    "开展电工证培训",          # a certificate
    "买了个小工具",            # 小工 ends inside 工具
    "8小时工作制 月薪3000",    # 小时工 ends inside 工作制
    "安全第一 保安全",         # 保安 ends inside 安全
    "中小工厂",               # 小工 straddles 中小|工厂
    "搬运费200",              # a bill
])
def test_synonym_inside_another_word_is_not_work(text: str) -> None:
    assert _works(text) == []


@pytest.mark.parametrize(("text", "canonical"), [
    ("招电焊工一名", "焊工"),
    ("要人种药材", "种植工"),      # starts inside jieba's '人种' but ends on a boundary
    ("养殖场招人", "养殖工"),      # a workplace holding the task
    ("湿地公园招巡逻员", "保安"),  # a title holding it
    ("植树造林", "林业工"),
])
def test_work_type_in_or_across_tokens(text: str, canonical: str) -> None:
    assert [c for _, c in _works(text)] == [canonical]


def test_places_follow_the_cut() -> None:
    g = load_gazetteer()
    text = "坪阡村口集合 去兴山县城"
    words = [h.word for h in find_places(text, g, segment(text))]
    assert "坪阡村" in words  # the 村 glued to 口 still closes the name
    job = parse("木鱼镇青天村村口 要2个小工 150一天", NOW).jobs[0]
    assert (job.township, job.village) == ("木鱼镇", "青天村")


def test_loading_prints_nothing() -> None:
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "from nlp import warm_up, parse\n"
        "import datetime as dt\n"
        "warm_up(); parse('明天要3个搬运工', dt.datetime.now(dt.timezone.utc))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout == ""
    assert "Building prefix dict" not in r.stderr


def _best_cut(text: str) -> float:
    import time

    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        seg = segment(text)
        scan_work_types(text, seg)
        seg.tokens()
        best = min(best, time.perf_counter() - t)
    return best


def test_one_long_block_is_cut_in_linear_time() -> None:
    # no space or punctuation: jieba sees a single block of 20,000 characters
    unit = "招小工三名一百五一天明天松柏镇八角庙村包吃住卖电焊机"
    tokenizer()
    short = unit * (5_000 // len(unit))
    long = unit * (20_000 // len(unit))
    t_short, t_long = _best_cut(short), _best_cut(long)
    # 4x the text: a quadratic cut would take 16x; allow 2.5x slack for a busy machine
    assert t_long < 2.5 * (len(long) / len(short)) * t_short + 0.05, (t_short, t_long)
    # one 小工 a unit; 电焊机 is a machine even at this length
    works = scan_work_types(long, segment(long))
    assert [w.word for w in works] == ["小工"] * (20_000 // len(unit))


def test_warm_up_teaches_another_countys_places() -> None:
    from nlp import lexicon, warm_up
    from nlp.gazetteer import gazetteer_from_nbs

    g = gazetteer_from_nbs(Path("/work/shared/data/regions/nbs-2023"), "420526")
    # another test may have parsed with this county already (the tokenizer is process-wide)
    lexicon._place_counties.discard(g.county.code)
    warm_up(g)
    assert g.county.code in lexicon._place_counties
    village = next(p for p in g.places if p.level == "village")
    assert village.name in lexicon.tokenizer().FREQ


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="招小工搬运一天百五明木鱼镇松柏村abcAB0123 要电话包吃住", max_size=40))
def test_a_block_is_cut_as_jiebas_own_cut_would(text: str) -> None:
    from nlp.lexicon import _cut_block, _words

    tk = tokenizer()
    for m in jieba.re_han_default.finditer(text):
        block = m.group()
        ends = [0]
        for w in tk.cut(block, HMM=False):
            ends.append(ends[-1] + len(w))
        assert _cut_block(_words(), block, 0) == ends
