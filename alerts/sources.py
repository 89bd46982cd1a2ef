"""What can cause an alert. Each app registers a source in its ``AppConfig.ready``::

    from alerts import sources
    sources.register("events", new_events)

A source is ``func(since, now) -> list[Item]``: what happened in that window. It may return
the same thing on every scan of the window; the ``key`` makes it one occurrence. The
procedure sources (phases, deadlines, results, new procedures) live in ``alerts.procedures``
because ``alerts`` stands above ``cms``.

Participants of a procedure (for the staff's message to them) come the same way:
``sources.register_participants("events", func)`` with ``func(procedure) -> list[Participant]``
of those who agreed to be contacted.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Item:
    kind: str  # an OccurrenceKind
    key: str
    title: str
    url: str
    text: str = ""
    procedure_id: int | None = None
    organisation_id: int | None = None
    topics: list[str] = field(default_factory=list)
    latitude: float | None = None
    longitude: float | None = None
    geometry: dict | None = None
    place: str = ""
    happened_at: datetime.datetime | None = None
    for_followers_of_procedure: bool = True
    for_followers_of_area: bool = True


@dataclass(frozen=True)
class Participant:
    email: str
    name: str = ""
    language: str = ""


SOURCES: dict[str, Callable] = {}
PARTICIPANTS: dict[str, Callable] = {}


def register(name: str, func: Callable) -> None:
    SOURCES[name] = func


def register_participants(name: str, func: Callable) -> None:
    PARTICIPANTS[name] = func
