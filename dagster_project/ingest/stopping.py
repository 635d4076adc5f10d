"""Stopping an ingest pass on SIGTERM or SIGINT without losing what it fetched.

``stop_on_signals`` turns the signals into an event that the pass watches: no new
request starts, requests in flight get a short grace, and what was fetched is
written. Then the signal is delivered as it would have been (the process exits,
Python raises KeyboardInterrupt), or, for a caller that ends the work its own way
(the Dagster asset fails its step without a retry), not at all. A second signal
during the stop is delivered at once.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Stop(threading.Event):
    """Set when a stop was asked for; ``signal`` names the signal that asked, if any."""

    signal: signal.Signals | None = None


@contextmanager
def stop_on_signals(signals: tuple[int, ...] = SIGNALS, redeliver: bool = True) -> Iterator[Stop]:
    """Yield a Stop set by the first of ``signals``; on exit, re-deliver that signal when
    ``redeliver``. Signal handlers belong to the main thread; elsewhere the event is
    only set by whoever holds it."""
    stop = Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous = {s: signal.getsignal(s) for s in signals}

    def restore() -> None:
        for s, h in previous.items():
            signal.signal(s, h if h is not None else signal.SIG_DFL)

    def handler(signum, _frame) -> None:
        if stop.is_set():  # asked twice: no more patience
            restore()
            signal.raise_signal(signum)
            return
        stop.signal = signal.Signals(signum)
        stop.set()

    for s in signals:
        signal.signal(s, handler)
    try:
        yield stop
    finally:
        restore()
    if redeliver and stop.signal is not None:
        signal.raise_signal(stop.signal)
