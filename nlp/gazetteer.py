"""The county gazetteer: townships and villages with codes, aliases and ambiguous stems.

Shipped data: nlp/data/regions_<code>.csv (columns: code, name, level, parent_code, nbs_name,
aliases, ambiguous_aliases, note; list fields are '|'-separated). Other counties can be built
from the NBS 2023 division tables with gazetteer_from_nbs().
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

Level = Literal["county", "township", "village"]

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_COUNTY = "429021"
CSV_FIELDS = (
    "code", "name", "level", "parent_code", "nbs_name", "aliases", "ambiguous_aliases", "note",
)

# NBS suffixes of village-level committees, longest first, and the canonical ending each keeps.
_VILLAGE_SUFFIXES = (
    ("社区居民委员会", "社区"),
    ("社区居委会", "社区"),
    ("村村民委员会", "村"),
    ("村民委员会", "村"),
    ("居民委员会", "社区"),
    ("村委会", "村"),
    ("居委会", "社区"),
)
_TOWN_SUFFIXES = ("土家族乡", "民族乡", "街道", "镇", "乡")


@dataclass(frozen=True)
class Place:
    """One administrative unit."""

    code: str
    name: str
    level: Level
    parent_code: str
    aliases: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    nbs_name: str = ""
    note: str = ""


@dataclass
class Gazetteer:
    """A county with its townships and villages, indexed by code and by name."""

    county: Place
    places: list[Place]
    _by_code: dict[str, Place] = field(default_factory=dict, repr=False)
    _by_name: dict[str, Place] = field(default_factory=dict, repr=False)
    _stems: dict[str, list[Place]] = field(default_factory=dict, repr=False)
    _children: dict[str, list[Place]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        everything = [self.county, *self.places]
        for p in everything:
            self._by_code[p.code] = p
            self._children.setdefault(p.parent_code, []).append(p)
        # Canonical names win over aliases; an alias that is ambiguous is never a direct name.
        for p in everything:
            self._by_name.setdefault(p.name, p)
        for p in everything:
            for a in p.aliases:
                if a not in p.ambiguous:
                    self._by_name.setdefault(a, p)
                self._stems.setdefault(a, []).append(p)
            for a in p.ambiguous:
                lst = self._stems.setdefault(a, [])
                if p not in lst:
                    lst.append(p)

    def by_code(self, code: str) -> Place | None:
        return self._by_code.get(code)

    def by_name(self, name: str) -> Place | None:
        """A place by canonical name or unambiguous alias."""
        return self._by_name.get(name)

    def township_of(self, place: Place) -> Place | None:
        """The township a place is in (itself for a township; None for the county)."""
        if place.level == "township":
            return place
        if place.level == "village":
            return self._by_code.get(place.parent_code)
        return None

    def children(self, code: str) -> list[Place]:
        return list(self._children.get(code, ()))

    def contains(self, ancestor: str, code: str) -> bool:
        """Whether ``code`` is ``ancestor`` or lies below it (walks up, no set built)."""
        seen = 0
        place = self._by_code.get(code)
        while place is not None and seen < 8:
            if place.code == ancestor:
                return True
            place = self._by_code.get(place.parent_code)
            seen += 1
        return False

    def subtree_codes(self, code: str) -> set[str]:
        """The code and every code below it."""
        out: set[str] = set()
        todo = [code]
        while todo:
            c = todo.pop()
            if c in out:
                continue
            out.add(c)
            todo.extend(p.code for p in self._children.get(c, ()))
        return out

    def candidates(self, name: str) -> list[Place]:
        """Every place a written name could mean (canonical, alias or stem)."""
        direct = self._by_name.get(name)
        stems = self._stems.get(name, [])
        if direct is not None and direct.name == name:
            return [direct]
        if direct is not None and len(stems) <= 1:
            return [direct]
        return list(stems) if stems else ([direct] if direct else [])

    def resolve(self, name: str) -> Place | None:
        """Canonical name, alias or unambiguous stem. A stem shared by a township and places in
        it resolves to the township; one shared across townships resolves to nothing."""
        cands = self.candidates(name)
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        towns = {t.code for c in cands if (t := self.township_of(c)) is not None}
        if len(towns) == 1:
            return self._by_code[towns.pop()]
        return None

    def names(self) -> list[str]:
        """Every written form the gazetteer knows (canonical names, aliases, stems)."""
        seen: dict[str, None] = {}
        for p in [self.county, *self.places]:
            seen[p.name] = None
            for a in (*p.aliases, *p.ambiguous):
                seen[a] = None
        return list(seen)


def _split(s: str) -> tuple[str, ...]:
    return tuple(x for x in (s or "").split("|") if x)


def _read_rows(rows: Iterable[dict[str, str]]) -> Gazetteer:
    county: Place | None = None
    places: list[Place] = []
    for r in rows:
        level = r["level"]
        if level not in ("county", "township", "village"):
            continue
        p = Place(
            code=r["code"],
            name=r["name"],
            level=level,  # type: ignore[arg-type]
            parent_code=r.get("parent_code") or "",
            aliases=_split(r.get("aliases", "")),
            ambiguous=_split(r.get("ambiguous_aliases", "")),
            nbs_name=r.get("nbs_name") or "",
            note=r.get("note") or "",
        )
        if level == "county":
            county = p
        else:
            places.append(p)
    if county is None:
        raise ValueError("gazetteer has no county row")
    return Gazetteer(county=county, places=places)


@lru_cache(maxsize=16)
def _load_cached(county_code: str, data_dir: str) -> Gazetteer:
    path = Path(data_dir) / f"regions_{county_code}.csv"
    if not path.exists() and county_code == DEFAULT_COUNTY:
        path = DATA_DIR / f"regions_{county_code}.csv"
    with open(path, encoding="utf-8", newline="") as f:
        return _read_rows(csv.DictReader(f))


def load_gazetteer(county_code: str = DEFAULT_COUNTY, data_dir: Path | None = None) -> Gazetteer:
    """Load a county's gazetteer (cached): the shipped CSV or <data_dir>/regions_<code>.csv."""
    return _load_cached(county_code, str(data_dir or DATA_DIR))


