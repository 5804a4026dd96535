"""The station screen shows the 荣誉榜: consenting, reliable people of its township, no phone."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from bot.web.app import create_app
from tests.conversation import Conversation, to
from tests.test_aftercare import three_paid_days
from tests.web_helpers import settings


def test_the_screen_shows_the_honour_roll_of_consenting_people_only() -> None:
    c = Conversation(settings=settings())
    try:
        c.say("""
            @group 青天村群 青天村
            @group 松柏镇群 松柏镇
            @officer 陈干事 木鱼镇
            陈干事: 你好
            李四: 你好
            赵六: 你好
            王老板: 你好
            """)
        three_paid_days(c)
        c.say("李四: 上榜")  # 赵六 does not consent
        said = "\n".join(to(c.say("陈干事: 大屏 木鱼镇"), "陈干事"))
        found = re.search(r"http://[^/]+(/screen/[\w-]+)", said)
        assert found, said
        web = TestClient(create_app(c.app.engine, c.app.settings, c.app.gazetteer, c.clock),
                         base_url="http://testserver")
        page = web.get(found.group(1) + "/live").text
        assert "荣誉榜" in page and "李四" in page
        assert "赵六" not in page  # reliable too, but never said 上榜
        assert "13812345678" not in page
        # Another township's screen does not carry 木鱼镇's roll.
        said = "\n".join(to(c.say("陈干事: 大屏 松柏镇"), "陈干事"))
        other = re.search(r"http://[^/]+(/screen/[\w-]+)", said)
        if other:  # 陈干事 may not open a screen outside 木鱼镇; then nothing to check
            assert "李四" not in web.get(other.group(1) + "/live").text
    finally:
        c.close()
