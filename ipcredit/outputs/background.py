"""A writer's work done in a forked child process while the build goes on.

The datasets and the search export each take one process; the pages are rendered
meanwhile on the others. The child inherits the catalogue (fork: nothing is
pickled on the way in); only the result comes back, through a pipe.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """``work()`` in a forked process; :meth:`result` waits for it and raises what it raised.
    A ``work`` that returns an iterator (a generator) sends each item as it is made: the
    parent takes all but the last with :meth:`step`, then the last with :meth:`result`."""

    def __init__(self, what: str, work: Callable[[], T]) -> None:
        self.what = what  # "writing the datasets": said when it fails
        receive, send = multiprocessing.Pipe(duplex=False)
        context = multiprocessing.get_context("fork")
        self.process = context.Process(target=self._child, args=(work, send, receive), daemon=True)
        self.process.start()
        send.close()
        self.receive = receive

    @staticmethod
    def _child(work: Callable[[], T], send: Connection, receive: Connection) -> None:
        # The fork copied the reading end too. Left open here, a result larger than the pipe
        # holds would wait forever for a reader once a killed build's parent is gone, and the
        # child, holding the output's lock, would keep every later build out.
        receive.close()
        try:
            outcome = work()
            if isinstance(outcome, Iterator):  # steps, each sent as soon as it is made
                for step in outcome:
                    send.send(step)
            else:
                send.send(outcome)
        except BaseException as exc:  # reported to the parent, which raises
            send.send(exc)
        finally:
            send.close()

    def step(self) -> Any:
        """The next step of a ``work`` that yields its steps (every one but the last; then
        :meth:`result`), without waiting for the rest: the child goes on meanwhile. Each must
        be received, or the child waits to send it."""
        return self._received()

    def result(self) -> T:
        try:
            return self._received()
        finally:
            self.process.join()

    def _received(self) -> Any:
        try:
            outcome = self.receive.recv()
        except EOFError:
            outcome = RuntimeError(f"the process {self.what} died")
        if isinstance(outcome, OSError):
            raise outcome  # a full disk, a folder that may not be written: reported as the build's own
        if isinstance(outcome, BaseException):
            raise RuntimeError(f"{self.what} failed") from outcome
        return outcome

    def cancel(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
