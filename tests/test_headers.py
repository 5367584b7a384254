"""Headers every page carries: a Content-Security-Policy whose one inline script has the page's
nonce, a Permissions-Policy, and nothing a shared computer or a proxy may keep."""

import re

import pytest


def test_pages_allow_only_our_own_scripts_with_the_pages_nonce(client_for, staff):
    response = client_for(staff).get("/t/willow-ward/handover/")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    html = response.content.decode()

    assert "script-src 'self' 'nonce-" in policy
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline_scripts, "the page has its NHS.UK and htmx initialisers"
    assert all(f'nonce="{nonce}"' in attributes for attributes in inline_scripts)


def test_each_response_gets_a_new_nonce(client, db):
    first = client.get("/sign-in/")["Content-Security-Policy"]
    second = client.get("/sign-in/")["Content-Security-Policy"]
    assert first != second


def test_pages_say_no_camera_microphone_or_location(client, db):
    policy = client.get("/sign-in/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


@pytest.mark.parametrize(
    "path",
    [
        "/t/willow-ward/supervision/",
        "/t/willow-ward/wall/",
        "/t/willow-ward/handover/",
        "/t/willow-ward/members/",
    ],
)
def test_private_pages_are_never_stored(client_for, manager, path):
    response = client_for(manager).get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_sign_in_page_is_not_stored_either(client, db):
    assert "no-store" in client.get("/sign-in/")["Cache-Control"]
