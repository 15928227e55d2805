"""The ICU data trimming: package format round trip, what stays, and a real rebuild."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))
import icu_trim


def header() -> bytes:
    """A DataHeader as ICU writes one: size, magic 0xda27, UDataInfo (LE, ASCII, CmnD 1.0)."""
    info = struct.pack("<HHBBBB4s4s4s", 20, 0, 0, 0, 2, 0, b"CmnD", bytes([1, 0, 0, 0]), b"\0" * 4)
    size = 32
    return struct.pack("<HBB", size, 0xDA, 0x27) + info + b"\0" * (size - 4 - len(info))


ITEMS = [
    ("icudt73l/uprops.icu", b"P" * 48),
    ("icudt73l/root.res", b"R" * 32),
    ("icudt73l/de.res", b"D" * 16),
    ("icudt73l/de_CH.res", b"C" * 16),
    ("icudt73l/fr.res", b"F" * 16),
    ("icudt73l/likelySubtags.res", b"L" * 16),
    ("icudt73l/zoneinfo64.res", b"Z" * 16),
    ("icudt73l/ibm-943_P15A-2003.cnv", b"X" * 112),
    ("icudt73l/coll/ucadata.icu", b"U" * 32),
    ("icudt73l/coll/sv.res", b"S" * 32),
    ("icudt73l/coll/es_.res", b"E" * 16),
    ("icudt73l/brkitr/cjdict.dict", b"J" * 208),
    ("icudt73l/brkitr/word.brk", b"W" * 32),
    ("icudt73l/translit/root.res", b"T" * 64),
    ("icudt73l/unit/en_GB.res", b"G" * 16),
    ("icudt73l/zone/de.res", b"Z" * 16),
    ("icudt73l/zone/fr.res", b"Z" * 16),
    ("icudt73l/zone/root.res", b"Z" * 16),
    ("icudt73l/lang/de.res", b"N" * 16),
    ("icudt73l/confusables.cfu", b"Q" * 16),
    ("icudt73l/rfc3491.spp", b"Q" * 16),
]


def test_round_trip_and_alignment() -> None:
    """Items are whole 16-byte blocks here, as in ICU's own packages (an item's size is the
    distance to the next one, so padding would otherwise read back as part of it)."""
    package = icu_trim.write_package(header(), ITEMS)
    _, items = icu_trim.read_package(package)
    assert sorted(items) == sorted(ITEMS)
    assert icu_trim.write_package(header(), items) == package
    hsize = struct.unpack_from("<H", package, 0)[0]
    count = struct.unpack_from("<I", package, hsize)[0]
    offsets = [struct.unpack_from("<II", package, hsize + 4 + 8 * i)[1] for i in range(count)]
    assert all((hsize + o) % 16 == 0 for o in offsets)  # ICU maps items in place


def test_keeps_core_data_and_shipped_locales_only() -> None:
    _, items = icu_trim.read_package(icu_trim.trim_package(icu_trim.write_package(header(), ITEMS)))
    assert sorted(n.split("/", 1)[1] for n, _ in items) == [
        "coll/ucadata.icu",
        "de.res",
        "de_CH.res",
        "likelySubtags.res",
        "root.res",
        "uprops.icu",
        "zone/de.res",
        "zone/root.res",
        "zoneinfo64.res",
    ]


def test_refuses_what_is_not_a_common_data_package() -> None:
    with pytest.raises(icu_trim.IcuDataError):
        icu_trim.read_package(b"\x7fELF" + b"\0" * 60)


@pytest.mark.skipif(shutil.which("cc") is None, reason="needs a C compiler driver")
def test_rebuilt_library_exports_the_symbol_with_the_package(tmp_path: Path) -> None:
    package = icu_trim.write_package(header(), ITEMS)
    out = icu_trim.build_library(
        package, "icudt73_dat", "libicudata.so.73", tmp_path / "libicudata.so.73", "cc"
    )
    symbol, data = icu_trim._elf_symbol(out, b"icudt")
    assert (symbol, data) == (b"icudt73_dat", package)
    if shutil.which("readelf"):
        dynamic = subprocess.run(
            ["readelf", "-d", str(out)], capture_output=True, text=True, check=True
        )
        assert "[libicudata.so.73]" in dynamic.stdout  # the soname QtCore's ICU links against


def test_the_toc_is_left_alone_without_a_compiler(tmp_path: Path) -> None:
    toc = [
        ("PySide6/Qt/lib/libicudata.so.73", "/x/libicudata.so.73", "BINARY"),
        ("a.so", "/a", "BINARY"),
    ]
    notes: list[str] = []
    assert icu_trim.trim_icu_binaries(toc, tmp_path, cc="", log=notes.append) == toc
    assert notes == ["ICU data kept whole: no C compiler (cc) to rebuild libicudata"]
