"""Preview audio on disk: safe cache names, LRU eviction under the cap, peaks from a WAV."""

from __future__ import annotations

import io
import os
import sys
import wave
from array import array
from pathlib import Path

import pytest

from sessiondock_launcher.core.audio_cache import AudioCache, extension_for, peaks_from_wav
from sessiondock_launcher.simulator import assets

URL = "http://127.0.0.1:18432/api/v1/_assets/audio/session_1.wav"


def _age(path: Path, seconds_ago: float) -> None:
    now = path.stat().st_mtime
    os.utime(path, (now - seconds_ago, now - seconds_ago))


def test_put_then_get_returns_the_same_bytes(tmp_path: Path) -> None:
    cache = AudioCache(tmp_path / "audio")
    assert cache.get(URL, "audio/wav") is None
    stored = cache.put(URL, b"RIFF....WAVE", "audio/wav")
    assert stored.read_bytes() == b"RIFF....WAVE"
    assert cache.get(URL, "audio/wav") == stored
    assert stored.suffix == ".wav"


@pytest.mark.parametrize(
    "url",
    [
        "http://h/../../etc/passwd",
        "http://h/a/..%2F..%2Fx.wav",
        "http://h/C:\\Windows\\system32\\evil.exe",
        "http://h/" + "x" * 5000,
        "http://h/ünïcödé名前.wav",
    ],
)
def test_file_names_never_come_from_the_url(tmp_path: Path, url: str) -> None:
    cache = AudioCache(tmp_path / "audio")
    path = cache.put(url, b"data", "audio/x-evil; name=../../x.sh")
    assert path.parent == tmp_path / "audio"
    assert path.name.startswith("pv-") and path.suffix == ".audio"
    assert len(path.name) < 64 and path.name.isascii()
    assert [p.name for p in (tmp_path / "audio").iterdir()] == [path.name]


def test_extension_comes_from_a_fixed_list() -> None:
    assert extension_for("audio/mpeg") == ".mp3"
    assert extension_for("Audio/WAV; codecs=1") == ".wav"
    assert extension_for("") == ".audio"
    assert extension_for("../../etc") == ".audio"


def test_distinct_urls_get_distinct_files(tmp_path: Path) -> None:
    cache = AudioCache(tmp_path)
    assert cache.path_for(URL) != cache.path_for(URL + "?variantId=b")


def test_size_cap_evicts_least_recently_used_first(tmp_path: Path) -> None:
    cache = AudioCache(tmp_path, max_bytes=250)
    a = cache.put("u:a", b"a" * 100)
    b = cache.put("u:b", b"b" * 100)
    _age(a, 30)
    _age(b, 20)
    assert cache.get("u:a") == a  # a hit makes "a" the most recently used
    c = cache.put("u:c", b"c" * 100)
    assert a.exists() and c.exists()
    assert not b.exists()
    assert cache.total_bytes() == 200


def test_a_file_larger_than_the_cap_is_kept_for_playback(tmp_path: Path) -> None:
    cache = AudioCache(tmp_path, max_bytes=50)
    old = cache.put("u:old", b"o" * 40)
    _age(old, 10)
    big = cache.put("u:big", b"b" * 80)
    assert big.exists() and not old.exists()


def test_unrelated_files_and_stale_temp_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_bytes(b"x" * 1000)
    (tmp_path / ".pv-crashed").write_bytes(b"partial")
    cache = AudioCache(tmp_path, max_bytes=100)
    cache.put("u:a", b"a" * 10)
    assert (tmp_path / "notes.txt").exists()  # never touches files it did not write
    assert not (tmp_path / ".pv-crashed").exists()
    assert cache.total_bytes() == 10


def test_failed_write_leaves_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = AudioCache(tmp_path)

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="No space"):
        cache.put(URL, b"data")
    assert list(tmp_path.iterdir()) == []


def test_clear_and_missing_directory(tmp_path: Path) -> None:
    cache = AudioCache(tmp_path / "never-created")
    assert cache.entries() == [] and cache.total_bytes() == 0
    cache.put(URL, b"x")
    cache.clear()
    assert cache.entries() == []


def test_cap_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        AudioCache(tmp_path, max_bytes=0)


# -- peaks computed from a WAV (the fallback when SessionDock has no waveform) --------------------


def _wav(samples: list[int], width: int = 2, rate: int = 8000, channels: int = 1) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        code = {1: "B", 2: "h", 4: "i"}[width]
        data = array(code, samples)
        if sys.byteorder == "big":
            data.byteswap()
        out.writeframes(data.tobytes())
    return buffer.getvalue()


def test_peaks_match_the_simulators_waveform() -> None:
    computed = peaks_from_wav(assets.preview_wav("session_7"), buckets=200)
    assert computed is not None
    peaks, duration = computed
    expected = assets.waveform_peaks("session_7", resolution=200)
    assert duration == pytest.approx(expected["duration"])
    assert peaks == pytest.approx(expected["peaks"], abs=1e-3)


def test_peaks_are_normalised_magnitudes() -> None:
    loud_then_quiet = [0, 16000, -32000, 0] * 50 + [0, 800, -400, 0] * 50
    peaks, duration = peaks_from_wav(_wav(loud_then_quiet), buckets=2) or ([], 0.0)
    assert peaks == pytest.approx([1.0, 800 / 32000])
    assert duration == pytest.approx(400 / 8000)
    eight_bit = peaks_from_wav(_wav([128, 255, 0, 128] * 10, width=1), buckets=4)
    assert eight_bit is not None and max(eight_bit[0]) == pytest.approx(1.0)


def test_long_audio_is_scanned_with_a_stride() -> None:
    samples = [(i % 200) * 100 for i in range(2_000_000)]  # ~45 s at 44.1 kHz
    computed = peaks_from_wav(_wav(samples, rate=44_100), buckets=100)
    assert computed is not None
    assert len(computed[0]) == 100 and computed[1] == pytest.approx(2_000_000 / 44_100)


@pytest.mark.parametrize("data", [b"", b"RIFF", b"not audio at all" * 10, b"\x89PNG\r\n\x1a\n"])
def test_anything_else_gives_no_peaks(data: bytes) -> None:
    assert peaks_from_wav(data) is None
