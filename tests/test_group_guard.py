"""A group never sees a whole phone number: the last guard before a group send."""

from __future__ import annotations

from tests.conversation import Conversation


def test_a_display_name_that_is_a_phone_is_masked_in_the_group() -> None:
    conv = Conversation()
    try:
        conv.say("""
            @group 青天村群 青天村
            王老板@青天村群: 明天要3个搬运工 150一天 电话13812345678
            """)
        out = conv.say("13912345678@青天村群^: 我去")
        group = [m for m in out if m.startswith(("→ 青天村群:", "✎ 青天村群:"))]
        assert any("139****5678" in m for m in group), out
        assert not any("13912345678" in m for m in group)
        # The claim is his all the same, and privately the number is whole where it belongs.
        assert conv.jobs()[0]["claims"][0]["person"] == "13912345678"
    finally:
        conv.close()
