"""Round 12 (issue 10): kinds found by the eighteenth round's conversations, fixed by mechanism.

Every sentence is new (none is a line of a conversation), and each behaviour is shown with the
look-alikes that must not trigger it. Each block is self-contained (its own imports).
"""

from __future__ import annotations

# ==== the words of a 订阅 command read as a wish (seek_of), whatever the message looks like


def test_the_words_of_a_subscription_read_as_a_wish() -> None:
    import datetime as dt

    from nlp import parse, seek_of

    now = dt.datetime(2027, 4, 12, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    words = "搬运的活 在红坪那边的 一百八以下的就不做了"
    seek = seek_of(words, now)
    assert seek.work_types == ["搬运工"]
    assert seek.township == "红坪镇"
    assert seek.min_wage == 180
    # the message itself is still read as it looks (a work and a wage: a post's words)
    assert parse(words, now).intent != "work_seek"


def test_a_wish_naming_nothing_reads_as_an_empty_seek() -> None:
    import datetime as dt

    from nlp import seek_of

    now = dt.datetime(2027, 4, 12, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    seek = seek_of("那个 我再想想", now)
    assert seek.work_types == [] and seek.township is None and seek.min_wage is None
