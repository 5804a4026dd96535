"""The console channel: the embedded default, and the chat-script contract's printer.

Chat ids: ``console:group:NAME`` for a group, ``console:dm:NAME`` for NAME's private chat;
a person is ``console:NAME``.
"""

from __future__ import annotations

import itertools
import sys
import time
from typing import TextIO

from bot.adapters.base import Inbound, Limits, Outgoing

GROUP_PREFIX = "console:group:"
DM_PREFIX = "console:dm:"


def group_chat_id(name: str) -> str:
    return GROUP_PREFIX + name


def dm_chat_id(name: str) -> str:
    return DM_PREFIX + name


def person_id(name: str) -> str:
    return "console:" + name


def display_name(chat_id: str) -> str:
    for prefix in (GROUP_PREFIX, DM_PREFIX):
        if chat_id.startswith(prefix):
            return chat_id[len(prefix) :]
    return chat_id


class ConsoleAdapter:
    """Prints what the bot sends, in the contract's format. Receiving is the player's job."""

    platform = "console"
    limits = Limits(per_second_total=0, per_minute_per_group=0, per_second_per_chat=0,
                    max_text=4096)
    supports_buttons = True
    supports_edit = True
    supports_files = False  # a chat script shows a file's text as messages

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        # Unique across runs against one database, so stored ids never collide.
        self._ids = itertools.count(time.time_ns() // 1000)

    async def start(self, inbound: Inbound) -> None:
        self.inbound = inbound

    async def stop(self) -> None:
        return None

    async def send(self, out: Outgoing) -> str:
        mark = "✎" if out.edit_of else "→"
        lines = out.text.split("\n") if out.text else [""]
        text = "\n  ".join(lines)
        buttons = " ".join(f"[{b.label}]" for b in out.buttons)
        print(f"{mark} {display_name(out.chat_id)}: {text}", file=self.out)
        if buttons:
            print(f"  {buttons}", file=self.out)
        self.out.flush()
        return out.edit_of or self.new_id("b")

    def new_id(self, kind: str) -> str:
        """A fresh platform message id: ``m`` for people's messages, ``b`` for the bot's."""
        return f"console:{kind}{next(self._ids)}"
