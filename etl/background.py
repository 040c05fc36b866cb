"""Work run on a thread of its own while the caller goes on, for the steps of a load that
need nothing from each other: a load's checks keep one of two cores busy only part of the
time (bench/bench_load.py), and DuckDB, Polars and ``hashlib`` let go of the GIL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """``work()``, started now on a thread of its own; ``result()`` waits for it and gives
    its value, or raises what it raised."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(work,), daemon=True)
        self._thread.start()

    def _run(self, work: Callable[[], T]) -> None:
        try:
            self._value = work()
        except BaseException as exc:  # raised again in the caller's thread, by result()
            self._error = exc

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]
