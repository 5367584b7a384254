"""Behind a proxy, sign-in lockouts and join-code limits count each browser, not the proxy; and
a browser cannot escape them by writing its own X-Forwarded-For."""

import pytest

from recovery_culture.lib.client_ip import client_ip

PASSWORD = "a-good-long-password"


def sign_in(client, username, password, **headers):
    return client.post("/sign-in/", {"username": username, "password": password}, **headers)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy: the header is the sender's own words
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # what the browser wrote is further left
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.1"),  # did not come through both proxies
        (1, "", "10.0.0.1"),
    ],
)
def test_the_browsers_address_is_read_through_the_trusted_proxies(rf, settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_a_proxy_one_persons_slips_do_not_lock_out_the_next_browser(client, settings, service_user):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        sign_in(client, "alex", "wrong-guess", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    locked = sign_in(client, "alex", PASSWORD, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert locked.status_code == 429

    elsewhere = sign_in(client, "alex", PASSWORD, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert elsewhere.status_code == 302


def test_without_a_proxy_a_forged_header_does_not_lift_the_pause(client, settings, service_user):
    settings.TRUSTED_PROXY_COUNT = 0
    for _ in range(5):
        sign_in(client, "alex", "wrong-guess", REMOTE_ADDR="203.0.113.9")
    forged = sign_in(client, "alex", PASSWORD, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert forged.status_code == 429


def test_wrong_join_codes_are_counted_per_browser_behind_a_proxy(client, settings, db):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(11):
        client.post(
            "/join/", {"code": "WXYZ7896"}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9"
        )
    paused = client.post(
        "/join/", {"code": "WXYZ7896"}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert paused.status_code == 429
    other = client.post(
        "/join/", {"code": "WXYZ7896"}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4"
    )
    assert other.status_code == 200
