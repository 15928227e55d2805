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


# -- a failed attempt is tried again soon, with growing waits ----------------------------------
def test_a_failed_reconcile_is_tried_again_after_a_short_backoff_not_the_full_pace() -> None:
    """The tester's case: page 3 of a first sync answers 500 after 0.35 s. Before, the next
    attempt came 300 s later; now 10 s, then 30, 60, 120 while it keeps failing."""
    pacer = FullSyncPacer(share=0.02, min_interval_s=300.0)
    now = 0.0
    waits = []
    for _ in range(6):
        now += pacer.seconds_until_allowed(now)
        assert pacer.try_start(now)
        now += 0.35
        pacer.finished(now, failed=True)
        waits.append(pacer.seconds_until_allowed(now))
    assert waits == pytest.approx([10.0, 30.0, 60.0, 120.0, 120.0, 120.0])
    assert pacer.failures == 6


def test_a_success_resets_the_failure_backoff_and_the_normal_pace_applies() -> None:
    pacer = FullSyncPacer(share=0.02, min_interval_s=300.0)
    for start in (0.0, 20.0, 60.0):
        assert pacer.try_start(start)
        pacer.finished(start + 1.0, failed=True)
    assert pacer.failures == 3
    assert pacer.try_start(200.0)
    pacer.finished(202.0)  # completed
    assert pacer.failures == 0
    assert pacer.seconds_until_allowed(202.0) == pytest.approx(298.0)  # the normal pace
    assert pacer.try_start(500.0)
    pacer.finished(501.0, failed=True)
    assert pacer.seconds_until_allowed(501.0) == 10.0  # the first step again


def test_the_failure_backoff_never_waits_longer_than_a_success_would() -> None:
    pacer = FullSyncPacer(share=0.02, min_interval_s=30.0, failure_backoff_s=(10.0, 600.0))
    assert pacer.try_start(0.0)
    pacer.finished(1.0, failed=True)
    assert pacer.seconds_until_allowed(1.0) == 10.0
    assert pacer.try_start(11.0)
    pacer.finished(12.0, failed=True)
    # 600 s asked for, but a success would have allowed the next at 11 + max(50, 30) = 61.
    assert pacer.next_allowed_at() == pytest.approx(61.0)


def test_successful_reconciles_keep_their_two_percent_share_between_failures() -> None:
    pacer = FullSyncPacer(share=0.02, min_interval_s=300.0)
    now, busy_ok, ok_runs = 0.0, 0.0, 0
    outcomes = [True, False, False, True, True, False, True, True]
    for completed in outcomes:
        now += pacer.seconds_until_allowed(now)
        assert pacer.try_start(now)
        duration = 60.0 if completed else 5.0
        now += duration
        pacer.finished(now, failed=not completed)
        if completed:
            busy_ok += duration
            ok_runs += 1
            # After a success the next start waits the full pace, whatever came before.
            assert pacer.seconds_until_allowed(now) == pytest.approx(60.0 / 0.02 - 60.0)
    now += pacer.seconds_until_allowed(now)
    assert busy_ok / now <= 0.02 + 1e-9


def test_failures_never_let_two_run_at_once() -> None:
    pacer = FullSyncPacer()
    assert pacer.try_start(0.0)
    assert not pacer.retry_now()  # one in flight: nothing to retry yet
    assert not pacer.try_start(0.0)
    pacer.finished(1.0, failed=True)
    assert pacer.try_start(11.0)
    assert not pacer.try_start(11.0)
    assert not pacer.retry_now()


def test_a_reconnect_after_a_failure_may_start_at_once_but_not_after_a_success() -> None:
    """SessionDock was killed mid-sync and started again: the sync resumes at the reconnect,
    not after the backoff; a reconnect after a completed sync changes nothing (the pace holds)."""
    pacer = FullSyncPacer(share=0.02, min_interval_s=300.0)
    assert pacer.try_start(0.0)
    pacer.finished(2.0, failed=True)
    assert not pacer.may_start(3.0)
    assert pacer.retry_now()
    assert pacer.may_start(3.0)
    assert pacer.try_start(3.0)
    pacer.finished(5.0)
    assert not pacer.retry_now()
    assert not pacer.may_start(6.0)
    assert pacer.seconds_until_allowed(6.0) == pytest.approx(297.0)


def test_a_waiver_still_wins_over_the_failure_backoff() -> None:
    pacer = FullSyncPacer()
    assert pacer.try_start(0.0)
    pacer.allow_now()
    pacer.finished(1.0, failed=True)
    assert pacer.may_start(1.0)


@pytest.mark.parametrize("backoff", [(), (-1.0,)])
def test_failure_backoff_must_be_waits(backoff: tuple[float, ...]) -> None:
    with pytest.raises(ValueError, match="failure_backoff_s"):
        FullSyncPacer(failure_backoff_s=backoff)
