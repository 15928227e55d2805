"""Shrink ICU's data library (Linux): keep what Qt uses for the languages we ship, drop the rest.

PySide6's Linux wheels carry ``libicudata.so.NN`` (31 MiB): one read-only symbol ``icudtNN_dat``
holding an ICU *common data package*: a header, a table of contents and ~3,900 items. Qt 6
calls ICU for collation (``QCollator``), case mapping (``QLocale::toUpper``), legacy text codecs
(``QStringConverter``) and time-zone names; its own CLDR tables do the rest of QLocale, and it
has its own break iterators and IDNA. We rebuild the library with the same soname and symbol
from a package that keeps the core property and normalization data, collation and zone names
of the root, English and German locales, and drops what Qt never asks ICU for: the ~170 legacy
codec tables (``.cnv``; UTF-8/16/32 and Latin-1 need none), transliteration, spell-out rules,
break iterators and their dictionaries, language/region/currency/unit display names, spoof
checking, StringPrep/UTS #46, character names, and every other locale. A lookup for a dropped
item fails like a missing locale and ICU falls back to root.

The package format (ICU ``udata.h``, "CmnD"): ``DataHeader`` (``headerSize``, magic 0xda 0x27,
``UDataInfo``), then ``uint32 count`` and ``count`` pairs ``(nameOffset, dataOffset)`` relative
to the end of the header, then the NUL-terminated item names, then the items, 16-byte aligned.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

TocEntry = tuple[str, str, str]  # (destination, source, typecode), PyInstaller's TOC
SHIPPED_LOCALES = ("en", "de")
"""Languages the UI ships (item 14.4 adds German): their ICU locale data stays."""

_MAGIC = b"\xda\x27"
# A locale's resource bundle: "de.res", "en_GB.res", "sr_Latn_BA.res"; data tables such as
# "likelySubtags.res", "zoneinfo64.res" or "icuver.res" do not match.
_LOCALE_RES = re.compile(r"(?P<lang>[a-z]{2,3})(?:_[A-Za-z0-9]*)*\.res")
_DROPPED_TREES = frozenset({"translit", "rbnf", "brkitr", "lang", "region", "curr", "unit"})
_DROPPED_FILES = frozenset({"unames.icu", "confusables.cfu", "langInfo.res", "uts46.nrm"})
_DROPPED_SUFFIXES = (".cnv", ".dict", ".spp")
_LIB_NAME = re.compile(r"libicudata\.so\.(?P<major>\d+)(?:\.\d+)*$")


class IcuDataError(ValueError):
    """The bytes are not an ICU common data package this code understands."""


def read_package(data: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """Split a common data package into its header and ``(name, item)`` pairs, in TOC order."""
    if len(data) < 8 or data[2:4] != _MAGIC:
        raise IcuDataError("no ICU data header")
    header_size = struct.unpack_from("<H", data, 0)[0]
    if data[4 + 4 : 4 + 4 + 1] != b"\x00" or data[12:16] != b"CmnD":  # little endian, CmnD
        raise IcuDataError("not a little-endian ICU common data package")
    base = header_size
    (count,) = struct.unpack_from("<I", data, base)
    toc = [struct.unpack_from("<II", data, base + 4 + 8 * i) for i in range(count)]
    ends = [offset for _name, offset in toc[1:]] + [len(data) - base]
    items = []
    for (name_offset, data_offset), end in zip(toc, ends, strict=True):
        name_end = data.index(b"\0", base + name_offset)
        name = data[base + name_offset : name_end].decode("ascii")
        items.append((name, data[base + data_offset : base + end]))
    return data[:header_size], items


def write_package(header: bytes, items: Sequence[tuple[str, bytes]]) -> bytes:
    """A common data package of ``items`` (sorted by name, as ICU's binary search requires)."""
    ordered = sorted(items, key=lambda item: item[0].encode("ascii"))
    toc_size = 4 + 8 * len(ordered)
    names = b""
    name_offsets = []
    for name, _item in ordered:
        name_offsets.append(toc_size + len(names))
        names += name.encode("ascii") + b"\0"
    body = bytearray()
    data_offsets = []
    cursor = toc_size + len(names)
    for _name, item in ordered:
        padding = -(len(header) + cursor) % 16
        body += b"\xaa" * padding
        cursor += padding
        data_offsets.append(cursor)
        body += item
        cursor += len(item)
    toc = struct.pack("<I", len(ordered)) + b"".join(
        struct.pack("<II", n, d) for n, d in zip(name_offsets, data_offsets, strict=True)
    )
    return bytes(header) + toc + names + bytes(body)


def keep_item(name: str, locales: Iterable[str] = SHIPPED_LOCALES) -> bool:
    """Whether the item ``icudtNNl/[tree/]file`` stays in the trimmed package."""
    path = name.split("/", 1)[-1]
    tree, _, base = path.rpartition("/")
    if tree in _DROPPED_TREES or base in _DROPPED_FILES or base.endswith(_DROPPED_SUFFIXES):
        return False
    match = _LOCALE_RES.fullmatch(base)
    if match is None or base in ("root.res", "pool.res"):
        return True
    return match["lang"] in set(locales)


def trim_package(data: bytes, keep: Callable[[str], bool] = keep_item) -> bytes:
    """The package with only the items ``keep`` accepts."""
    header, items = read_package(data)
    return write_package(header, [(n, i) for n, i in items if keep(n)])


def _elf_symbol(path: Path, prefix: bytes) -> tuple[bytes, bytes]:
    """``(symbol name, contents)`` of the first dynamic data symbol whose name starts ``prefix``."""
    blob = path.read_bytes()
    if blob[:5] != b"\x7fELF\x02" or blob[5] != 1:
        raise IcuDataError(f"{path.name} is not a little-endian ELF64 library")
    (shoff,) = struct.unpack_from("<Q", blob, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", blob, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", blob, shoff + i * shentsize) for i in range(shnum)
    ]
    for sh in sections:
        if sh[1] != 11:  # SHT_DYNSYM
            continue
        strtab = sections[sh[6]]
        for offset in range(sh[4], sh[4] + sh[5], 24):
            st_name, _info, _other, shndx, value, size = struct.unpack_from("<IBBHQQ", blob, offset)
            start = strtab[4] + st_name
            name = blob[start : blob.index(b"\0", start)]
            if name.startswith(prefix) and size:
                home = sections[shndx]
                file_offset = value - home[3] + home[4]
                return name, blob[file_offset : file_offset + size]
    raise IcuDataError(f"{path.name} has no {prefix.decode()}… symbol")


