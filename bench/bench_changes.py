#!/usr/bin/env python3
"""What a single change costs the palette: a new session, an edit, a removal, at 10k / 100k.

Measures, on ``bench_search``'s synthetic library in a ``SessionIndex`` (the app's index type):

- ``create``: ``upsert`` of a new session, then the next keystroke's search that finds it (the
  time between the user saving the new-session form and the palette answering);
- ``edit`` and ``remove``: the same for a retitled and a removed session;
- per-keystroke search p95 with 0, 50 and 500 changes pending beside the base (the overlay's
  cost on every keystroke), against the same keystrokes with none (the floor, same run).

Runs against whatever ``sessiondock_launcher`` is importable, so the same command on an older
checkout's venv gives the "before" figures (``before`` in bench/README.md).

    .venv/bin/python bench/bench_changes.py --sizes 10000 100000 [--json]
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import TYPED, keystrokes, make_library, percentile
from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.query import parse_query


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _timed_change(index: SessionIndex, change: object, text: str, expect: str | None) -> float:
    started = time.perf_counter()
    if isinstance(change, Session):
        index.upsert(change)
    else:
        index.remove(str(change))
    found = [m.session.id for m in index.search(parse_query(text), 50).matches]
    elapsed = time.perf_counter() - started
    if expect is not None and expect not in found:
        raise AssertionError(f"{expect} not found for {text!r}")
    return elapsed


def _keystroke_p95(index: SessionIndex) -> float:
    timings = []
    for _ in range(2):
        for text in TYPED:
            for prefix in keystrokes(text):
                query = parse_query(prefix)
                started = time.perf_counter()
                index.search(query, 50)
                timings.append(time.perf_counter() - started)
    return _ms(percentile(timings, 95))


def bench_size(count: int) -> dict[str, object]:
    library = make_library(count)
    index = SessionIndex(library)
    gc.collect()
    gc.freeze()
    index.search(parse_query("mix"), 50)
    result: dict[str, object] = {"sessions": count}
    result["keystroke_p95_ms_no_changes"] = _keystroke_p95(index)
    fresh = Session(id="new-session", title="Quokka anthem", tags=("fresh",))
    result["create_then_search_ms"] = _ms(_timed_change(index, fresh, "quokka", fresh.id))
    edited = dataclasses.replace(library[count // 2], title="Wombat interlude")
    result["edit_then_search_ms"] = _ms(_timed_change(index, edited, "wombat", edited.id))
    result["remove_then_search_ms"] = _ms(_timed_change(index, library[7].id, "mix", None))
    pending = getattr(index, "overlay_size", None)
    for extra in (50, 200, 500):
        if pending is None:
            break  # (an index without an overlay rebuilt the library instead)
        for k in range(extra - index.overlay_size):
            source = library[(k * 7919) % count]
            index.upsert(dataclasses.replace(source, title=source.title + " v2"))
        result[f"keystroke_p95_ms_{extra}_changes"] = _keystroke_p95(index)
    gc.unfreeze()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    rows = [bench_size(size) for size in options.sizes]
    if options.json:
        print(json.dumps(rows, indent=2))
    else:
        for row in rows:
            print(", ".join(f"{k}={v}" for k, v in row.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
