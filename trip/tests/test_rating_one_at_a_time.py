"""Rating one statement at a time, as on a phone: each step saves and moves on (with or without
JavaScript), the round's address on a phone resumes at the first unanswered statement, and the end
lists what is left."""

import pytest
from django.urls import reverse
from markupsafe import escape

from trip.models import BenchmarkRating, Statement
from trip.tests.factories import BenchmarkRatingFactory, BenchmarkRoundFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari/537.36"}
CHROMIUM_PHONE = {"HTTP_SEC_CH_UA_MOBILE": "?1"}
KIND = "Please choose an answer from “Not yet” to “Fully in place”, or “Don’t know”."


def url(name, **kwargs):
    return reverse(f"trip:{name}", kwargs={"team": "willow-ward", **kwargs})


@pytest.fixture
def round(cycle):
    return BenchmarkRoundFactory(cycle=cycle, name="Spring check-in")


@pytest.fixture
def statements(ward):
    return Statement.objects.in_use_by(ward).in_theme_order()


def answer(statement, value, **notes):
    return {f"s{statement.pk}-answer": value, **{f"s{statement.pk}-{k}": v for k, v in notes.items()}}


def test_each_step_shows_one_statement_its_options_a_folded_note_and_progress(
    client_for, service_user, round, statements
):
    response = client_for(service_user).get(url("round_step", pk=round.pk, n=2))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"2 of {len(statements)}" in page
    assert escape(statements[1].text) in page
    assert escape(statements[0].text) not in page and escape(statements[2].text) not in page
    assert page.count('type="radio"') == 6
    assert "Add a note" in page and "<details" in page and " open>" not in page
    assert f'<progress max="{len(statements)}" value="0"' in page
    assert 'role="status"' in page
    # The first option has the focus, so arrow keys and Enter answer straight away.
    assert page.count("autofocus") == 1
    assert "See all statements on one page" in page