def build_library(package: bytes, symbol: str, soname: str, out: Path, cc: str) -> Path:
    """Link ``package`` into a shared library exporting it as ``symbol`` (like ICU's own build)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    dat = out.parent / f"{symbol}.dat"
    dat.write_bytes(package)
    asm = out.parent / f"{symbol}.S"
    asm.write_text(
        "\n".join(
            [
                '.section .rodata,"a"',
                f".globl {symbol}",
                f".type {symbol}, @object",
                ".balign 16",
                f"{symbol}:",
                f'.incbin "{dat}"',
                f".size {symbol}, . - {symbol}",
                '.section .note.GNU-stack,"",@progbits',
                "",
            ]
        ),
        encoding="ascii",
    )
    command = [cc, "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-o", str(out), str(asm)]
    subprocess.run(command, check=True, capture_output=True)  # fixed argv
    return out


def trim_icu_binaries(
    binaries: list[TocEntry],
    workdir: Path,
    cc: str | None = None,
    log: Callable[[str], None] = print,
) -> list[TocEntry]:
    """Swap every ``libicudata.so.NN`` in the TOC for a trimmed rebuild in ``workdir``.

    Needs a C compiler driver (``cc``, found on PATH when None; ``""`` = none); without one the
    TOC is returned unchanged, with a note.
    """
    compiler = (shutil.which("cc") or shutil.which("gcc")) if cc is None else cc
    result = []
    for dest, source, typecode in binaries:
        match = _LIB_NAME.search(dest.replace("\\", "/").rsplit("/", 1)[-1])
        if match is None:
            result.append((dest, source, typecode))
            continue
        if not compiler:
            log("ICU data kept whole: no C compiler (cc) to rebuild libicudata")
            result.append((dest, source, typecode))
            continue
        symbol, package = _elf_symbol(Path(source), b"icudt")
        trimmed = trim_package(package)
        out = workdir / "icu" / Path(dest).name
        build_library(trimmed, symbol.decode("ascii"), Path(dest).name, out, compiler)
        log(
            f"ICU data trimmed: {len(package) / 2**20:.1f} -> {len(trimmed) / 2**20:.1f} MiB "
            f"(locales {', '.join(SHIPPED_LOCALES)} + root)"
        )
        result.append((dest, str(out), typecode))
    return result
