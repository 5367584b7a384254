"""A manager makes a join code on the ward computer; a person using the service joins with it from
their own phone, choosing only a name and a password. axe-core checks every page on the way."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from teams.models import Membership, Role

pytestmark = pytest.mark.browser


def test_a_person_using_the_service_joins_from_their_phone_with_a_join_code(
    page: Page, browser: Browser, browser_context_args: dict, live_server, manager, sign_in, axe
):
    sign_in(manager)
    page.goto(f"{live_server.url}/t/willow-ward/members/")
    axe()
    page.get_by_role("button", name="Create a join code").click()
    axe()
    page.get_by_role("button", name="Create the code").click()
    code = page.locator(".app-join-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    axe()

    # Their own phone: a fresh browser, nobody signed in.
    phone = browser.new_context(**browser_context_args).new_page()
    try:
        phone.goto(f"{live_server.url}/join/")
        phone.get_by_label("Your join code").fill("WRONG-CODE")
        phone.get_by_role("button", name="Continue").click()
        expect(phone.get_by_role("alert")).to_contain_text("There is a problem")
        expect(phone.get_by_label("Your join code")).to_have_value("WRONG-CODE")
        axe(phone)

        # Typed as people do: small letters, a space instead of the dash.
        phone.get_by_label("Your join code").fill(code.lower().replace("-", " "))
        phone.get_by_role("button", name="Continue").click()
        expect(phone.get_by_role("heading", name="About you")).to_be_visible()
        axe(phone)

        phone.get_by_label("Your name").fill("River")
        phone.get_by_label("Choose a password", exact=True).fill("sunflowers and tea")
        phone.get_by_role("button", name="Join Willow Ward").click()
        expect(phone.get_by_role("heading", name="Welcome to Willow Ward")).to_be_visible()
        sign_in_name = phone.locator(".app-join-code").inner_text().strip()
        assert sign_in_name.startswith("river-")
        axe(phone)

        phone.get_by_role("button", name="Go to Willow Ward").click()
        expect(phone.locator("header")).to_contain_text("River")
        axe(phone)
    finally:
        phone.context.close()

    joined = Membership.objects.get(team=manager.team, user__username=sign_in_name)
    assert joined.role == Role.SERVICE_USER
    assert joined.user.email == ""