def test_next_saves_and_opens_the_next_statement_without_javascript(
    client_for, service_user, round, statements
):
    first = statements[0]
    response = client_for(service_user).post(
        url("round_step", pk=round.pk, n=1), {**answer(first, "4", achieved="Evening slots"), "go": "next"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("round_step", pk=round.pk, n=2)
    rating = BenchmarkRating.objects.get()
    assert (rating.statement, rating.score, rating.achieved, rating.perspective) == (
        first,
        4,
        "Evening slots",
        "service_user",
    )
    again = client_for(service_user).get(url("round_step", pk=round.pk, n=1)).content.decode()
    assert f'name="s{first.pk}-answer" type="radio" value="4" checked autofocus' in again
    assert "Evening slots" in again and " open>" in again  # a note given is shown, not folded away


def test_back_saves_and_opens_the_statement_before(client_for, staff, round, statements):
    response = client_for(staff).post(
        url("round_step", pk=round.pk, n=3), {**answer(statements[2], "dont_know"), "go": "back"}
    )
    assert response["Location"] == url("round_step", pk=round.pk, n=2)
    assert BenchmarkRating.objects.get().score is None


def test_a_statement_can_be_skipped_and_the_last_one_leads_to_the_end(client_for, staff, round, statements):
    client = client_for(staff)
    skipped = client.post(url("round_step", pk=round.pk, n=1), {"go": "next"})
    assert skipped["Location"] == url("round_step", pk=round.pk, n=2)
    last = len(statements)
    done = client.post(url("round_step", pk=round.pk, n=last), {**answer(statements[-1], "5"), "go": "next"})
    assert done["Location"] == url("round_end", pk=round.pk)
    assert not BenchmarkRating.objects.filter(statement=statements[0]).exists()


def test_a_tap_saves_with_htmx_and_confirms_under_the_options(client_for, staff, round, statements):
    response = client_for(staff).post(url("round_step", pk=round.pk, n=1), answer(statements[0], "2"), **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page and 'type="radio"' not in page
    assert "Saved." in page
    assert 'hx-swap-oob="innerHTML"' in page
    assert f"You have answered 1 of {len(statements)}" in page
    assert BenchmarkRating.objects.get().score == 2


def test_answering_again_keeps_one_row_and_the_last_answer(client_for, staff, round, statements):
    address = url("round_step", pk=round.pk, n=1)
    client_for(staff).post(address, answer(statements[0], "2"), **HTMX)
    client_for(staff).post(address, {**answer(statements[0], "5"), "go": "next"})
    assert list(BenchmarkRating.objects.values_list("score", flat=True)) == [5]


@pytest.mark.parametrize("value", ["0", "6", "seven", ""])
def test_a_bad_answer_is_kindly_refused_and_keeps_what_was_chosen_and_written(
    client_for, staff, round, statements, value
):
    data = {**answer(statements[0], value, next_step="We <b>tried</b> hard"), "go": "next"}
    for extra in ({}, HTMX):
        response = client_for(staff).post(url("round_step", pk=round.pk, n=1), data, **extra)
        page = response.content.decode()
        assert response.status_code == 200
        assert KIND in page
        if not extra:
            assert "We &lt;b&gt;tried&lt;/b&gt; hard" in page and " open>" in page
            assert "There is a problem" in page
    assert not BenchmarkRating.objects.exists()


def test_an_over_long_note_is_refused_and_the_chosen_answer_kept(client_for, staff, round, statements):
    data = {**answer(statements[0], "3", achieved="x" * 501), "go": "next"}
    page = client_for(staff).post(url("round_step", pk=round.pk, n=1), data).content.decode()
    assert "Please keep this to 500 characters or fewer (it has 501)." in page
    assert f'name="s{statements[0].pk}-answer" type="radio" value="3" checked' in page
    assert not BenchmarkRating.objects.exists()


def test_resume_opens_at_the_first_unanswered_statement(client_for, service_user, round, statements):
    for statement in statements[:2] + statements[3:5]:
        BenchmarkRatingFactory(round=round, statement=statement, member=service_user)
    response = client_for(service_user).get(url("round_resume", pk=round.pk))
    assert response["Location"] == url("round_step", pk=round.pk, n=3)


def test_with_everything_answered_resume_goes_to_the_end(client_for, service_user, round, statements):
    for statement in statements:
        BenchmarkRatingFactory(round=round, statement=statement, member=service_user)
    response = client_for(service_user).get(url("round_resume", pk=round.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("round_end", pk=round.pk)
    assert f"You have answered all {len(statements)} statements" in response.content.decode()


@pytest.mark.parametrize("device", [PHONE, CHROMIUM_PHONE])
def test_the_rounds_address_on_a_phone_resumes_and_desktops_keep_the_whole_list(
    client_for, service_user, round, statements, device
):
    BenchmarkRatingFactory(round=round, statement=statements[0], member=service_user)
    client = client_for(service_user)
    phone = client.get(url("round", pk=round.pk), follow=True, **device)
    assert [hop for hop, _ in phone.redirect_chain] == [
        url("round_resume", pk=round.pk),
        url("round_step", pk=round.pk, n=2),
    ]
    assert "Vary" in client.get(url("round", pk=round.pk), **device)
    whole = client.get(url("round", pk=round.pk) + "?all", **device).content.decode()
    assert whole.count('type="radio"') == 6 * len(statements)
    desktop = client.get(url("round", pk=round.pk)).content.decode()
    assert desktop.count('type="radio"') == 6 * len(statements)
    assert url("round_resume", pk=round.pk) in desktop  # "Answer one statement at a time"


def test_the_end_lists_unanswered_statements_with_links(client_for, staff, round, statements):
    for statement in statements[1:]:
        BenchmarkRatingFactory(round=round, statement=statement, member=staff)
    page = client_for(staff).get(url("round_end", pk=round.pk)).content.decode()
    assert f"You have answered {len(statements) - 1} of {len(statements)}" in page
    assert f'href="{url("round_step", pk=round.pk, n=1)}">{escape(statements[0].text)}</a>' in page
    assert escape(statements[1].text) not in page


def test_a_closed_round_kindly_refuses_each_step(client_for, staff, round, statements):
    round.closed_at = round.opened_at
    round.save()
    client = client_for(staff)
    for address in (
        url("round_resume", pk=round.pk),
        url("round_step", pk=round.pk, n=1),
        url("round_end", pk=round.pk),
    ):
        response = client.get(address, follow=True)
        assert response.redirect_chain[-1][0] == url("round", pk=round.pk)
        assert "This round has closed, so answers can no longer be changed." in response.content.decode()
    posted = client.post(
        url("round_step", pk=round.pk, n=1), {**answer(statements[0], "3"), "go": "next"}, follow=True
    )
    assert "This round has closed, so answers can no longer be changed." in posted.content.decode()
    assert not BenchmarkRating.objects.exists()


def test_a_tap_after_the_round_closed_says_so_under_the_options(client_for, staff, round, statements):
    round.closed_at = round.opened_at
    round.save()
    response = client_for(staff).post(url("round_step", pk=round.pk, n=1), answer(statements[0], "3"), **HTMX)
    page = response.content.decode()
    assert "This round has closed" in page and "<html" not in page
    assert not BenchmarkRating.objects.exists()


def test_a_place_past_the_last_statement_is_not_found(client_for, staff, round, statements):
    for n in (0, len(statements) + 1):
        assert client_for(staff).get(url("round_step", pk=round.pk, n=n)).status_code == 404


def test_another_teams_round_cannot_be_answered_through_ours(client_for, staff, outsider):
    theirs = BenchmarkRoundFactory(cycle__team=outsider.team)
    for address in (
        url("round_resume", pk=theirs.pk),
        url("round_step", pk=theirs.pk, n=1),
        url("round_end", pk=theirs.pk),
    ):
        assert client_for(staff).get(address).status_code == 404
