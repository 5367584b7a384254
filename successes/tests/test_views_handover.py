import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from successes.models import TEXT_LIMIT, Success
from tests.factories import MembershipFactory, SuccessFactory, UserFactory

LONDON = ZoneInfo("Europe/London")
# Thursday afternoon: the early shift's handover.
THURSDAY_2PM = dt.datetime(2026, 11, 26, 14, 0, tzinfo=LONDON)

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, **kwargs) -> str:
    return reverse(f"successes:{name}", kwargs={"team": "willow-ward", **kwargs})


@pytest.fixture(autouse=True)
def thursday_afternoon():
    with time_machine.travel(THURSDAY_2PM, tick=False) as traveller:
        yield traveller


def entry(**data) -> dict:
    return {
        "shift": "early",
        "text": "Sat with someone while they rang their sister.",
        "on_wall": "true",
        **data,
    }


# --- The handover page --------------------------------------------------------------------------


def test_the_shift_is_chosen_from_the_clock(client_for, staff):
    response = client_for(staff).get(url("handover"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="early" checked' in html
    assert "What went well on this shift?" in html
    assert "identify a person using the service" in html
    assert "Name who helped (optional)" in html


def test_the_night_shift_is_chosen_in_the_morning(client_for, staff, thursday_afternoon):
    thursday_afternoon.move_to(dt.datetime(2026, 11, 26, 7, 30, tzinfo=LONDON))

    response = client_for(staff).get(url("handover"))

    assert 'value="night" checked' in response.content.decode()


def test_colleagues_who_can_be_named_are_the_teams_active_staff_but_not_me(
    client_for, staff, colleague, manager, service_user
):
    gone = MembershipFactory(team=staff.team, user=UserFactory(display_name="Gone Gareth"))
    gone.leave()

    html = client_for(staff).get(url("handover")).content.decode()

    assert f'name="helpers" type="checkbox" value="{colleague.pk}"' in html
    assert f'name="helpers" type="checkbox" value="{manager.pk}"' in html
    assert f'value="{staff.pk}"' not in html
    assert f'value="{service_user.pk}"' not in html
    assert "Gone Gareth" not in html


def test_the_round_shows_todays_entries_for_the_shift_newest_first(client_for, staff, colleague):
    SuccessFactory(
        author=colleague, text="First: a calm breakfast.", created_at=THURSDAY_2PM - dt.timedelta(hours=2)
    )
    SuccessFactory(
        author=staff, text="Second: a walk by the canal.", created_at=THURSDAY_2PM - dt.timedelta(hours=1)
    )
    SuccessFactory(author=staff, text="Late shift, not this round.", shift="late")
    SuccessFactory(author=staff, text="Yesterday's story.", created_at=THURSDAY_2PM - dt.timedelta(days=1))

    html = client_for(staff).get(url("handover")).content.decode()

    assert html.index("Second: a walk by the canal.") < html.index("First: a calm breakfast.")
    assert "Late shift, not this round." not in html
    assert "Yesterday&#39;s story." not in html
    assert "Early shift round, Thursday 26 November 2026" in html


def a_busy_round(author, entries: int) -> list[Success]:
    """`entries` of this shift's round, "Entry 1." the newest, saved in the order they were written."""
    saved = [
        SuccessFactory(author=author, text=f"Entry {n}.", created_at=THURSDAY_2PM - dt.timedelta(minutes=n))
        for n in range(entries, 0, -1)
    ]
    return saved[::-1]


def test_a_busy_round_shows_its_newest_fifty_and_offers_more(client_for, staff, colleague):
    entries = a_busy_round(colleague, 52)

    html = client_for(staff).get(url("handover")).content.decode()

    assert "Entry 1." in html and "Entry 50." in html
    assert "Entry 51." not in html and "Entry 52." not in html
    assert "(50 of 52 shown)" in html
    more = f'href="/t/willow-ward/handover/?shift=early&amp;shown=100#success-{entries[49].pk}"'
    assert f"{more}>Show more from this round" in html


def test_show_more_lists_the_rest_of_the_round(client_for, staff, colleague):
    a_busy_round(colleague, 52)

    html = client_for(staff).get(url("handover") + "?shift=early&shown=100").content.decode()

    assert "Entry 52." in html
    assert "Show more from this round" not in html


def test_a_round_that_fits_offers_nothing_more(client_for, staff, colleague):
    a_busy_round(colleague, 50)

    html = client_for(staff).get(url("handover")).content.decode()

    assert "Entry 50." in html
    assert "Show more from this round" not in html


def test_a_busy_round_keeps_its_queries(client_for, staff, colleague, django_assert_max_num_queries):
    a_busy_round(colleague, 120)
    client = client_for(staff)

    with django_assert_max_num_queries(12):
        html = client.get(url("handover")).content.decode()
    assert "(50 of 120 shown)" in html


def test_another_shifts_round_can_be_asked_for(client_for, staff):
    SuccessFactory(author=staff, text="Late shift story.", shift="late")

    html = client_for(staff).get(url("handover") + "?shift=late").content.decode()

    assert "Late shift round" in html
    assert "Late shift story." in html
    assert 'value="late" checked' in html


def test_an_unknown_shift_in_the_address_falls_back_to_the_clock(client_for, staff):
    response = client_for(staff).get(url("handover") + "?shift=<b>")

    assert response.status_code == 200
    assert 'value="early" checked' in response.content.decode()


def test_saving_without_javascript_redirects_with_a_kind_message(client_for, staff, colleague):
    client = client_for(staff)

    response = client.post(url("handover"), entry(helpers=[colleague.pk], share_beyond_team="true"))

    assert response.status_code == 302
    assert response["Location"] == url("handover") + "?shift=early"
    success = Success.objects.get()
    assert success.author == staff
    assert success.text == "Sat with someone while they rang their sister."
    assert list(success.helpers.all()) == [colleague]
    assert success.on_wall and success.share_beyond_team
    page = client.get(response["Location"]).content.decode()
    assert "Saved. Thank you for sharing what went well." in page
    assert "Sat with someone while they rang their sister." in page


def seen_on(html: str) -> str:
    """What the page's round says it shows (date:shift:newest entry), as a save sends back."""
    return re.search(r'id="round-seen" name="round_seen" value="([^"]*)"', html)[1]


def test_saving_with_htmx_returns_a_fresh_form_and_the_updated_round(client_for, staff):
    response = client_for(staff).post(url("handover"), entry(), **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="handover-form"')
    assert "<html" not in html
    assert "Saved. Thank you for sharing what went well." in html
    # The round on screen was empty, so the whole round comes, to replace it.
    assert '<section id="round" class="app-round" aria-labelledby="round-heading" hx-swap-oob="true">' in html
    assert "Sat with someone while they rang their sister." in html
    # The form is empty again, ready for the next person at handover.
    assert (
        '<textarea class="nhsuk-textarea nhsuk-js-character-count" id="id_text" name="text" rows="4" ' in html
    )
    assert "</textarea>" in html and "rang their sister.</textarea>" not in html


def test_a_save_with_htmx_sends_only_what_the_round_on_screen_lacks(client_for, staff, colleague):
    SuccessFactory(author=staff, text="On screen already.", created_at=THURSDAY_2PM - dt.timedelta(hours=1))
    client = client_for(staff)
    seen = seen_on(client.get(url("handover")).content.decode())
    # While the page is open, a colleague shares at the same handover from another computer.
    theirs = SuccessFactory(author=colleague, text="A colleague's, saved meanwhile.")

    html = client.post(url("handover"), entry(round_seen=seen), **HTMX).content.decode()

    mine = Success.objects.get(text="Sat with someone while they rang their sister.")
    assert 'id="round"' not in html
    assert "On screen already." not in html
    assert '<ul hx-swap-oob="afterbegin:#round-list">' in html
    assert html.index(f'id="success-{mine.pk}"') < html.index(f'id="success-{theirs.pk}"')
    assert seen_on(html) == f"2026-11-26:early:{mine.pk}"
    # The next save from this screen picks up from there.
    again = client.post(url("handover"), entry(text="Another one.", round_seen=seen_on(html)), **HTMX)
    assert "rang their sister" not in again.content.decode()
    assert "Another one." in again.content.decode()


def test_a_save_with_htmx_to_a_folded_round_brings_its_count_up_to_date(client_for, staff, colleague):
    a_busy_round(colleague, 52)
    client = client_for(staff)
    page = client.get(url("handover")).content.decode()
    assert "(50 of 52 shown)" in page
    SuccessFactory(author=colleague, text="A colleague's, saved meanwhile.")

    html = client.post(url("handover"), entry(round_seen=seen_on(page)), **HTMX).content.decode()

    # Both new entries join the 50 on screen, and the count under the round says so.
    assert '<span id="round-count" class="app-count" hx-swap-oob="true">(52 of 54 shown)</span>' in html
    again = client.post(url("handover"), entry(text="Another one.", round_seen=seen_on(html)), **HTMX)
    assert "(53 of 55 shown)" in again.content.decode()


def test_a_save_with_htmx_to_a_round_that_fits_sends_no_count(client_for, staff, colleague):
    a_busy_round(colleague, 3)
    client = client_for(staff)
    page = client.get(url("handover")).content.decode()

    html = client.post(url("handover"), entry(round_seen=seen_on(page)), **HTMX).content.decode()

    assert "rang their sister." in html
    assert "round-count" not in html and "shown)" not in html


@pytest.mark.parametrize(
    "seen",
    ["", "rubbish", "2026-11-25:early:1", "2026-11-26:late:1", "2026-11-26:early:", "2026-11-26:early:0:50"],
    ids=["missing", "garbled", "yesterday", "another-shift", "no-entry", "empty-round"],
)
def test_a_save_from_a_screen_showing_another_round_gets_the_whole_round(client_for, staff, seen):
    SuccessFactory(author=staff, text="Earlier today.", created_at=THURSDAY_2PM - dt.timedelta(hours=1))

    html = client_for(staff).post(url("handover"), entry(round_seen=seen), **HTMX).content.decode()

    assert 'hx-swap-oob="true">' in html
    assert "Earlier today." in html and "rang their sister." in html
    assert "afterbegin" not in html


def test_a_double_submit_with_htmx_adds_nothing_to_the_round(client_for, staff):
    client = client_for(staff)
    first = client.post(url("handover"), entry(), **HTMX).content.decode()

    again = client.post(url("handover"), entry(round_seen=seen_on(first)), **HTMX).content.decode()

    assert "That was already saved, so it is in the round just once." in again
    assert "rang their sister." not in again
    assert Success.objects.count() == 1


def test_an_invalid_save_with_htmx_returns_only_the_form_with_the_words_kept(client_for, staff, colleague):
    SuccessFactory(author=colleague, text="In the round.")
    text = "x" * (TEXT_LIMIT + 1)

    response = client_for(staff).post(url("handover"), entry(text=text, helpers=[colleague.pk]), **HTMX)

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="handover-form"')
    assert "There is a problem" in html
    assert "Keep it to 2000 characters or fewer." in html
    assert text in html
    assert f'value="{colleague.pk}" checked' in html
    assert "In the round." not in html
    assert not Success.objects.filter(author=staff).exists()


def test_the_htmx_get_returns_the_fragment_only(client_for, staff):
    response = client_for(staff).get(url("handover"), **HTMX)

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="handover"')
    assert "<html" not in html


def test_an_entry_can_be_kept_off_the_wall(client_for, staff):
    client_for(staff).post(url("handover"), {"shift": "early", "text": "Only for our records."})

    assert Success.objects.get().on_wall is False


def test_a_double_submit_saves_once_and_says_so(client_for, staff):
    client = client_for(staff)
    client.post(url("handover"), entry(), **HTMX)

    response = client.post(url("handover"), entry(), **HTMX)

    assert Success.objects.count() == 1
    assert "That was already saved, so it is in the round just once." in response.content.decode()


def test_the_same_words_a_minute_later_are_a_new_entry(client_for, staff, thursday_afternoon):
    client = client_for(staff)
    client.post(url("handover"), entry())
    thursday_afternoon.shift(dt.timedelta(minutes=2))

    client.post(url("handover"), entry())

    assert Success.objects.count() == 2


@pytest.mark.parametrize("shift", ["", "breakfast", "day"], ids=["missing", "changed", "a-ward-has-no-day"])
def test_a_missing_or_changed_shift_is_asked_for_kindly_and_the_story_is_kept(client_for, staff, shift):
    response = client_for(staff).post(url("handover"), entry(shift=shift))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose the shift you are handing over from" in html
    assert "Select a valid choice" not in html
    assert "Sat with someone while they rang their sister." in html
    assert not Success.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write one thing that went well on this shift. Something small counts."),
        ("   \n\t  ", "Write one thing that went well on this shift. Something small counts."),
        ("x" * (TEXT_LIMIT + 1), "Keep it to 2000 characters or fewer. It is 2001 now"),
    ],
)
def test_bad_text_is_refused_kindly_and_nothing_is_lost(client_for, staff, colleague, text, message):
    response = client_for(staff).post(
        url("handover"), entry(text=text, shift="night", helpers=[colleague.pk], share_beyond_team="true")
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "There is a problem" in html
    assert "<title>Error: Handover" in html
    assert 'value="night" checked' in html
    assert f'value="{colleague.pk}" checked' in html
    assert 'id="id_share_beyond_team" name="share_beyond_team" type="checkbox" value="true" checked' in html
    if text.strip():
        assert text in html
    assert not Success.objects.exists()


def test_an_empty_post_is_answered_with_errors(client_for, staff):
    response = client_for(staff).post(url("handover"), {})

    assert response.status_code == 200
    assert "Write one thing that went well on this shift." in response.content.decode()


def test_exactly_the_limit_is_fine_even_with_windows_line_endings(client_for, staff):
    text = "a\r\n" + "b" * (TEXT_LIMIT - 2)

    client_for(staff).post(url("handover"), entry(text=text))

    assert Success.objects.get().text == "a\n" + "b" * (TEXT_LIMIT - 2)


def test_a_helper_who_has_left_meanwhile_is_named_in_the_message(client_for, staff, colleague):
    colleague.leave()

    response = client_for(staff).post(url("handover"), entry(helpers=[colleague.pk]), **HTMX)

    html = response.content.decode()
    assert "Priya is no longer in the team" in html
    assert "Sat with someone while they rang their sister." in html
    assert not Success.objects.exists()


def test_a_helper_from_another_team_is_refused(client_for, staff, outsider):
    response = client_for(staff).post(url("handover"), entry(helpers=[outsider.pk]))

    assert "Choose helpers from your team&#39;s list." in response.content.decode()
    assert not Success.objects.exists()


def test_typed_html_is_shown_escaped(client_for, staff):
    client = client_for(staff)
    client.post(url("handover"), entry(text="<script>alert('hi')</script> & a walk"))

    html = client.get(url("handover")).content.decode()

    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt; &amp; a walk" in html


def test_the_handover_page_refuses_wrong_methods(client_for, staff):
    assert client_for(staff).put(url("handover")).status_code == 405


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(url("handover"))

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_an_outsider_gets_not_found(client_for, outsider, ward):
    assert client_for(outsider).get(url("handover")).status_code == 404
    assert client_for(outsider).post(url("handover"), entry()).status_code == 404
    assert not Success.objects.exists()


@pytest.mark.parametrize("role", ["service_user", "supporter", "partner"])
def test_handover_is_for_staff_and_managers_only(client_for, request, role):
    member = request.getfixturevalue(role)

    assert client_for(member).get(url("handover")).status_code == 403
    assert client_for(member).post(url("handover"), entry()).status_code == 403
    assert not Success.objects.exists()


def test_a_manager_can_share_at_handover(client_for, manager):
    client_for(manager).post(url("handover"), entry())

    assert Success.objects.get().author == manager


def test_the_handover_page_keeps_its_queries_as_the_team_grows(client_for, staff, colleague):
    client = client_for(staff)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("handover")).status_code == 200
        return len(captured)

    SuccessFactory(author=colleague).helpers.add(staff)
    few = queries()
    for _ in range(15):
        helper = MembershipFactory(team=staff.team)
        author = MembershipFactory(team=staff.team)
        SuccessFactory(author=author).helpers.add(helper, colleague)

    assert queries() == few


def test_the_handover_page_query_count_is_pinned(client_for, staff, colleague, django_assert_max_num_queries):
    for _ in range(5):
        SuccessFactory(author=colleague).helpers.add(staff)
    client = client_for(staff)

    with django_assert_max_num_queries(10):
        client.get(url("handover"))
    # The month's first save also makes the team's row of language counts and compiles its lens.
    client.post(url("handover"), entry(text="The first of the month"), **HTMX)
    with django_assert_max_num_queries(14):
        client.post(url("handover"), entry(), **HTMX)


def test_a_save_with_htmx_looks_the_colleagues_up_once_and_offers_them_again(client_for, staff, colleague):
    client = client_for(staff)

    with CaptureQueriesContext(connection) as captured:
        html = client.post(url("handover"), entry(helpers=[colleague.pk]), **HTMX).content.decode()

    # Checking the ticked helper is a look-up of its own (by id); the list of colleagues is one.
    colleague_lists = [
        q["sql"]
        for q in captured
        if 'FROM "teams_membership"' in q["sql"] and '"role" IN' in q["sql"] and '"id" IN' not in q["sql"]
    ]
    assert len(colleague_lists) == 1
    # The emptied form offers the same colleagues, none of them ticked.
    assert f'value="{colleague.pk}"' in html and colleague.name in html
    helpers = re.findall(r'<input[^>]*name="helpers"[^>]*>', html.split("</form>")[0])
    assert helpers and not [box for box in helpers if "checked" in box]
    assert list(Success.objects.get().helpers.all()) == [colleague]


# --- Changing and deleting an entry -------------------------------------------------------------


@pytest.fixture
def mine(staff, colleague):
    success = SuccessFactory(author=staff, text="Helped plan a trip to the library.")
    success.helpers.add(colleague)
    return success


def test_the_author_sees_change_and_delete_in_the_round_but_others_do_not(client_for, mine, colleague):
    assert url("success_edit", pk=mine.pk) in client_for(mine.author).get(url("handover")).content.decode()
    assert url("success_edit", pk=mine.pk) not in client_for(colleague).get(url("handover")).content.decode()


def test_the_edit_page_without_javascript(client_for, mine):
    client = client_for(mine.author)

    page = client.get(url("success_edit", pk=mine.pk))
    response = client.post(url("success_edit", pk=mine.pk), entry(text="Helped plan a trip to the museum."))

    assert page.status_code == 200
    assert "Helped plan a trip to the library.</textarea>" in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == url("handover") + "?shift=early"
    mine.refresh_from_db()
    assert mine.text == "Helped plan a trip to the museum."
    assert list(mine.helpers.all()) == []
    assert "Your changes are saved." in client.get(response["Location"]).content.decode()


def test_the_inline_edit_form_and_its_save_with_htmx(client_for, mine, colleague):
    client = client_for(mine.author)

    form = client.get(url("success_edit", pk=mine.pk), **HTMX).content.decode()
    response = client.post(
        url("success_edit", pk=mine.pk), entry(text="A trip to the museum.", helpers=[colleague.pk]), **HTMX
    )

    assert form.lstrip().startswith('<form class="app-inline-form"')
    assert f'id="id_edit{mine.pk}_text"' in form
    assert 'hx-post="' in form
    html = response.content.decode()
    assert response["HX-Retarget"] == "#round"
    assert response["HX-Reswap"] == "outerHTML"
    assert html.lstrip().startswith('<section id="round"')
    assert "Your changes are saved." in html
    assert "A trip to the museum." in html


def test_the_edit_form_starts_from_the_entry_as_it_is(client_for, mine, colleague):
    mine.share_beyond_team = True
    mine.save()

    html = client_for(mine.author).get(url("success_edit", pk=mine.pk), **HTMX).content.decode()

    assert f'name="helpers" type="checkbox" value="{colleague.pk}" checked' in html
    assert '<details class="nhsuk-details app-helpers" open>' in html
    assert 'name="share_beyond_team" type="checkbox" value="true" checked' in html
    assert 'value="early" checked' in html


def test_an_invalid_edit_keeps_what_was_typed(client_for, mine):
    response = client_for(mine.author).post(
        url("success_edit", pk=mine.pk), entry(text="y" * (TEXT_LIMIT + 5)), **HTMX
    )

    html = response.content.decode()
    assert "Keep it to 2000 characters or fewer" in html
    assert "y" * (TEXT_LIMIT + 5) in html
    assert "HX-Retarget" not in response
    mine.refresh_from_db()
    assert mine.text == "Helped plan a trip to the library."


def test_editing_keeps_a_helper_who_left_since_but_cannot_add_one(client_for, mine, colleague, manager):
    colleague.leave()
    manager.leave()
    client = client_for(mine.author)

    kept = client.post(url("success_edit", pk=mine.pk), entry(helpers=[colleague.pk]))
    added = client.post(url("success_edit", pk=mine.pk), entry(helpers=[colleague.pk, manager.pk]))

    assert kept.status_code == 302
    assert "Maya is no longer in the team" in added.content.decode()
    assert list(mine.helpers.all()) == [colleague]


def test_someone_else_cannot_change_or_delete_an_entry(client_for, mine, colleague):
    client = client_for(colleague)

    assert client.get(url("success_edit", pk=mine.pk)).status_code == 403
    assert client.post(url("success_edit", pk=mine.pk), entry(text="Changed")).status_code == 403
    assert client.post(url("success_delete", pk=mine.pk)).status_code == 403
    mine.refresh_from_db()
    assert mine.text == "Helped plan a trip to the library."


def test_the_author_cannot_change_or_delete_it_the_next_day(client_for, mine, thursday_afternoon):
    thursday_afternoon.move_to(dt.datetime(2026, 11, 27, 9, 0, tzinfo=LONDON))
    client = client_for(mine.author)

    refused = client.post(url("success_edit", pk=mine.pk), entry(text="Changed"))
    htmx = client.get(url("success_edit", pk=mine.pk), **HTMX)

    assert refused.status_code == 403
    assert "on the day they wrote it" in refused.content.decode()
    # htmx only swaps in successful answers, so the kind note comes back as one.
    assert htmx.status_code == 200
    assert "on the day they wrote it" in htmx.content.decode()
    assert client.post(url("success_delete", pk=mine.pk)).status_code == 403
    assert Success.objects.get().text == "Helped plan a trip to the library."


def test_just_before_midnight_is_still_the_same_day(client_for, mine, thursday_afternoon):
    thursday_afternoon.move_to(dt.datetime(2026, 11, 26, 23, 59, tzinfo=LONDON))

    response = client_for(mine.author).post(url("success_edit", pk=mine.pk), entry(text="Still today."))

    assert response.status_code == 302


def test_deleting_asks_first_then_deletes(client_for, mine):
    client = client_for(mine.author)

    confirm = client.get(url("success_delete", pk=mine.pk))
    assert Success.objects.exists()
    response = client.post(url("success_delete", pk=mine.pk))

    assert "Delete your entry?" in confirm.content.decode()
    assert "Yes, delete it" in confirm.content.decode()
    assert response.status_code == 302
    assert not Success.objects.exists()
    assert "Your entry is deleted." in client.get(response["Location"]).content.decode()


def test_deleting_with_htmx_confirms_inline_and_returns_the_round(client_for, mine):
    client = client_for(mine.author)

    confirm = client.get(url("success_delete", pk=mine.pk), **HTMX).content.decode()
    response = client.post(url("success_delete", pk=mine.pk), **HTMX)

    assert confirm.lstrip().startswith('<form class="app-inline-form"')
    assert 'hx-post="' in confirm
    assert response["HX-Retarget"] == "#round"
    html = response.content.decode()
    assert "Your entry is deleted." in html
    assert "No one has shared at this handover yet." in html


def test_changing_and_deleting_refuse_wrong_methods(client_for, mine):
    client = client_for(mine.author)

    assert client.put(url("success_edit", pk=mine.pk)).status_code == 405
    assert client.delete(url("success_delete", pk=mine.pk)).status_code == 405


def test_changing_and_deleting_are_hidden_from_outsiders_and_anonymous(client, client_for, mine, outsider):
    for name in ("success_edit", "success_delete"):
        assert client_for(outsider).post(url(name, pk=mine.pk)).status_code == 404
        assert client.get(url(name, pk=mine.pk))["Location"].startswith("/sign-in/")
    assert Success.objects.exists()


def test_another_teams_entry_is_not_found(client_for, staff, outsider):
    theirs = SuccessFactory(author=outsider)

    assert client_for(staff).get(url("success_edit", pk=theirs.pk)).status_code == 404
    assert client_for(staff).post(url("success_delete", pk=theirs.pk)).status_code == 404


@pytest.mark.parametrize("role", ["service_user", "supporter", "partner"])
def test_changing_is_for_staff_only(client_for, request, mine, role):
    member = request.getfixturevalue(role)

    assert client_for(member).get(url("success_edit", pk=mine.pk)).status_code == 403
    assert client_for(member).post(url("success_delete", pk=mine.pk)).status_code == 403


# --- A team without shifts ----------------------------------------------------------------------


@pytest.fixture
def day_team(ward):
    ward.works_shifts = False
    ward.save()
    return ward


def test_a_team_without_shifts_is_not_asked_for_one(client_for, staff, day_team):
    html = client_for(staff).get(url("handover")).content.decode()

    assert 'name="shift"' not in html
    assert "What went well today?" in html
    assert "Today&#39;s round, Thursday 26 November 2026" in html
    assert "shift" not in html.split('id="round"')[1].split("</section>")[0].lower()


def test_a_team_without_shifts_logs_the_day(client_for, staff, day_team):
    response = client_for(staff).post(url("handover"), entry(shift="late"), follow=True)

    assert response.redirect_chain[-1][0] == url("handover")
    success = Success.objects.get()
    assert success.shift == "day"
    html = response.content.decode()
    assert "Today&#39;s round" in html
    assert "Sat with someone while they rang their sister." in html


def test_todays_round_holds_the_day_whatever_shift_older_entries_carry(
    client_for, staff, colleague, day_team
):
    # Logged in the morning, while the team still worked shifts.
    SuccessFactory(author=colleague, text="From the night shift.", shift="night")
    SuccessFactory(author=staff, text="From the day.", shift="day")
    SuccessFactory(
        author=staff, text="Yesterday.", shift="day", created_at=THURSDAY_2PM - dt.timedelta(days=1)
    )

    html = client_for(staff).get(url("handover") + "?shift=night").content.decode()

    assert "Today&#39;s round" in html
    assert "From the night shift." in html and "From the day." in html
    assert "Yesterday." not in html


def test_an_empty_entry_in_a_team_without_shifts_asks_about_today(client_for, staff, day_team):
    response = client_for(staff).post(url("handover"), entry(text=" "))

    assert "Write one thing that went well today. Something small counts." in response.content.decode()
    assert not Success.objects.exists()


def test_changing_an_older_shift_entry_keeps_its_shift(client_for, staff, day_team):
    success = SuccessFactory(author=staff, shift="early", text="Before the change.")

    client_for(staff).post(url("success_edit", pk=success.pk), entry(text="Changed.", shift="night"))

    success.refresh_from_db()
    assert (success.text, success.shift) == ("Changed.", "early")
