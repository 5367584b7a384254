"""The little-miracles pages in a real browser at a phone's size: the htmx parts work without a page
reload, and axe-core finds no accessibility problems on any of them."""

import pytest
from playwright.sync_api import Page, expect

from successes.models import Success
from tests.factories import SuccessFactory

pytestmark = pytest.mark.browser


def still_the_same_page(page: Page) -> bool:
    return page.evaluate("window.__notReloaded === true")


def test_handover_saves_changes_and_deletes_in_place(page: Page, live_server, staff, colleague, sign_in, axe):
    sign_in(staff)
    page.goto(f"{live_server.url}/t/willow-ward/handover/")
    page.evaluate("window.__notReloaded = true")
    axe()

    # Choosing another shift shows that shift's round.
    page.get_by_label("Late", exact=True).check()
    expect(page.locator("#round-heading")).to_contain_text("Late shift round")
    page.get_by_label("Early", exact=True).check()
    expect(page.locator("#round-heading")).to_contain_text("Early shift round")

    page.get_by_label("What went well on this shift?").fill("Helped someone <b>plan</b> a walk.")
    page.get_by_text("Name who helped (optional)").click()
    page.get_by_label("Priya").check()
    page.get_by_role("button", name="Save", exact=True).click()

    round_ = page.locator("#round")
    expect(page.get_by_role("status")).to_contain_text("Saved. Thank you for sharing what went well.")
    expect(round_).to_contain_text("Helped someone <b>plan</b> a walk.")
    expect(round_).to_contain_text("with thanks to Priya")
    expect(page.get_by_label("What went well on this shift?")).to_have_value("")
    assert still_the_same_page(page)
    axe()

    round_.get_by_role("link", name="Change").click()
    edit = round_.get_by_label("What went well on this shift?")
    edit.fill("Helped someone plan a walk to the park.")
    round_.get_by_role("button", name="Save changes").click()
    expect(round_).to_contain_text("Your changes are saved.")
    expect(round_).to_contain_text("Helped someone plan a walk to the park.")
    assert Success.objects.get().text == "Helped someone plan a walk to the park."
    axe()

    round_.get_by_role("link", name="Delete").click()
    round_.get_by_role("button", name="Yes, delete it").click()
    expect(round_).to_contain_text("Your entry is deleted.")
    assert not Success.objects.exists()
    assert still_the_same_page(page)


def test_each_save_adds_to_the_top_of_the_round_with_what_colleagues_shared_meanwhile(
    page: Page, live_server, staff, colleague, sign_in
):
    sign_in(staff)
    page.goto(f"{live_server.url}/t/willow-ward/handover/")
    page.evaluate("window.__notReloaded = true")
    text = page.get_by_label("What went well on this shift?")
    save = page.get_by_role("button", name="Save", exact=True)
    text.fill("First: a calm breakfast.")
    save.click()
    expect(page.locator("#round-list li.app-round__entry")).to_have_count(1)
    # Meanwhile a colleague shares at the same handover from the office computer.
    shift = page.locator("input[name=shift]:checked").input_value()
    SuccessFactory(author=colleague, shift=shift, text="Priya's: a game of cards.")

    text.fill("Second: a walk by the canal.")
    save.click()

    entries = page.locator("#round-list > li.app-round__entry > .app-miracle__text")
    expect(entries).to_have_text(
        ["Second: a walk by the canal.", "Priya's: a game of cards.", "First: a calm breakfast."]
    )
    expect(text).to_have_value("")
    assert still_the_same_page(page)


def test_the_character_count_counts_an_emoji_as_the_server_does(page: Page, live_server, staff, sign_in):
    sign_in(staff)
    page.goto(f"{live_server.url}/t/willow-ward/handover/")
    box = page.get_by_label("What went well on this shift?")
    counter = page.locator(".nhsuk-character-count:has(#id_text) .nhsuk-character-count__status")

    # 👍🏽 is one thing to the eye and two characters when saved: 999 of them and "abc" make 2,001.
    box.fill("\U0001f44d\U0001f3fd" * 999 + "abc")
    expect(counter).to_have_text("You have 1 character too many")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Keep it to 2000 characters or fewer. It is 2001 now")

    box.fill("\U0001f44d\U0001f3fd" * 999 + "ab")
    expect(counter).to_have_text("You have 0 characters remaining")


def test_a_mistake_at_handover_keeps_what_was_typed(page: Page, live_server, staff, sign_in, axe):
    sign_in(staff)
    page.goto(f"{live_server.url}/t/willow-ward/handover/")

    page.get_by_label("What went well on this shift?").fill("x" * 2001)
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("alert")).to_contain_text("Keep it to 2000 characters or fewer")
    expect(page.get_by_label("What went well on this shift?")).to_have_value("x" * 2001)
    axe()


def test_the_wall_its_meeting_mode_and_a_thank_you(page: Page, live_server, staff, colleague, sign_in, axe):
    Success.objects.create(team=staff.team, author=colleague, shift="early", text="A calm, kind breakfast.")
    sign_in(staff)

    page.goto(f"{live_server.url}/t/willow-ward/wall/")
    expect(page.get_by_text("A calm, kind breakfast.")).to_be_visible()
    axe()

    page.get_by_role("link", name="Meeting mode").click()
    expect(page.locator(".app-wall--meeting")).to_contain_text("A calm, kind breakfast.")
    axe()
    page.get_by_role("link", name="Leave meeting mode").click()

    page.get_by_role("link", name="Earlier weeks").click()
    expect(page.get_by_role("heading", name="Earlier weeks")).to_be_visible()
    axe()

    page.goto(f"{live_server.url}/t/willow-ward/thank-you/")
    axe()
    page.get_by_label("Who would you like to thank?").select_option(label="Priya (staff)")
    page.get_by_label("Your message").fill("Thank you for a calm breakfast.")
    page.get_by_role("button", name="Send thank-you").click()

    expect(page).to_have_url(f"{live_server.url}/t/willow-ward/wall/")
    expect(page.get_by_text("Your thank-you to Priya is on the wall.")).to_be_visible()
    expect(page.locator("#wall")).to_contain_text("Thank you for a calm breakfast.")

    page.goto(f"{live_server.url}/t/willow-ward/thanks-received/")
    axe()


def test_the_pages_without_javascript_are_accessible_too(page: Page, live_server, staff, sign_in, axe):
    success = Success.objects.create(team=staff.team, author=staff, shift="late", text="A good evening.")
    sign_in(staff)

    for address in (
        f"/t/willow-ward/handover/{success.pk}/edit/",
        f"/t/willow-ward/handover/{success.pk}/delete/",
        "/t/willow-ward/wall/?week=not-a-week",
        "/t/willow-ward/wall/?week=2026-01-05",
    ):
        page.goto(f"{live_server.url}{address}")
        axe()


def test_a_community_team_logs_today_without_being_asked_for_a_shift(
    page: Page, live_server, ward, staff, sign_in, axe
):
    ward.works_shifts = False
    ward.save()
    sign_in(staff)
    page.goto(f"{live_server.url}/t/willow-ward/handover/")
    expect(page.locator("#round-heading")).to_contain_text("Today's round")
    expect(page.get_by_role("group", name="Shift")).to_have_count(0)
    expect(page.get_by_text("shift", exact=False)).to_have_count(0)
    axe()

    page.get_by_label("What went well today?").fill("Someone came to the cooking course for the first time.")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text("Saved. Thank you for sharing what went well.")
    expect(page.locator("#round")).to_contain_text("Someone came to the cooking course for the first time.")
    assert Success.objects.get().shift == "day"
    axe()
