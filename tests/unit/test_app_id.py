"""The app id follows GApplication's documented rules, and is the one id used everywhere."""

from __future__ import annotations

import re

import pytest

from sessiondock_launcher.desktop.app_id import APP_ID, DESKTOP_FILE_NAME, LEGACY_DESKTOP_FILE_NAME

_ELEMENT = re.compile(r"[A-Za-z_-][A-Za-z0-9_-]*")


def g_application_id_is_valid(application_id: str) -> bool:
    """``g_application_id_is_valid()`` as GLib documents it.

    Application identifiers follow the D-Bus well-known bus name rules: composed of 2 or more
    elements separated by a period; each element only ``[A-Z][a-z][0-9]_-``, not beginning with
    a digit; no empty elements (no leading, trailing or double period); not beginning with a
    period; at most 255 characters.
    """
    if not 0 < len(application_id) <= 255 or "." not in application_id:
        return False
    return all(_ELEMENT.fullmatch(element) for element in application_id.split("."))


@pytest.mark.parametrize(
    ("candidate", "valid"),
    [
        ("org.gnome.Builder", True),
        ("com.sessiondock.Launcher", True),
        ("org._7_zip.Archiver", True),
        ("sessiondock-launcher", False),  # the old id: no dot
        ("org.7zip.Archiver", False),  # element starts with a digit
        ("org..gnome", False),
        (".org.gnome", False),
        ("org.gnome.", False),
        ("org.gnome.Build€r", False),
        ("a." + "b" * 253, True),
        ("a." + "b" * 254, False),  # 256 characters
    ],
)
def test_the_rules_themselves(candidate: str, valid: bool) -> None:
    assert g_application_id_is_valid(candidate) is valid


def test_app_id_is_valid_and_names_the_desktop_file() -> None:
    assert g_application_id_is_valid(APP_ID)
    assert f"{APP_ID}.desktop" == DESKTOP_FILE_NAME
    assert not g_application_id_is_valid(LEGACY_DESKTOP_FILE_NAME.removesuffix(".desktop"))


def test_every_linux_integration_uses_the_one_id() -> None:
    from sessiondock_launcher.desktop.autostart import DESKTOP_FILE_NAME as AUTOSTART_NAME
    from sessiondock_launcher.desktop.hotkeys.portal import APP_ID as PORTAL_ID
    from sessiondock_launcher.resources import resources_dir

    assert PORTAL_ID == APP_ID
    assert AUTOSTART_NAME == DESKTOP_FILE_NAME
    assert (resources_dir() / "linux" / DESKTOP_FILE_NAME).is_file()
