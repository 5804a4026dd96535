"""Text → meaning for lingong: parse a group message into jobs, a seek or a claim.

Pure: text, a clock and a gazetteer in, data out. Imports nothing else of the project.
"""

from __future__ import annotations

from nlp.extract import phone_spans as find_phones
from nlp.gazetteer import Gazetteer, Place, load_gazetteer
from nlp.lexicon import load_work_types, work_type_of
from nlp.parse import ClaimIntent, Job, Parse, Seek, extract_fields, parse
from nlp.scam import SCAM_WORDS, scam_word


def warm_up() -> None:
    """Load the jieba dictionary with the work types and places, the gazetteer and OpenCC once
    (the bot calls it at start)."""
    from nlp import lexicon, normalize

    lexicon.warm_up()
    normalize.warm_up()
    load_gazetteer()


__all__ = [
    "SCAM_WORDS",
    "ClaimIntent",
    "Gazetteer",
    "Job",
    "Parse",
    "Place",
    "Seek",
    "extract_fields",
    "find_phones",
    "load_gazetteer",
    "load_work_types",
    "parse",
    "scam_word",
    "warm_up",
    "work_type_of",
]
