"""An aiogram-style router: decorators, explicit ``include``, first match wins.

A filter takes the :class:`Context` and returns ``bool`` or a ``dict``; a dict both means "match"
and adds its items to what the handler may ask for by parameter name. There is no global
registry: the app builds one root router and includes the others in order.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from bot.message import Message, Reply
from storage.models import Group, Person

if TYPE_CHECKING:
    from bot.config import Settings
    from nlp.gazetteer import Gazetteer

FilterResult = bool | dict[str, Any]
Filter = Callable[["Context"], FilterResult]
HandlerResult = str | Reply | list[Reply] | list[str | Reply] | None
Handler = Callable[..., HandlerResult]


@dataclass
class Context:
    """Everything a filter or handler may look at for one inbound message."""

    message: Message
    session: Session
    now: datetime
    person: Person
    group: Group | None
    settings: Settings
    gazetteer: Gazetteer
    data: dict[str, Any] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)

    def injectable(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "ctx": self,
            "message": self.message,
            "session": self.session,
            "now": self.now,
            "person": self.person,
            "group": self.group,
            "settings": self.settings,
            "gazetteer": self.gazetteer,
            "text": self.message.text,
        }
        values.update(self.data)
        return values


@dataclass(frozen=True)
class Route:
    kind: str  # "message" | "button"
    filters: tuple[Filter, ...]
    handler: Handler
    name: str

    def for_chat(self, private: bool) -> Route | None:
        """The route as it reads in a private chat or a group: None when a chat-kind filter
        (``bot.filters.private``, ``in_group``) rules it out there, else without those
        filters (they hold). A message then tries only the routes its chat can match."""
        kept: list[Filter] = []
        for flt in self.filters:
            wants = getattr(flt, "private_chat", None)
            if wants is None:
                kept.append(flt)
            elif wants != private:
                return None
        return self if len(kept) == len(self.filters) else replace(self, filters=tuple(kept))


class Router:
    def __init__(self, name: str = "root") -> None:
        self.name = name
        self._routes: list[Route] = []
        self._children: list[Router] = []
        # The routes a message may match, by (kind, private chat): made at the first message,
        # made again when a route is added here or below.
        self._tables: dict[tuple[str, bool], list[Route]] = {}
        self._parents: list[Router] = []

    def message(self, *filters: Filter) -> Callable[[Handler], Handler]:
        """Handle a text (or other content) message when every filter matches."""
        return self._register("message", filters)

    def button(self, *filters: Filter) -> Callable[[Handler], Handler]:
        """Handle a button press (``Message.button_data`` set)."""
        return self._register("button", filters)

    def include(self, *routers: Router) -> None:
        for router in routers:
            if router is self or self in router._walk_routers():
                raise ValueError(f"router {router.name!r} would include itself")
            self._children.append(router)
            router._parents.append(self)
        self._changed()

    def _register(self, kind: str, filters: tuple[Filter, ...]) -> Callable[[Handler], Handler]:
        def decorator(handler: Handler) -> Handler:
            self._routes.append(Route(kind, filters, handler, f"{self.name}.{handler.__name__}"))
            self._changed()
            return handler

        return decorator

    def _walk_routers(self) -> Iterator[Router]:
        yield self
        for child in self._children:
            yield from child._walk_routers()

    def routes(self) -> Iterator[Route]:
        """All routes in match order: a router's own first, then its children's in order."""
        for router in self._walk_routers():
            yield from router._routes

    def table(self, kind: str, private: bool) -> list[Route]:
        """The routes, in match order, that a message of ``kind`` in a private chat or a
        group may match (``Route.for_chat``)."""
        key = (kind, private)
        found = self._tables.get(key)
        if found is None:
            found = []
            for route in self.routes():
                fitted = route.for_chat(private) if route.kind == kind else None
                if fitted is not None:
                    found.append(fitted)
            self._tables[key] = found
        return found

    def _changed(self) -> None:
        """A route was added here or below: this router's tables and its includers' are
        made again."""
        self._tables.clear()
        for parent in self._parents:
            parent._changed()

    def resolve(self, ctx: Context) -> tuple[Route, dict[str, Any]] | None:
        kind = "button" if ctx.message.button_data is not None else "message"
        for route in self.table(kind, ctx.message.chat.is_private):
            data = _match(route.filters, ctx)
            if data is not None:
                return route, data
        return None

    def dispatch(self, ctx: Context) -> tuple[Route, list[Reply]] | None:
        found = self.resolve(ctx)
        if found is None:
            return None
        route, data = found
        ctx.data.update(data)
        result = call_with_injection(route.handler, ctx.injectable())
        return route, as_replies(result)


def _match(filters: tuple[Filter, ...], ctx: Context) -> dict[str, Any] | None:
    data: dict[str, Any] = {}
    saved: dict[str, Any] | None = None  # copied only once a filter finds something
    try:
        for flt in filters:
            result = flt(ctx)
            if result is False or result is None:
                return None
            if isinstance(result, dict):
                data.update(result)
                # later filters see what earlier ones found
                if saved is None:
                    saved = dict(ctx.data)
                ctx.data.update(result)
        return data
    finally:
        if saved is not None:
            ctx.data.clear()
            ctx.data.update(saved)


_SIGNATURES: dict[Callable[..., Any], inspect.Signature] = {}


def call_with_injection(func: Callable[..., Any], values: dict[str, Any]) -> Any:
    """Call ``func`` with the values its parameters name; ``**kwargs`` takes everything."""
    sig = _SIGNATURES.get(func)
    if sig is None:
        sig = _SIGNATURES[func] = inspect.signature(func)
    kwargs: dict[str, Any] = {}
    for name, param in sig.parameters.items():
        if param.kind is inspect.Parameter.VAR_KEYWORD:
            return func(**values)
        if name in values:
            kwargs[name] = values[name]
        elif param.default is inspect.Parameter.empty:
            raise TypeError(f"handler {func.__qualname__} needs {name!r}, which nothing provides")
    return func(**kwargs)


def as_replies(result: HandlerResult) -> list[Reply]:
    if result is None:
        return []
    if isinstance(result, str | Reply):
        result = [result]
    return [Reply(text=r) if isinstance(r, str) else r for r in result]
