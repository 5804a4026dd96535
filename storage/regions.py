"""The Region table, filled from a gazetteer (shipped, or built from the NBS tables)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from nlp.gazetteer import Gazetteer
from storage.models import Region


def import_gazetteer(session: Session, gazetteer: Gazetteer) -> int:
    """Insert or update every place of the county; returns how many rows changed."""
    changed = 0
    county = gazetteer.county.code
    places = [gazetteer.county, *gazetteer.places]
    # One read for the whole county, not one per place: this runs at every start.
    rows = {r.code: r for r in session.exec(
        select(Region).where(col(Region.code).in_([p.code for p in places])))}
    for place in places:
        aliases = "|".join(dict.fromkeys([*place.aliases, *place.ambiguous]))
        row = rows.get(place.code)
        if row is None:
            row = Region(code=place.code, name=place.name, level=place.level,
                         parent_code=place.parent_code, county_code=county, aliases=aliases)
        elif (row.name, row.level, row.parent_code, row.aliases) == (
            place.name, place.level, place.parent_code, aliases
        ):
            continue
        else:
            row.name, row.level, row.parent_code, row.aliases = (
                place.name, place.level, place.parent_code, aliases)
        session.add(row)
        changed += 1
    session.flush()
    return changed
