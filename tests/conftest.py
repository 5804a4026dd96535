from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conversation import Conversation


@pytest.fixture
def chat() -> Iterator[Conversation]:
    conv = Conversation()
    yield conv
    conv.close()
