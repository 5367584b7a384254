"""Rating on the page of all statements: a save never wipes what the person is typing meanwhile,
and arrow keys passing through the options save (and say "Saved.") once, for the option they stop
on. axe-core finds no accessibility problems on the page, before and after."""

import pytest
from playwright.sync_api import Page, Request, Route, expect

from trip.models import BenchmarkRating, Statement
from trip.tests.factories import BenchmarkRatingFactory, BenchmarkRoundFactory, CycleFactory, StatementFactory

pytestmark = pytest.mark.browser

SAVES = "**/trip/rounds/*/statements/*/"

# Each time the card's status line is given "Saved.", as a screen reader would hear it.
LISTEN = """id => {
  window.__said = [];
  const region = document.getElementById(id);
  new MutationObserver((changes) => changes.forEach((change) => change.addedNodes.forEach((node) => {
    if (node.textContent.trim()) window.__said.push(node.textContent.trim());
  }))).observe(region, { childList: true, subtree: true });
}"""


@pytest.fixture
def round(ward):
    return BenchmarkRoundFactory(cycle=CycleFactory(team=ward), name="Spring check-in")


def _open_all(page: Page, live_server, round) -> None:
    page.goto(f"{live_server.url}/t/willow-ward/trip/rounds/{round.pk}/?all")
    page.evaluate("window.__notReloaded = true")


def _saves(page: Page) -> list[Request]:
    posts: list[Request] = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)
    return posts


def test_typing_in_the_second_note_box_survives_the_save_of_the_first(
    page: Page, live_server, ward, service_user, sign_in, axe, round
):
    statement = StatementFactory(team=ward, text="We offer evening appointments.")
    StatementFactory(team=ward, text="We plan leave together.")
    BenchmarkRatingFactory(round=round, statement=statement, member=service_user, score=3)
    sign_in(service_user)
    _open_all(page, live_server, round)
    axe()
    card = page.locator(f"#statement-{statement.pk}")
    card.get_by_role("link", name=f"Add a note to “{statement.text}”").click()
    achieved = card.get_by_label("What we have achieved (optional)")
    next_step = card.get_by_label("What could be next (optional)")
    expect(achieved).to_be_focused()

    # The first box's save reaches the server, but its answer is held up on the way back, as on
    # a slow phone connection, until the person is well into the second box.
    held: list[tuple[Route, object]] = []

    def hold(route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        held.append((route, route.fetch()))

    page.route(SAVES, hold)
    page.keyboard.type("A new welcome pack")
    page.keyboard.press("Tab")
    expect(next_step).to_be_focused()
    page.keyboard.type("Ask people what time ")
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(20)
    assert len(held) == 1, "the first box was not saved on leaving it"
    first_save = BenchmarkRating.objects.get(statement=statement, member=service_user)
    assert first_save.achieved == "A new welcome pack"
    # On a busy machine the save may leave once the first letters of the second box are typed.
    assert "Ask people what time ".startswith(first_save.next_step)

    route, response = held.pop()
    route.fulfill(response=response)
    expect(card.get_by_role("status")).to_have_text("Saved.")
    page.keyboard.type("suits them")
    expect(next_step).to_have_value("Ask people what time suits them")
    expect(next_step).to_be_focused()
    expect(achieved).to_have_value("A new welcome pack")
    page.unroute(SAVES, hold)

    # Leaving the second box saves both notes.
    with page.expect_response(lambda r: r.request.method == "POST") as second_save:
        page.keyboard.press("Tab")
    assert second_save.value.ok
    rating = BenchmarkRating.objects.get(statement=statement, member=service_user)
    assert (rating.score, rating.achieved, rating.next_step) == (
        3,
        "A new welcome pack",
        "Ask people what time suits them",
    )
    assert page.evaluate("window.__notReloaded === true")
    axe()


def test_arrow_keys_through_the_options_save_the_last_one_once(
    page: Page, live_server, ward, staff, sign_in, axe, round
):
    statement = StatementFactory(team=ward, text="We offer evening appointments.")
    StatementFactory(team=ward, text="We plan leave together.")
    sign_in(staff)
    _open_all(page, live_server, round)
    axe()
    posts = _saves(page)
    page.evaluate(LISTEN, f"saved-{statement.pk}")
    card = page.locator(f"#statement-{statement.pk}")
    status = card.get_by_role("status")

    card.get_by_label("Not yet", exact=True).focus()
    for key in ("ArrowDown", "ArrowRight", "ArrowDown"):
        page.keyboard.press(key)
    expect(card.get_by_label("Mostly in place", exact=True)).to_be_checked()
    page.wait_for_timeout(500)  # time enough for a save, had passing an option sent one
    assert posts == []
    assert not BenchmarkRating.objects.exists()

    # Leaving the options makes the one they stopped on the answer.
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.keyboard.press("Tab")
    expect(status).to_have_text("Saved.")
    total = Statement.objects.in_use_by(ward).count()
    expect(page.locator("#progress")).to_contain_text(f"1 of {total} answered")
    assert len(posts) == 1
    assert f"s{statement.pk}-answer=4" in posts[0].post_data
    assert BenchmarkRating.objects.get(statement=statement).score == 4
    # Coming back to the options and leaving them again, unchanged, saves nothing more.
    page.keyboard.press("Shift+Tab")
    expect(card.get_by_label("Mostly in place", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    page.wait_for_timeout(500)
    assert len(posts) == 1
    assert page.evaluate("window.__said") == ["Saved."]

    # Space confirms the option the arrow keys chose, in place, as a tap would.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowUp")
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.keyboard.press("Space")
    expect(status).to_have_text("Saved.")
    assert len(posts) == 2 and f"s{statement.pk}-answer=3" in posts[1].post_data
    assert BenchmarkRating.objects.get(statement=statement).score == 3
    assert page.evaluate("window.__notReloaded === true")
    axe()
