"""The library's work, run off the event loop under the app's time limit."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool

from .problems import TimedOutError

__all__ = ["within_limit"]

T = TypeVar("T")


async def within_limit(seconds: float, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` in a worker thread; :class:`TimedOutError` (a 503) if it takes
    longer than ``seconds``. The answer goes out at the limit; the thread cannot be stopped
    and finishes its computation in the background, its result dropped."""
    call = functools.partial(fn, *args, **kwargs)
    try:
        return await asyncio.wait_for(run_in_threadpool(call), timeout=seconds)
    except TimeoutError:
        raise TimedOutError(seconds) from None
