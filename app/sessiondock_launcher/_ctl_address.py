"""Where the control socket lives: the IPC address and the instance lock path, per OS.

Private to :mod:`sessiondock_launcher.ctl` (which re-exports the public names) and on its fast
path, so it imports nothing beyond what ctl may: see the budget in ctl's module docstring.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing costs ~4 ms to import; see ctl's module docstring
if TYPE_CHECKING:
    from collections.abc import Mapping

    from sessiondock_launcher.paths import AppPaths

# Same values as sessiondock_launcher.paths (a unit test pins them): importing paths would load
# platformdirs, which alone costs more than the start-up budget.
HOME_ENV = "SESSIONDOCK_LAUNCHER_HOME"
APP_NAME = "SessionDockLauncher"
RUNTIME_SUBDIR = "sessiondock-launcher"
SOCKET_NAME = "ipc.sock"
# sun_path holds 108 bytes on Linux and 104 on macOS; Qt also binds a slightly longer temporary
# name first when UserAccessOption is set, so stay well below both.
MAX_SOCKET_PATH = 100
PIPE_PREFIX = "\\\\.\\pipe\\"


def server_address(
    paths: AppPaths | None = None,
    *,
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
    user: str | None = None,
) -> str:
    """The address both sides use: a unix socket path, or a Windows named pipe path.

    Unix: ``$XDG_RUNTIME_DIR/sessiondock-launcher/ipc.sock`` when that variable names a valid
    private runtime dir (:func:`private_runtime_dir`; and
    ``SESSIONDOCK_LAUNCHER_HOME`` is not), else ``<cache dir>/ipc.sock``, the cache dir being
    ``paths.cache_dir`` or, by default, ``$SESSIONDOCK_LAUNCHER_HOME/cache``,
    ``~/Library/Caches/SessionDockLauncher`` (macOS) or ``~/.cache/SessionDockLauncher``. A path
    too long for ``sun_path`` becomes ``<runtime dir>/sessiondock-launcher/<hash>.sock`` or, without
    a valid runtime dir, ``/tmp/sessiondock-launcher-<uid>/<hash>.sock``.
    Windows: ``\\\\.\\pipe\\sessiondock-launcher-<user>`` (+ ``-<hash>`` of the home override or of
    ``paths.cache_dir``), which ``QLocalServer.listen`` takes as is.

    Args:
        paths: Where an isolated instance keeps its files. The app and the client must agree:
            both leave it ``None`` (the environment decides); tests may pass one to both sides.
        platform: ``sys.platform`` value to compute for (default: this one).
        environ: Environment to read (default: ``os.environ``).
        user: Windows user name (default: ``getpass.getuser()``).
    """
    plat = sys.platform if platform is None else platform
    env = os.environ if environ is None else environ
    if plat == "win32":
        return _pipe_name(paths, env, user)
    runtime = private_runtime_dir(env)
    if paths is None and not env.get(HOME_ENV) and runtime:
        directory = f"{runtime}/{RUNTIME_SUBDIR}"
    elif paths is not None:
        directory = str(paths.cache_dir)
    else:
        directory = _default_cache_dir(plat, env)
    return _fit_sun_path(f"{directory.rstrip('/')}/{SOCKET_NAME}", runtime)


def private_runtime_dir(environ: Mapping[str, str] | None = None) -> str:
    """``$XDG_RUNTIME_DIR`` when it is valid, else ``""``.

    Valid as the XDG base-dir spec requires: an absolute path to a folder owned by this user
    with no access for anyone else (mode 0700). Anything else (unset, relative, another user's,
    group- or world-accessible) is not used: another local user could plant a socket there.
    """
    env = os.environ if environ is None else environ
    runtime = env.get("XDG_RUNTIME_DIR", "").rstrip("/")
    if not runtime.startswith("/"):
        return ""
    try:
        info = os.stat(runtime)
    except (OSError, ValueError):
        return ""
    # stat.S_ISDIR without importing stat (not loaded at interpreter start).
    is_dir = (info.st_mode & 0o170000) == 0o040000
    if not is_dir or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return ""
    return runtime


def lock_file_path(
    paths: AppPaths | None = None,
    *,
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The ``QLockFile`` path that makes the instance single (server side only).

    Unix: next to the socket (``ipc.lock``). Windows: ``<cache dir>\\instance.lock``, because
    two ``QLocalServer``s may listen on one pipe name there: the pipe is no lock on its own.
    """
    plat = sys.platform if platform is None else platform
    if plat != "win32":
        address = server_address(paths, platform=plat, environ=environ)
        return address.removesuffix(".sock") + ".lock"
    if paths is None:
        from sessiondock_launcher.paths import AppPaths

        paths = AppPaths.default(None if environ is None else dict(environ))
    return str(paths.cache_dir / "instance.lock")


def _default_cache_dir(platform: str, env: Mapping[str, str]) -> str:
    home_override = env.get(HOME_ENV)
    if home_override:
        return f"{home_override.rstrip('/')}/cache"  # AppPaths.default(): <home>/cache
    home = env.get("HOME") or os.path.expanduser("~")
    if platform == "darwin":
        return f"{home}/Library/Caches/{APP_NAME}"
    xdg_cache = env.get("XDG_CACHE_HOME", "").strip()
    base = xdg_cache if xdg_cache.startswith("/") else f"{home}/.cache"
    return f"{base.rstrip('/')}/{APP_NAME}"


def _fit_sun_path(path: str, runtime: str) -> str:
    """``path``, or, when it is too long for ``sun_path``, a short one in a private folder.

    The short path is ``<runtime dir>/sessiondock-launcher/<hash>.sock`` when the runtime dir is
    valid (and short), else ``/tmp/sessiondock-launcher-<uid>/<hash>.sock``. That last name is
    predictable, so the server checks who owns it and runs without single-instance (saying so)
    when another user planted it, rather than not at all.
    """
    if len(os.fsencode(path)) < MAX_SOCKET_PATH:
        return path
    import hashlib

    digest = hashlib.sha256(os.fsencode(path)).hexdigest()[:16]
    if runtime:
        short = f"{runtime}/{RUNTIME_SUBDIR}/{digest}.sock"
        if len(os.fsencode(short)) < MAX_SOCKET_PATH:
            return short
    return f"/tmp/{RUNTIME_SUBDIR}-{os.getuid()}/{digest}.sock"


def _pipe_name(paths: AppPaths | None, env: Mapping[str, str], user: str | None) -> str:
    if user is None:
        import getpass

        user = getpass.getuser()
    # Pipe names may hold anything but a backslash; keep them readable and bounded.
    safe_user = "".join(c if c.isalnum() or c in "._-" else "_" for c in user)[:64]
    name = f"{RUNTIME_SUBDIR}-{safe_user}"
    scope = str(paths.cache_dir) if paths is not None else env.get(HOME_ENV, "")
    if scope:
        import hashlib

        name += "-" + hashlib.sha256(scope.encode("utf-8")).hexdigest()[:12]
    return PIPE_PREFIX + name
