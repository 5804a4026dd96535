"""Text → meaning for lingong: parse a group message into jobs, a seek or a claim.

Pure: text, a clock and a gazetteer in, data out. Imports nothing else of the project.
"""

from __future__ import annotations

from nlp.extract import mask_phones
from nlp.extract import phone_spans as find_phones
from nlp.gazetteer import Gazetteer, Place, load_gazetteer
from nlp.jobs import Job
from nlp.lexicon import load_work_types, work_type_of
from nlp.parse import ClaimIntent, Parse, Seek, extract_fields, parse, seek_of
from nlp.scam import SCAM_WORDS, scam_word


def warm_up(gazetteer: Gazetteer | None = None) -> None:
    """Load the jieba dictionary with the work types and places, and OpenCC, once (the bot calls
    it at start). Loading the tokenizer loads the shipped county's gazetteer; another county's
    place names (`gazetteer`) are added now too rather than on its first message."""
    from nlp import lexicon, normalize

    lexicon.warm_up()
    normalize.warm_up()
    if gazetteer is not None:
        lexicon.add_places(gazetteer)


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
    "mask_phones",
    "parse",
    "scam_word",
    "seek_of",
    "warm_up",
    "work_type_of",
]
