"""Many writers at once, each on its own database connection, for the tests that show no write is lost.

Each writer runs in its own thread (Django gives every thread its own connection), opens that connection first,
then waits at a barrier until all are ready, so that they really ask the database at the same moment. What each
one got back is kept: its result, the expected conflict, or any other error (which a test should report, not hide).
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection


@dataclass
class Outcome:
    won: list[tuple[int, object]] = field(default_factory=list)
    conflicts: list[tuple[int, Exception]] = field(default_factory=list)
    errors: list[tuple[int, BaseException]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def winner(self) -> int:
        """The index of the one writer that succeeded."""
        assert len(self.won) == 1, f"{len(self.won)} writers succeeded"
        return self.won[0][0]


def race(writers: list[Callable[[], object]], conflict: type[Exception], *, timeout: float = 60) -> Outcome:
    """Runs every writer in its own thread with its own connection, all released together."""
    outcome = Outcome()
    lock = threading.Lock()
    barrier = threading.Barrier(len(writers) + 1, timeout=timeout)

    def run(index: int, write: Callable[[], object]) -> None:
        try:
            connection.ensure_connection()
            barrier.wait()
            try:
                result = write()
            except conflict as error:
                with lock:
                    outcome.conflicts.append((index, error))
            else:
                with lock:
                    outcome.won.append((index, result))
        except BaseException as error:  # reported by the test, with the writer's number
            with lock:
                outcome.errors.append((index, error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, w), name=f"writer-{i}") for i, w in enumerate(writers)]
    for thread in threads:
        thread.start()
    barrier.wait()  # every writer has its connection: go
    started = time.monotonic()
    for thread in threads:
        thread.join(timeout)
    outcome.seconds = time.monotonic() - started
    assert not any(thread.is_alive() for thread in threads), "a writer did not finish"
    return outcome
