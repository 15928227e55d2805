"""Build the bundle for this OS: ``make package`` or ``python packaging/build.py``.

1. checks that ``resources/generated/`` matches the SVG (``resources/build_icons.py --check``);
2. runs PyInstaller on ``packaging/sessiondock-launcher.spec`` (clean build);
3. archives the result next to it: ``dist/sessiondock-launcher-<version>-<os>-<arch>.tar.gz`` on
   Linux (symlinks kept), ``.zip`` on macOS (made by ``ditto``, which keeps the .app intact) and
   on Windows;
4. prints the bundle and archive sizes.

``SESSIONDOCK_BUNDLE_DEBUG=1`` builds a console/verbose variant (see packaging/README.md).
"""

from __future__ import annotations

import argparse
import os
import platform as platform_module
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import spec_logic  # noqa: E402
from os_metadata import DISPLAY_NAME  # noqa: E402

SPEC = HERE / "sessiondock-launcher.spec"


def tree_size(path: Path) -> int:
    """Bytes of the regular files below ``path`` (symlinks count as nothing, like ``du``)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def bundle_path(dist: Path, platform: str) -> Path:
    if platform == "darwin":
        return dist / f"{DISPLAY_NAME}.app"
    return dist / spec_logic.APP_NAME


def archive_name(version: str, platform: str) -> str:
    machine = platform_module.machine().lower() or "unknown"
    os_name = {"linux": "linux", "win32": "windows", "darwin": "macos"}[platform]
    suffix = ".tar.gz" if platform == "linux" else ".zip"
    return f"{spec_logic.APP_NAME}-{version}-{os_name}-{machine}{suffix}"


def make_archive(bundle: Path, target: Path, platform: str) -> Path:
    target.unlink(missing_ok=True)
    if platform == "linux":
        with tarfile.open(target, "w:gz", compresslevel=6) as tar:
            tar.add(bundle, arcname=bundle.name)  # symlinks are stored as symlinks
    elif platform == "darwin":
        subprocess.run(["ditto", "-c", "-k", "--keepParent", str(bundle), str(target)], check=True)
    else:
        shutil.make_archive(str(target.with_suffix("")), "zip", bundle.parent, bundle.name)
    return target


def run_pyinstaller(dist: Path, work: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=ROOT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--no-archive", action="store_true", help="skip the .tar.gz/.zip")
    parser.add_argument(
        "--archive-only",
        action="store_true",
        help="archive the existing bundle again (after signing)",
    )
    args = parser.parse_args(argv)
    platform = spec_logic.normalize_platform(sys.platform)
    if args.archive_only:
        bundle = bundle_path(args.dist.resolve(), platform)
        version = spec_logic.read_version(ROOT)
        archive = make_archive(bundle, args.dist / archive_name(version, platform), platform)
        print(f"archive: {archive} ({archive.stat().st_size / 1e6:.1f} MB)")
        return 0
    icons = subprocess.run(
        [sys.executable, str(ROOT / "resources" / "build_icons.py"), "--check"], check=False
    )
    if icons.returncode:
        print("resources/generated/ is stale: regenerate it first", file=sys.stderr)
        return 1
    started = time.perf_counter()
    run_pyinstaller(args.dist.resolve(), args.work.resolve())
    elapsed = time.perf_counter() - started
    bundle = bundle_path(args.dist.resolve(), platform)
    print(f"bundle: {bundle} ({tree_size(bundle) / 1e6:.1f} MB, built in {elapsed:.0f} s)")
    if not args.no_archive:
        version = spec_logic.read_version(ROOT)
        archive = make_archive(bundle, args.dist / archive_name(version, platform), platform)
        print(f"archive: {archive} ({archive.stat().st_size / 1e6:.1f} MB)")
    if os.environ.get(spec_logic.DEBUG_ENV):
        print(f"note: {spec_logic.DEBUG_ENV} is set: this is a console/debug build")
    return 0


if __name__ == "__main__":
    sys.exit(main())
