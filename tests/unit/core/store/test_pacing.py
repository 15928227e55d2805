"""The full-reconcile pacer, on a fake monotonic clock."""

from __future__ import annotations

import pytest

from sessiondock_launcher.core.store import FullSyncPacer


def test_first_reconcile_may_start_at_once_and_only_one_runs() -> None:
    pacer = FullSyncPacer()
    assert pacer.may_start(0.0)
    assert pacer.try_start(0.0)
    assert pacer.in_flight
    assert not pacer.try_start(0.0)
    assert not pacer.try_start(10_000.0)  # however late: never two in flight
    assert pacer.seconds_until_allowed(5.0) == float("inf")


def test_share_of_wall_time_stays_under_two_percent() -> None:
    pacer = FullSyncPacer(share=0.02, min_interval_s=300.0)
    now, busy = 0.0, 0.0
    durations = [60.0, 49.0, 20.0, 120.0, 5.0, 60.0, 60.0]
    for duration in durations:
        wait = pacer.seconds_until_allowed(now)
        now += wait
        assert pacer.try_start(now)
        now += duration
        busy += duration
        pacer.finished(now)
        assert not pacer.may_start(now)
    now += pacer.seconds_until_allowed(now)
    assert busy / now <= 0.02 + 1e-9


def test_interval_adapts_to_how_long_the_last_one_took() -> None:
    pacer = FullSyncPacer(share=0.02, min_interval_s=300.0)
    pacer.try_start(1000.0)
    pacer.finished(1049.0)  # 49 s at 50k sessions
    assert pacer.next_allowed_at() == pytest.approx(1000.0 + 49.0 / 0.02)
    assert not pacer.may_start(1000.0 + 2449.0)
    assert pacer.may_start(1000.0 + 2450.0)
    pacer.try_start(5000.0)
    pacer.finished(5002.0)  # fast now: the floor applies
    assert pacer.next_allowed_at() == pytest.approx(5300.0)


def test_finished_without_start_is_a_bug() -> None:
    with pytest.raises(RuntimeError):
        FullSyncPacer().finished(1.0)


@pytest.mark.parametrize("share", [0.0, -0.1, 1.5])
def test_share_must_be_a_fraction(share: float) -> None:
    with pytest.raises(ValueError, match="share"):
        FullSyncPacer(share=share)


def test_a_waiver_asked_for_while_one_runs_lets_the_next_start_right_after_it() -> None:
    """An import (or an edit) during a reconcile: that reconcile may have listed the library
    before the change, so the waiver must survive its end instead of being overwritten by it."""
    pacer = FullSyncPacer(share=0.02, min_interval_s=300.0)
    assert pacer.try_start(0.0)
    pacer.allow_now()  # asked while the first one is in flight
    pacer.finished(2.0)
    assert pacer.may_start(2.0)
    assert pacer.try_start(2.0)
    pacer.finished(3.0)
    assert not pacer.may_start(3.0)  # the waiver was used once, pacing is back
