"""Settings from the environment, base-URL validation and the token host policy."""

from __future__ import annotations

import pytest

from sessiondock_launcher.api import (
    DEFAULT_BASE_URL,
    ClientSettings,
    InsecureHostError,
    InvalidBaseUrl,
    check_token_destination,
    from_env,
    is_loopback_host,
    normalize_base_url,
)
from sessiondock_launcher.api.config import origin_of, same_origin

TOKEN = "tok-CONFIG-5ecret"


def test_from_env_defaults() -> None:
    settings = from_env({})
    assert settings.base_url == DEFAULT_BASE_URL == "http://127.0.0.1:18432/api/v1"
    assert settings.token is None


def test_from_env_reads_sessiondock_variables() -> None:
    settings = from_env(
        {"SESSIONDOCK_BASE_URL": "http://localhost:9000/api/v1/", "SESSIONDOCK_TOKEN": TOKEN}
    )
    assert settings.base_url == "http://localhost:9000/api/v1"
    assert settings.token == TOKEN


def test_from_env_empty_values_count_as_unset() -> None:
    settings = from_env({"SESSIONDOCK_BASE_URL": "  ", "SESSIONDOCK_TOKEN": " \n"})
    assert settings.base_url == DEFAULT_BASE_URL
    assert settings.token is None


def test_from_env_strips_pasted_whitespace_from_token() -> None:
    assert from_env({"SESSIONDOCK_TOKEN": f" {TOKEN}\n"}).token == TOKEN


def test_from_env_rejects_a_bad_url_with_an_actionable_message() -> None:
    with pytest.raises(InvalidBaseUrl) as info:
        from_env({"SESSIONDOCK_BASE_URL": "127.0.0.1:18432/api/v1"})
    assert "http://" in str(info.value)
    assert "http://127.0.0.1:18432/api/v1" in info.value.user_message


def test_settings_repr_hides_the_token() -> None:
    settings = ClientSettings(token=TOKEN)
    assert TOKEN not in repr(settings)
    assert TOKEN not in str(settings)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("http://127.0.0.1:18432/api/v1", "http://127.0.0.1:18432/api/v1"),
        ("http://127.0.0.1:18432/api/v1/", "http://127.0.0.1:18432/api/v1"),
        ("http://127.0.0.1:18432/api/v1///", "http://127.0.0.1:18432/api/v1"),
        ("  HTTP://LOCALHOST:18432/api/v1 ", "http://localhost:18432/api/v1"),
        ("http://127.0.0.1:18432", "http://127.0.0.1:18432/api/v1"),
        ("http://127.0.0.1:18432/", "http://127.0.0.1:18432/api/v1"),
        ("http://[::1]:18432/api/v1", "http://[::1]:18432/api/v1"),
        ("https://dock.example.com/sd/api/v1", "https://dock.example.com/sd/api/v1"),
    ],
)
def test_normalize_base_url(raw: str, expected: str) -> None:
    assert normalize_base_url(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "http"),
        ("127.0.0.1:18432", "http"),
        ("ftp://127.0.0.1/api/v1", "http"),
        ("file:///tmp/x", "http"),
        ("http:///api/v1", "host"),
        ("http://127.0.0.1:99999/api/v1", "parsed"),
        ("http://127.0.0.1:18432/api/v1?x=1", "'?'"),
        ("http://127.0.0.1:18432/api/v1#top", "'#'"),
        ("http://[::1/api/v1", "parsed"),
    ],
)
def test_invalid_base_urls(raw: str, reason: str) -> None:
    with pytest.raises(InvalidBaseUrl) as info:
        normalize_base_url(raw)
    assert reason in str(info.value)
    assert isinstance(info.value, ValueError)


def test_credentials_in_base_url_are_refused_and_not_echoed() -> None:
    with pytest.raises(InvalidBaseUrl) as info:
        normalize_base_url(f"http://user:{TOKEN}@127.0.0.1:18432/api/v1")
    assert TOKEN not in str(info.value)
    assert TOKEN not in info.value.user_message


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("localhost", True),
        ("LOCALHOST", True),
        ("::1", True),
        ("[::1]", True),
        ("::ffff:127.0.0.1", True),
        ("0.0.0.0", False),
        ("10.0.0.5", False),
        ("192.168.1.2", False),
        ("::", False),
        ("localhost.evil.com", False),
        ("127.0.0.1.nip.io", False),
        ("example.com", False),
    ],
)
def test_is_loopback_host(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


def test_token_may_go_to_loopback_over_http_and_https() -> None:
    check_token_destination("http://127.0.0.1:18432/api/v1")
    check_token_destination("https://localhost/api/v1")
    check_token_destination("http://[::1]:18432/api/v1")


def test_token_refused_for_non_loopback_http() -> None:
    with pytest.raises(InsecureHostError, match="not this computer"):
        check_token_destination("http://192.168.1.20:18432/api/v1")


def test_token_refused_for_allowlisted_host_over_http() -> None:
    with pytest.raises(InsecureHostError, match="https"):
        check_token_destination("http://studio.example.com/api/v1", {"studio.example.com"})


def test_token_allowed_for_allowlisted_host_over_https() -> None:
    check_token_destination("https://Studio.Example.com:8443/api/v1", {"studio.example.COM"})


def test_token_refused_for_https_host_not_in_allowlist() -> None:
    with pytest.raises(InsecureHostError):
        check_token_destination("https://other.example.com/api/v1", {"studio.example.com"})


def test_origin_helpers() -> None:
    assert origin_of("http://127.0.0.1:18432/api/v1") == "http://127.0.0.1:18432"
    assert same_origin("http://localhost/x", "http://localhost:80/y")
    assert same_origin("https://h.example/x", "https://H.EXAMPLE:443")
    assert not same_origin("http://127.0.0.1:18432/x", "http://127.0.0.1:18433/x")
    assert not same_origin("http://127.0.0.1:18432/x", "https://127.0.0.1:18432/x")
    assert not same_origin("http://127.0.0.1:18432/x", "http://localhost:18432/x")
