"""Focus hand-off around the palette, through fakes that follow Apple's and Microsoft's rules."""

from __future__ import annotations

import pytest

from sessiondock_launcher.desktop.focus_handoff import (
    SESSIONDOCK_BUNDLE_ID,
    FocusHandoff,
    make_foreground_handoff,
)

US = "SessionDock Launcher"


class FakeAppKit:
    """AppKit activation as documented for an accessory (LSUIElement) app.

    - ``yieldActivation…`` and ``activate(from:options:)`` exist from macOS 14 on; on older
      systems ``respondsToSelector:`` says NO and calling them is an unrecognized selector.
    - macOS 14+ (cooperative activation): an app becomes active only when the active app
      activates it (``activate(from: current)``, which needs the caller to be active) or yielded
      to it before it asks. Hiding the active app there activates nothing by itself.
    - Before macOS 14, hiding the active app activates the app behind it (the previous one).
    - ``frontmostApplication`` is whoever is active; handles are retained and must be released.
    """

    def __init__(self, macos: tuple[int, int], frontmost: str = "Logic Pro") -> None:
        self.macos = macos
        self.active = frontmost
        self.behind = frontmost  # what was active before us
        self.yielded_to: set[str] = set()
        self.handles: dict[int, str] = {}
        self.calls: list[str] = []

    # The user and other apps ----------------------------------------------------------------
    def user_presses_hotkey(self) -> None:
        self.behind, self.active = self.active, US

    def user_clicks(self, app: str) -> None:
        self.behind, self.active = self.active, app

    def app_activates_itself(self, app: str, bundle_id: str) -> None:
        if self.macos < (14, 0) or bundle_id in self.yielded_to or self.active == app:
            self.behind, self.active = self.active, app

    # MacActivationApi -------------------------------------------------------------------------
    def _require_14(self, selector: str) -> None:
        if self.macos < (14, 0):
            raise AttributeError(f"-[NSApplication {selector}]: unrecognized selector")

    def has_cooperative_activation(self) -> bool:
        return self.macos >= (14, 0)

    def is_active(self) -> bool:
        return self.active == US

    def frontmost_application(self) -> int:
        if self.active == US:
            return 0
        handle = len(self.handles) + 100
        self.handles[handle] = self.active
        return handle

    def release(self, app: int) -> None:
        if app:
            del self.handles[app]

    def yield_activation_to_bundle(self, bundle_id: str) -> None:
        self._require_14("yieldActivationToApplicationWithBundleIdentifier:")
        self.calls.append(f"yield {bundle_id}")
        self.yielded_to.add(bundle_id)

    def activate_from_current(self, app: int) -> bool:
        self._require_14("activateFromApplication:options:")
        self.calls.append(f"activate {self.handles[app]}")
        if self.active != US:
            return False
        self.active = self.handles[app]
        return True

    def hide_self(self) -> None:
        self.calls.append("hide")
        if self.active == US:
            self.active = self.behind if self.macos < (14, 0) else "nobody"


def mac(macos: tuple[int, int]) -> tuple[FakeAppKit, FocusHandoff]:
    appkit = FakeAppKit(macos)
    return appkit, FocusHandoff("darwin", mac_api=lambda: appkit)


def show_palette(appkit: FakeAppKit, handoff: FocusHandoff) -> None:
    handoff.palette_requested()
    appkit.user_presses_hotkey()
    handoff.palette_shown()


@pytest.mark.parametrize("macos", [(14, 1), (15, 0), (13, 6), (12, 7)])
def test_escape_gives_activation_back_to_where_the_user_was(macos: tuple[int, int]) -> None:
    appkit, handoff = mac(macos)
    appkit.user_clicks("Logic Pro")
    handoff.palette_requested()  # the hotkey handler, before the palette activates us
    appkit.user_presses_hotkey()
    handoff.palette_shown()  # we are frontmost by now: the app remembered before stays
    handoff.palette_hidden()
    assert appkit.active == "Logic Pro"
    assert appkit.handles == {}
    assert appkit.calls[-1] == "hide"  # an accessory app hides itself


def test_macos_14_uses_activate_from_not_just_hide() -> None:
    appkit, handoff = mac((14, 1))
    appkit.handles.clear()
    appkit.active = "Ableton Live"
    handoff.palette_shown()  # shown before we became active: the frontmost is remembered
    appkit.user_presses_hotkey()
    handoff.palette_hidden()
    assert appkit.calls == ["activate Ableton Live", "hide"]
    assert appkit.active == "Ableton Live"


@pytest.mark.parametrize("macos", [(14, 1), (13, 6)])
def test_enter_lets_sessiondock_come_forward_and_does_not_steal_it_back(
    macos: tuple[int, int],
) -> None:
    appkit, handoff = mac(macos)
    show_palette(appkit, handoff)
    assert handoff.before_activation_request()
    appkit.app_activates_itself("SessionDock", SESSIONDOCK_BUNDLE_ID)  # after POST /focus
    handoff.palette_hidden()
    assert appkit.active == "SessionDock"
    assert not any(c.startswith("activate") for c in appkit.calls)
    assert appkit.handles == {}


def test_without_the_yield_sessiondock_could_not_activate_on_macos_14() -> None:
    """The rule the test above relies on."""
    appkit, _ = mac((14, 1))
    appkit.user_presses_hotkey()
    appkit.app_activates_itself("SessionDock", SESSIONDOCK_BUNDLE_ID)
    assert appkit.active == US


def test_focus_loss_leaves_the_users_choice_alone() -> None:
    appkit, handoff = mac((14, 1))
    show_palette(appkit, handoff)
    appkit.user_clicks("Finder")  # the palette hides on focus loss
    handoff.palette_hidden()
    assert appkit.active == "Finder"
    assert appkit.calls == []
    assert appkit.handles == {}


def test_windows_grants_foreground_rights_and_touches_no_appkit() -> None:
    granted: list[bool] = []

    def no_appkit() -> FakeAppKit:
        raise AssertionError("AppKit on Windows")

    def allow() -> bool:
        granted.append(True)
        return True

    handoff = FocusHandoff("win32", mac_api=no_appkit, windows_allow=allow)
    handoff.palette_shown()
    assert handoff.before_activation_request()
    handoff.palette_hidden()
    assert granted == [True]


def test_windows_failure_is_reported_not_raised() -> None:
    def broken() -> bool:
        raise OSError("user32 missing")

    assert not FocusHandoff("win32", windows_allow=broken).before_activation_request()


def test_linux_does_nothing() -> None:
    def fail() -> bool:
        raise AssertionError("called")

    handoff = FocusHandoff("linux", windows_allow=fail)
    handoff.palette_shown()
    assert handoff.before_activation_request()
    handoff.palette_hidden()
    assert make_foreground_handoff("linux")()


def test_missing_appkit_degrades_to_nothing() -> None:
    def unavailable() -> FakeAppKit:
        raise OSError("no AppKit")

    handoff = FocusHandoff("darwin", mac_api=unavailable)
    handoff.palette_shown()
    assert handoff.before_activation_request()
    handoff.palette_hidden()