def _read_gz(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _village_forms(nbs_name: str) -> tuple[str, str]:
    """(canonical name, stem) from an NBS committee name ('松柏村委会' → '松柏村', '松柏')."""
    for suffix, ending in _VILLAGE_SUFFIXES:
        if nbs_name.endswith(suffix) and len(nbs_name) > len(suffix):
            stem = nbs_name[: -len(suffix)]
            if ending == "社区" and stem.endswith("社区"):
                stem = stem[:-2]
            return stem + ending, stem
    for ending in ("社区", "村"):
        if nbs_name.endswith(ending) and len(nbs_name) > len(ending):
            return nbs_name, nbs_name[: -len(ending)]
    return nbs_name, nbs_name


def _town_stem(name: str) -> str:
    for suffix in _TOWN_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def gazetteer_from_nbs(nbs_dir: Path, county_code: str) -> Gazetteer:
    """Build a county from the NBS 2023 tables (areas, streets, villages .csv.gz)."""
    areas = {r["code"]: r for r in _read_gz(nbs_dir / "areas.csv.gz")}
    if county_code not in areas:
        raise ValueError(f"unknown county code {county_code}")
    area = areas[county_code]
    county = Place(
        code=county_code,
        name=area["name"],
        level="county",
        parent_code=area.get("cityCode", ""),
        aliases=(_town_stem(area["name"]),) if _town_stem(area["name"]) != area["name"] else (),
        nbs_name=area["name"],
    )
    towns = [r for r in _read_gz(nbs_dir / "streets.csv.gz") if r["areaCode"] == county_code]
    with gzip.open(nbs_dir / "villages.csv.gz", "rt", encoding="utf-8", newline="") as f:
        villages = [r for r in csv.DictReader(f) if r["areaCode"] == county_code]
    stems: dict[str, list[str]] = {}
    raw: list[tuple[str, str, Level, str, str, str]] = []
    town_names = {t["code"]: t["name"] for t in towns}
    extra: dict[str, tuple[str, ...]] = {}
    for t in towns:
        stem = _town_stem(t["name"])
        raw.append((t["code"], t["name"], "township", county_code, t["name"], stem))
        if t["name"].endswith("族乡"):
            # '下谷坪土家族乡' is written '下谷坪乡' in everyday use
            extra[t["code"]] = (stem + "乡",)
    for v in villages:
        name, stem = _village_forms(v["name"])
        town = town_names.get(v["streetCode"], "")
        if town and stem.startswith(town) and len(stem) > len(town) + 1:
            # NBS sometimes prefixes the township: '新华镇樟树坪社区' is called '樟树坪'
            stem = stem[len(town):]
            extra[v["code"]] = (stem + name[-2:] if name.endswith("社区") else stem + "村",)
        raw.append((v["code"], name, "village", v["streetCode"], v["name"], stem))
    for code, _name, _lvl, _parent, _nbs, stem in raw:
        stems.setdefault(stem, []).append(code)
    places = []
    for code, name, level, parent, nbs, stem in raw:
        aliases = ((stem,) if stem != name else ()) + extra.get(code, ())
        ambiguous = (stem,) if stem != name and len(stems[stem]) > 1 else ()
        places.append(Place(code, name, level, parent, aliases, ambiguous, nbs))
    return Gazetteer(county=county, places=places)


def write_gazetteer_csv(g: Gazetteer, path: Path) -> None:
    """Write a gazetteer in the shipped CSV format."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for p in [g.county, *g.places]:
        w.writerow([
            p.code, p.name, p.level, p.parent_code, p.nbs_name,
            "|".join(p.aliases), "|".join(p.ambiguous), p.note,
        ])
    path.write_text(buf.getvalue(), encoding="utf-8")
