"""Splitting a batch so that no statement touches one thing twice."""

from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


def rounds(items: list[T], key: Callable[[T], Hashable]) -> list[list[T]]:
    """Splits items into successive rounds in which each key occurs at most once; items of one
    key keep their order (the n-th of a key goes in round n)."""
    seen: dict[Hashable, int] = {}
    batches: list[list[T]] = []
    for item in items:
        index = seen.get(key(item), 0)
        seen[key(item)] = index + 1
        if index == len(batches):
            batches.append([])
        batches[index].append(item)
    return batches
