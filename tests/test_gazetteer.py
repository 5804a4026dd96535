from __future__ import annotations

from pathlib import Path

import pytest

from nlp.gazetteer import gazetteer_from_nbs, load_gazetteer, write_gazetteer_csv

NBS = Path("/work/shared/data/regions/nbs-2023")


def test_shipped_county_has_townships_and_villages() -> None:
    g = load_gazetteer()
    assert g.county.name == "神农架林区"
    towns = [p for p in g.places if p.level == "township"]
    assert len(towns) == 8
    assert len([p for p in g.places if p.level == "village"]) == 79
    song = g.by_name("松柏镇")
    assert song is not None
    assert {c.name for c in g.children(song.code)} >= {"松柏村", "八角庙村", "狮象坪社区"}
    assert g.subtree_codes(song.code) >= {song.code, g.by_name("八角庙村").code}  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("九湖镇", "大九湖镇"),
        ("下谷坪乡", "下谷坪土家族乡"),
        ("樟树坪", "新华镇樟树坪社区"),
        ("白连村", "白莲村"),
        ("阴峪河村", "红坪镇"),  # a vanished village maps to its township
        ("松柏", "松柏镇"),  # a stem shared by a township and its village → the township
        ("红花坪", "木鱼镇"),  # a stem shared by two places of one township → the township
        ("青天", "青天村"),
        ("八角庙村", "八角庙村"),
    ],
)
def test_resolve_aliases_old_names_and_stems(written: str, canonical: str) -> None:
    p = load_gazetteer().resolve(written)
    assert p is not None and p.name == canonical


def test_unknown_and_out_of_county_names_do_not_resolve() -> None:
    g = load_gazetteer()
    assert g.resolve("宜昌") is None
    assert g.resolve("房县") is None
    assert g.resolve("") is None


def test_township_of() -> None:
    g = load_gazetteer()
    v = g.by_name("青天村")
    assert v is not None
    t = g.township_of(v)
    assert t is not None and t.name == "木鱼镇"
    assert g.township_of(g.county) is None


@pytest.mark.skipif(not NBS.exists(), reason="NBS tables not available")
def test_build_from_nbs_and_round_trip(tmp_path: Path) -> None:
    g = gazetteer_from_nbs(NBS, "429021")
    assert len(g.places) == 87
    p = g.resolve("樟树坪")
    assert p is not None and p.name == "新华镇樟树坪社区"
    assert g.resolve("阳日") is not None and g.resolve("阳日").level == "township"  # type: ignore[union-attr]
    write_gazetteer_csv(g, tmp_path / "regions_429021.csv")
    h = load_gazetteer("429021", tmp_path)
    assert [(p.code, p.name, p.aliases, p.ambiguous) for p in h.places] == [
        (p.code, p.name, p.aliases, p.ambiguous) for p in g.places
    ]


def test_contains_walks_up_the_tree() -> None:
    from nlp.gazetteer import load_gazetteer

    g = load_gazetteer()
    county, muyu = g.county.code, g.by_name("木鱼镇")
    qingtian, songbai = g.by_name("青天村"), g.by_name("松柏镇")
    assert muyu is not None and qingtian is not None and songbai is not None
    assert g.contains(county, qingtian.code) and g.contains(muyu.code, qingtian.code)
    assert g.contains(qingtian.code, qingtian.code)
    assert not g.contains(songbai.code, qingtian.code)
    assert not g.contains(qingtian.code, muyu.code)
    assert not g.contains(muyu.code, "999999999999")
