"""Issue 10: a post typed in pieces whose phone comes first or in the middle (`y02`, `y03`):
the last piece, a piece of a post with no phone, is read with the sender's short messages
before it, one bare phone among them. Chatter after a bare phone, someone else's pieces, and
a phone that ended an earlier post stay apart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conversation import Conversation, to

PHONE = "13986521407"


@pytest.fixture
def chat() -> Iterator[Conversation]:
    conv = Conversation(start="2027-08-03 19:20", autobind=True)
    conv.say("@group 落羊河村群 落羊河村")
    yield conv
    conv.close()


# ==== the phone first, or between the pieces: one post


def test_the_phone_first_then_the_work_then_the_count_and_pay(chat: Conversation) -> None:
    assert chat.say(f"向老汉@落羊河村群: {PHONE}") == []
    assert chat.say("向老汉@落羊河村群: 后天挖洋芋") == []
    out = chat.say("向老汉@落羊河村群: 要仨人 两百一天")
    [job] = chat.jobs()
    assert (job["work_type"], job["headcount"], job["wage_min"]) == ("采摘工", 3, 200)
    assert job["start_date"] == "2027-08-05"
    assert any("【招工】" in m for m in to(out, "落羊河村群"))
    assert not any(PHONE in m for m in to(out, "落羊河村群"))


def test_the_phone_between_the_pieces(chat: Conversation) -> None:
    chat.say("邹师傅@落羊河村群: 明天上午帮我搬运家具")
    chat.say(f"邹师傅@落羊河村群: {PHONE}")
    out = chat.say("邹师傅@落羊河村群: 两个人 一人两百")
    [job] = chat.jobs()
    assert (job["work_type"], job["headcount"], job["wage_min"]) == ("搬运工", 2, 200)
    assert not any(PHONE in m for m in to(out, "落羊河村群"))


# ==== look-alikes: what stays apart


def test_chatter_after_a_bare_phone_is_no_post(chat: Conversation) -> None:
    chat.say(f"向老汉@落羊河村群: {PHONE}")
    assert chat.say("向老汉@落羊河村群: 今年洋芋还冇挖") == []
    assert chat.say("向老汉@落羊河村群: 两百一天是少了点") == []
    assert chat.jobs() == []


def test_someone_elses_phone_is_not_the_posters(chat: Conversation) -> None:
    chat.say(f"刘二姐@落羊河村群: {PHONE}")
    chat.say("向老汉@落羊河村群: 后天挖洋芋")
    chat.say("向老汉@落羊河村群: 要仨人 两百一天")
    assert all(job["status"] != "open" for job in chat.jobs())


def test_a_phone_that_ended_an_earlier_post_starts_no_second_copy(chat: Conversation) -> None:
    chat.say(f"向老汉@落羊河村群: 明天挖洋芋要3个 150 {PHONE}")
    [first] = chat.jobs()
    assert first["headcount"] == 3
    out = chat.say("向老汉@落羊河村群: 还要两个人 一天一百五")
    # the earlier post's words are not read again with it: no 「登记过了」 for a post never repeated
    assert not any("登记过" in m for m in to(out, "落羊河村群"))
    assert chat.jobs() == [first]


def test_a_bare_phone_long_before_does_not_run_on(chat: Conversation) -> None:
    chat.say(f"向老汉@落羊河村群: {PHONE}")
    chat.say("@wait 15m")
    chat.say("向老汉@落羊河村群: 后天挖洋芋")
    chat.say("向老汉@落羊河村群: 要仨人 两百一天")
    assert all(job["status"] != "open" for job in chat.jobs())


def test_a_post_in_pieces_after_another_keeps_to_its_own_phone(chat: Conversation) -> None:
    for piece in ["明天", "挖洋芋", "要3个", "150", "电话13972285613"]:
        chat.say(f"向老汉@落羊河村群: {piece}")
    [first] = chat.jobs()
    chat.say(f"向老汉@落羊河村群: {PHONE}")
    chat.say("向老汉@落羊河村群: 后天砍柴")
    out = chat.say("向老汉@落羊河村群: 要两个 两百一天")
    first_now, second = chat.jobs()
    assert first_now == first
    assert (second["headcount"], second["wage_min"], second["start_date"]) == (2, 200, "2027-08-05")
    assert any("139****1407" in m for m in to(out, "落羊河村群"))
