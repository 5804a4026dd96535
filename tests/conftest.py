from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.conversation import Conversation


@pytest.fixture
def chat() -> Iterator[Conversation]:
    from tests.conversation import Conversation

    conv = Conversation()
    yield conv
    conv.close()
