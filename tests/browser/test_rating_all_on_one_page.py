"""Rating on the page of all statements: a save never wipes what the person is typing meanwhile.
axe-core finds no accessibility problems on the page, before and after."""

import pytest
from playwright.sync_api import Page, Route, expect

from trip.models import BenchmarkRating
from trip.tests.factories import BenchmarkRatingFactory, BenchmarkRoundFactory, CycleFactory, StatementFactory

pytestmark = pytest.mark.browser

SAVES = "**/trip/rounds/*/statements/*/"


@pytest.fixture
def round(ward):
    return BenchmarkRoundFactory(cycle=CycleFactory(team=ward), name="Spring check-in")


def _open_all(page: Page, live_server, round) -> None:
    page.goto(f"{live_server.url}/t/willow-ward/trip/rounds/{round.pk}/?all")
    page.evaluate("window.__notReloaded = true")


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
    assert (first_save.achieved, first_save.next_step) == ("A new welcome pack", "")

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
