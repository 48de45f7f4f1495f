"""Words for computed prose: counts with their nouns, lists that may be empty.

A sentence written from data must stay true for any count: "1 message survives", "7 messages
survive", and a list with nothing in it said in words, not as "among them: .".
"""

from __future__ import annotations


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` with its noun (and verb) in the right number: ``counted(1, "message survives",
    "messages survive")`` is "1 message survives"."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def listing(items, none: str = "none", sep: str = "; ") -> str:
    """``items`` joined by ``sep``, or ``none`` when there are none."""
    items = [str(i) for i in items]
    return sep.join(items) if items else none


def joined(items, none: str = "none") -> str:
    """``items`` as a reader lists them: "a", "a and b", "a, b and c"; ``none`` when empty."""
    items = [str(i) for i in items]
    if not items:
        return none
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
