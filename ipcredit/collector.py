"""When the build lets Python's cyclic garbage collector run.

The collector looks for garbage held in reference cycles. Besides its frequent small
passes over new objects, it rescans every tracked object alive whenever those made
since its last full pass come to a quarter of the rest. A build makes millions of
long-lived objects that are never in cycles (records, the catalogue, the search
documents, the page plan, the build record), so every full pass rescans them all: at
100,000 records a night spent 5-7 s of its main process in those passes. So:

- while records and the catalogue are made, the collector is off; one collection
  after the records (reading leaves a few cycles: workbooks; the rules leave none), then
  all that is alive is frozen (:func:`paused`): later passes skip it, and forked
  processes do not copy it by touching it;
- while the writers make their values (search documents, the page plan, the build
  record), it is off too, without a collection after (:func:`off`): they make little
  cyclic garbage, and the build's process ends soon after;
- pages are rendered with it on (Flask and Jinja leave a few objects in cycles for
  every page, about 8 for a record's page: 250,000 pages would keep hundreds of MB), after
  freezing what exists, so that its passes scan only what rendering made (:func:`on`);
  unfrozen after, so that a process that goes on collects as usual.

Processes forked meanwhile start with the collector as their parent had it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused(collect: bool = True) -> Iterator[None]:
    """Off while long-lived objects are made; then one collection (what was left in cycles:
    workbooks), unless ``collect`` is false, and all that is alive is frozen. The collector is
    on afterwards. Without the collection, garbage left in cycles inside stays until the
    process ends: for work that leaves none (the publication rules, whose collection found
    nothing at 100,000 rows and took 0.3–0.6 s rescanning all they made)."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        if collect:
            gc.collect()
        gc.freeze()


@contextmanager
def off() -> Iterator[None]:
    """Off inside, as it was before afterwards; nothing collected."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextmanager
def on() -> Iterator[None]:
    """On inside, for work that leaves garbage in cycles; what exists before is frozen first,
    so passes scan only what is made inside. As it was before afterwards, and nothing left
    frozen: a process that goes on (the tests, a caller of the library) collects again what
    was frozen, garbage made before included."""
    was = gc.isenabled()
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        gc.unfreeze()
        if not was:
            gc.disable()
