"""The few Objective-C calls the launcher makes on macOS, through the Objective-C runtime (ctypes).

No pyobjc: ``objc_msgSend`` is called with an explicit C signature per message. Availability is
checked the way Apple documents it: ``NSClassFromString`` is nil for a class the running macOS
does not have (``SMAppService`` before macOS 13), and ``respondsToSelector:`` is NO for a method
it does not have (``yieldActivationToApplication:`` and ``activateFromApplication:options:``
before macOS 14). Everything here loads only on macOS, on first use.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from typing import Any

logger = logging.getLogger(__name__)

_c = ctypes
Id = int  # an Objective-C object pointer (0 = nil)


class ObjCRuntime:
    """``objc_getClass``, ``sel_registerName`` and typed ``objc_msgSend`` (macOS only)."""

    def __init__(self, frameworks: tuple[str, ...] = ("AppKit",)) -> None:
        if sys.platform != "darwin":
            raise OSError("The Objective-C runtime exists only on macOS.")
        self._objc: Any = _c.CDLL("/usr/lib/libobjc.A.dylib")
        for name in frameworks:
            _c.CDLL(f"/System/Library/Frameworks/{name}.framework/{name}")
        self._objc.objc_getClass.restype = _c.c_void_p
        self._objc.objc_getClass.argtypes = (_c.c_char_p,)
        self._objc.sel_registerName.restype = _c.c_void_p
        self._objc.sel_registerName.argtypes = (_c.c_char_p,)
        address = _c.cast(self._objc.objc_msgSend, _c.c_void_p).value
        if not address:
            raise OSError("objc_msgSend not found")
        self._send_address: int = address

    def cls(self, name: str) -> Id:
        """The class, or 0 when this macOS does not have it."""
        return int(self._objc.objc_getClass(name.encode()) or 0)

    def send(self, receiver: Id, selector: str, restype: Any, *args: tuple[Any, Any]) -> Any:
        """``[receiver selector…]`` with ``args`` as ``(ctype, value)`` pairs."""
        prototype = _c.CFUNCTYPE(restype, _c.c_void_p, _c.c_void_p, *(t for t, _ in args))
        function = prototype(self._send_address)
        sel = self._objc.sel_registerName(selector.encode())
        return function(receiver, sel, *(v for _, v in args))

    def responds(self, receiver: Id, selector: str) -> bool:
        """``respondsToSelector:``: the documented way to ask whether an API exists here."""
        sel = self._objc.sel_registerName(selector.encode())
        return bool(self.send(receiver, "respondsToSelector:", _c.c_bool, (_c.c_void_p, sel)))

    def string(self, text: str) -> Id:
        """An autoreleased ``NSString``."""
        ns_string = self.cls("NSString")
        return int(
            self.send(ns_string, "stringWithUTF8String:", _c.c_void_p, (_c.c_char_p, text.encode()))
            or 0
        )


class AppKitActivation:
    """:class:`~sessiondock_launcher.desktop.focus_handoff.MacActivationApi` on AppKit."""

    def __init__(self) -> None:
        self._rt = ObjCRuntime(("AppKit",))
        self._app = int(
            self._rt.send(self._rt.cls("NSApplication"), "sharedApplication", _c.c_void_p) or 0
        )

    def _current(self) -> Id:
        cls = self._rt.cls("NSRunningApplication")
        return int(self._rt.send(cls, "currentApplication", _c.c_void_p) or 0)

    def has_cooperative_activation(self) -> bool:
        return self._rt.responds(self._app, "yieldActivationToApplication:")

    def is_active(self) -> bool:
        return bool(self._rt.send(self._app, "isActive", _c.c_bool))

    def _pid(self, app: Id) -> int:
        return int(self._rt.send(app, "processIdentifier", _c.c_int))

    def frontmost_application(self) -> int:
        workspace = self._rt.send(self._rt.cls("NSWorkspace"), "sharedWorkspace", _c.c_void_p)
        app = int(self._rt.send(workspace, "frontmostApplication", _c.c_void_p) or 0)
        if not app or self._pid(app) == self._pid(self._current()):
            return 0
        return int(self._rt.send(app, "retain", _c.c_void_p) or 0)

    def release(self, app: int) -> None:
        if app:
            self._rt.send(app, "release", None)

    def yield_activation_to_bundle(self, bundle_id: str) -> None:
        selector = "yieldActivationToApplicationWithBundleIdentifier:"
        self._rt.send(self._app, selector, None, (_c.c_void_p, self._rt.string(bundle_id)))

    def activate_from_current(self, app: int) -> bool:
        return bool(
            self._rt.send(
                app,
                "activateFromApplication:options:",
                _c.c_bool,
                *((_c.c_void_p, self._current()), (_c.c_ulong, 0)),
            )
        )

    def hide_self(self) -> None:
        self._rt.send(self._app, "hide:", None, (_c.c_void_p, None))


class ServiceManagementLoginItem:
    """:class:`~sessiondock_launcher.desktop.autostart.LoginItemService` on ``SMAppService``."""

    def __init__(self, runtime: ObjCRuntime, service: Id) -> None:
        self._rt = runtime
        self._service = service

    @classmethod
    def main_app(cls) -> ServiceManagementLoginItem | None:
        """``SMAppService.mainAppService``; None before macOS 13 (the class does not exist)."""
        try:
            runtime = ObjCRuntime(("ServiceManagement",))
        except OSError as exc:
            logger.info("ServiceManagement unavailable: %s", exc)
            return None
        sm_class = runtime.cls("SMAppService")
        if not sm_class:
            return None
        service = int(runtime.send(sm_class, "mainAppService", _c.c_void_p) or 0)
        return cls(runtime, service) if service else None

    def status(self) -> int:
        return int(self._rt.send(self._service, "status", _c.c_long))

    def _call(self, selector: str) -> None:
        error = _c.c_void_p()
        ok = self._rt.send(self._service, selector, _c.c_bool, (_c.c_void_p, _c.byref(error)))
        if not ok:
            text = "unknown error"
            if error.value:
                described = self._rt.send(error.value, "localizedDescription", _c.c_void_p)
                utf8 = self._rt.send(described, "UTF8String", _c.c_char_p)
                text = utf8.decode("utf-8", "replace") if utf8 else text
            raise OSError(f"SMAppService refused: {text}")

    def register(self) -> None:
        self._call("registerAndReturnError:")

    def unregister(self) -> None:
        self._call("unregisterAndReturnError:")
