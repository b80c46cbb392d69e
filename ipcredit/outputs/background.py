"""A writer's work done in a forked child process while the build goes on.

The datasets and the search export each take one process; the pages are rendered
meanwhile on the others. The child inherits the catalogue (fork: nothing is
pickled on the way in); only the result comes back, through a pipe.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """``work()`` in a forked process; :meth:`result` waits for it and raises what it raised."""

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
            send.send(work())
        except BaseException as exc:  # reported to the parent, which raises
            send.send(exc)
        finally:
            send.close()

    def result(self) -> T:
        try:
            outcome = self.receive.recv()
        except EOFError:
            outcome = RuntimeError(f"the process {self.what} died")
        self.process.join()
        if isinstance(outcome, OSError):
            raise outcome  # a full disk, a folder that may not be written: reported as the build's own
        if isinstance(outcome, BaseException):
            raise RuntimeError(f"{self.what} failed") from outcome
        return outcome

    def cancel(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
