"""The language lens in a real browser at a phone's size: a hint appears while typing a little
miracle, one tap puts an alternative in place, saving still works and counts the hints taken up,
and axe-core finds no problems on the handover page with hints showing or on the words page; a
letter is checked, kept as a house text and made a TRIP priority, axe-core checking every page."""

import pytest
from playwright.sync_api import Page, expect

from conversations import seed
from conversations.models import LanguageMonth, Phrase
from successes.models import Success
from trip.tests.factories import CycleFactory

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def built_in_words(transactional_db):
    """The built-in words come from a data migration, and a live server's database is emptied
    after each test: put them back."""
    if not Phrase.objects.filter(team__isnull=True).exists():
        Phrase.objects.bulk_create(seed.rows(Phrase))


def test_a_hint_while_typing_and_an_alternative_with_one_tap(page: Page, live_server, staff, sign_in, axe):
    sign_in(staff)
    page.goto(f"{live_server.url}/t/willow-ward/handover/")
    field = page.get_by_label("What went well on this shift?")
    field.press_sequentially("Patient was non-compliant", delay=20)

    hints = page.locator("#lens-id_text")
    expect(hints).to_contain_text("\u201cnon-compliant\u201d: It hides the person's reasons")
    expect(hints).to_contain_text("\u201cPatient\u201d")
    axe()

    hints.get_by_role("button", name="Use making their own choice instead of \u201cnon-compliant\u201d").tap()
    expect(field).to_have_value("Patient was making their own choice")
    hints.get_by_role("button", name="Use person instead of \u201cPatient\u201d").tap()
    expect(field).to_have_value("person was making their own choice")
    expect(hints.locator("[data-lens-hint]")).to_have_count(0)

    field.fill("Patient was calm at breakfast")
    expect(hints).to_contain_text("\u201cPatient\u201d")
    hints.get_by_role("button", name="Keep my words \u201cPatient\u201d").tap()
    expect(hints.locator("[data-lens-hint]")).to_have_count(0)
    field.press_sequentially(" and lunch", delay=20)
    page.wait_for_timeout(1200)  # the lens has asked again; the kept phrase stays quiet
    expect(hints.locator("[data-lens-hint]")).to_have_count(0)

    counts = page.locator('[data-lens-counts="id_text"]')
    expect(counts).to_have_value("2,2")  # two phrases shown, both alternatives taken
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Saved. Thank you for sharing what went well.")
    assert Success.objects.get().text == "Patient was calm at breakfast and lunch"
    # The team's month counts the hints taken up, and the emptied form starts counting afresh.
    month = LanguageMonth.objects.get()
    assert (month.hints_shown, month.hints_taken, month.words) == (2, 2, 7)
    expect(counts).to_have_value("0,0")
    axe()


def test_a_hint_under_the_thank_you_and_the_words_pages(
    page: Page, live_server, manager, colleague, sign_in, axe
):
    sign_in(manager)
    page.goto(f"{live_server.url}/t/willow-ward/thank-you/")
    message = page.get_by_label("Your message")
    message.press_sequentially("Thank you, you should rest more", delay=20)
    hints = page.locator("#lens-id_message")
    expect(hints).to_contain_text("\u201cyou should\u201d")
    axe()

    hints.get_by_role("link", name="Why these hints?").click()
    expect(page.get_by_role("heading", name="Words we use")).to_be_visible()
    axe()

    page.get_by_role("link", name="Switch off hints about patient for our team").click()
    page.get_by_role("button", name="Switch it off for our team").click()
    expect(page.get_by_role("alert")).to_contain_text("Say why")
    axe()
    page.get_by_label("Why your team does not want this hint").fill("We are a GP surgery.")
    page.get_by_role("button", name="Switch it off for our team").click()
    expect(page.get_by_text("Your team will no longer see hints about")).to_be_visible()

    page.get_by_role("button", name="Propose a phrase").click()
    page.get_by_label("The phrase").fill("challenging")
    page.get_by_label("Deficit label").check()
    page.get_by_label("Why it matters, in one sentence").fill("It blames the person for their distress.")
    page.get_by_label("Two or three things to say instead").fill("distressed\nupset")
    page.get_by_role("button", name="Propose it").click()
    expect(page.get_by_text("Your phrase is proposed")).to_be_visible()
    axe()
    page.get_by_role("button", name="Use it").click()
    expect(page.get_by_text("is now in your team's words")).to_be_visible()
    axe()


def test_a_letter_checked_kept_and_made_a_priority(page: Page, live_server, service_user, sign_in, axe):
    CycleFactory(team=service_user.team, name="Spring 2027")
    sign_in(service_user)
    page.goto(f"{live_server.url}/t/willow-ward/words/check-a-text/")
    axe()
    page.get_by_label("Your letter, poster or note").fill(
        "Dear patient,\nYou must arrive early. Patients who fail to attend will be discharged."
    )
    page.get_by_role("button", name="Check it").click()
    expect(page.get_by_role("heading", name="What we found")).to_be_visible()
    expect(page.locator(".app-checked-text mark")).to_have_count(4)
    axe()

    page.get_by_role("button", name="Keep this version").click()
    expect(page.get_by_role("alert")).to_contain_text("Give it a name")
    expect(page.get_by_label("Your letter, poster or note")).to_have_value(
        "Dear patient,\nYou must arrive early. Patients who fail to attend will be discharged."
    )
    axe()
    page.get_by_label("What is it?").fill("Our first-appointment letter")
    page.get_by_role("button", name="Keep this version").click()
    expect(page.get_by_role("heading", name="Our first-appointment letter")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("is kept.")
    axe()

    page.get_by_role("button", name="Make it a TRIP priority").click()
    expect(page.get_by_label("Name of the priority")).to_have_value(
        "A friendlier \u201cOur first-appointment letter\u201d"
    )
    axe()


def test_a_rule_added_answered_from_a_phone_and_decided(
    page: Page, live_server, manager, service_user, sign_in, axe
):
    sign_in(service_user)
    page.goto(f"{live_server.url}/t/willow-ward/words/rules/")
    axe()
    page.get_by_role("button", name="Add a rule").click()
    page.get_by_label("The rule").fill("No visitors from 12 to 2")
    page.get_by_role("button", name="Add the rule").click()
    expect(page.get_by_role("alert")).to_contain_text("Please say why the rule exists.")
    expect(page.get_by_label("The rule")).to_have_value("No visitors from 12 to 2")
    axe()
    page.get_by_label("Why does it exist?").fill("Lunch and a quiet hour.")
    page.get_by_label("Who does it affect, and how?").fill("Families who work.")
    page.get_by_role("button", name="Add the rule").click()
    expect(page.get_by_role("heading", name="No visitors from 12 to 2")).to_be_visible()

    page.get_by_label("It makes things harder for me").check()
    page.get_by_label("Anything you would like to say about it? (optional)").fill("My husband works.")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you for saying how this rule feels to you.")
    expect(page.get_by_text("1 person has answered so far.")).to_be_visible()
    axe()

    page.context.clear_cookies()
    sign_in(manager)
    page.goto(f"{live_server.url}/t/willow-ward/words/rules/")
    page.get_by_role("link", name="No visitors from 12 to 2").click()
    page.get_by_role("button", name="Close the answers").click()
    expect(page.get_by_text("Fewer than 3 people answered")).to_be_visible()
    page.get_by_label("Tailor it to each person").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("We decided: Tailor it to each person.")).to_be_visible()
    axe()
