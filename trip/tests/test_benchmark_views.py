import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teams.models import Role
from tests.factories import MembershipFactory
from trip.models import BenchmarkRating, Statement, StatementRetirement, Theme
from trip.tests.factories import (
    BenchmarkRatingFactory,
    BenchmarkRoundFactory,
    CycleFactory,
    StatementFactory,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, **kwargs):
    return reverse(f"trip:{name}", kwargs={"team": "willow-ward", **kwargs})


@pytest.fixture
def round(cycle):
    return BenchmarkRoundFactory(cycle=cycle, name="Spring check-in")


@pytest.fixture
def own(ward):
    return StatementFactory(team=ward, theme=Theme.CHOICE, text="We offer evening appointments.")


def in_use(ward):
    return Statement.objects.in_use_by(ward).count()


# --- The statement library ---


def test_everyone_sees_the_statements_by_theme(client_for, supporter, own):
    page = client_for(supporter).get(url("statements")).content.decode()
    assert "We help people work out their own goals, not the goals we think they should have." in page
    assert page.index("Life goals") < page.index("Choice") < page.index("Leadership")
    assert "We offer evening appointments." in page
    assert "Add a statement" not in page
    assert "Set aside" not in page


def test_a_manager_adds_a_statement(client_for, manager, ward):
    response = client_for(manager).post(
        url("statement_new"), {"theme": "risk", "text": "We plan for safety together."}, follow=True
    )
    statement = ward.statements.get()
    assert (statement.theme, statement.text, statement.created_by) == (
        "risk",
        "We plan for safety together.",
        manager,
    )
    assert response.redirect_chain[-1][0] == url("statements")
    assert "The statement is added" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"theme": "", "text": "We <i>listen</i>."}, "Please choose the theme this statement belongs to."),
        ({"theme": "nonsense", "text": "We <i>listen</i>."}, "Please choose one of the themes in the list."),
        ({"theme": "risk", "text": ""}, "Please write the statement."),
        ({"theme": "risk", "text": "x" * 301}, "Please keep this to 300 characters or fewer (it has 301)."),
    ],
)
def test_bad_statements_get_a_kind_message_and_keep_what_was_typed(client_for, manager, ward, data, message):
    response = client_for(manager).post(url("statement_new"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    if "listen" in data["text"]:
        assert "We &lt;i&gt;listen&lt;/i&gt;." in page
    assert not ward.statements.exists()


def test_changing_the_words_keeps_the_old_version(client_for, manager, own):
    client = client_for(manager)
    assert "We offer evening appointments." in client.get(url("statement_edit", pk=own.pk)).content.decode()
    response = client.post(
        url("statement_edit", pk=own.pk), {"theme": "choice", "text": "We offer evening and weekend times."}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.text == "We offer evening and weekend times."
    assert [v.text for v in own.versions.all()] == [
        "We offer evening appointments.",
        "We offer evening and weekend times.",
    ]


def test_a_bad_change_keeps_the_typed_words(client_for, manager, own):
    response = client_for(manager).post(url("statement_edit", pk=own.pk), {"theme": "", "text": "Half-typed"})
    assert "Please choose the theme" in response.content.decode()
    assert "Half-typed" in response.content.decode()
    assert own.versions.count() == 1


def test_the_shared_library_cannot_be_reworded_by_a_team(client_for, manager):
    shared = Statement.objects.filter(team__isnull=True).first()
    assert client_for(manager).get(url("statement_edit", pk=shared.pk)).status_code == 404


def test_a_supporter_cannot_change_the_library(client_for, supporter, own):
    client = client_for(supporter)
    assert client.post(url("statement_new"), {"theme": "risk", "text": "Sneaky."}).status_code == 403
    assert (
        client.post(url("statement_edit", pk=own.pk), {"theme": "risk", "text": "Sneaky."}).status_code == 403
    )
    assert client.post(url("statement_retire", pk=own.pk)).status_code == 403
    assert own.versions.count() == 1 and not StatementRetirement.objects.exists()


def test_a_manager_sets_aside_a_shared_statement_and_brings_it_back(client_for, manager, ward, round):
    client = client_for(manager)
    shared = Statement.objects.filter(team__isnull=True).select_related("current_version").first()
    before = in_use(ward)
    response = client.post(url("statement_retire", pk=shared.pk), {"action": "retire"}, follow=True)
    assert "The statement is set aside" in response.content.decode()
    assert in_use(ward) == before - 1
    assert shared.text not in client.get(url("round", pk=round.pk)).content.decode()
    client.post(url("statement_retire", pk=shared.pk), {"action": "bring_back"})
    assert in_use(ward) == before


# --- Opening and closing a round ---


def test_a_manager_opens_a_round(client_for, manager, cycle):
    client = client_for(manager)
    assert "Spring 2026: how we are doing" in client.get(url("round_new", pk=cycle.pk)).content.decode()
    response = client.post(url("round_new", pk=cycle.pk), {"name": "Spring check-in"}, follow=True)
    opened = cycle.benchmark_rounds.get()
    assert (opened.name, opened.opened_by, opened.is_open) == ("Spring check-in", manager, True)
    assert response.redirect_chain[-1][0] == url("round", pk=opened.pk)
    assert "“Spring check-in” is open" in response.content.decode()


def test_a_second_open_round_is_kindly_refused_and_the_name_kept(client_for, manager, cycle, round):
    response = client_for(manager).post(url("round_new", pk=cycle.pk), {"name": "Another <go>"})
    page = response.content.decode()
    assert "This cycle already has an open round" in page
    assert 'value="Another &lt;go&gt;"' in page
    assert cycle.benchmark_rounds.count() == 1


def test_a_round_needs_a_name(client_for, manager, cycle):
    response = client_for(manager).post(url("round_new", pk=cycle.pk), {"name": ""})
    assert "Please give this round a name." in response.content.decode()


def test_the_cycle_and_trip_pages_lead_to_the_round(client_for, service_user, cycle, round):
    client = client_for(service_user)
    assert url("round", pk=round.pk) in client.get(url("cycle", pk=cycle.pk)).content.decode()
    home = client.get(url("home")).content.decode()
    assert "Rate how we are doing: Spring check-in" in home


def test_a_manager_closes_a_round(client_for, manager, round):
    response = client_for(manager).post(url("round_close", pk=round.pk), follow=True)
    round.refresh_from_db()
    assert not round.is_open
    assert response.redirect_chain[-1][0] == url("round_results", pk=round.pk)
    again = client_for(manager).post(url("round_close", pk=round.pk), follow=True)
    assert "This round is already closed." in again.content.decode()


def test_a_manager_shares_the_round_with_its_address_and_a_qr_code(
    client_for, manager, staff, round, settings
):
    settings.SITE_URL = "https://recovery.example.test"
    page = client_for(manager).get(url("round", pk=round.pk)).content.decode()
    assert f"https://recovery.example.test{url('round', pk=round.pk)}" in page
    assert url("round_qr", pk=round.pk) in page
    qr = client_for(manager).get(url("round_qr", pk=round.pk))
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<?xml") or b"<svg" in qr.content
    assert "Share this round" not in client_for(staff).get(url("round", pk=round.pk)).content.decode()


# --- Rating ---


def test_the_rating_page_shows_every_statement_and_progress(client_for, service_user, ward, round):
    page = client_for(service_user).get(url("round", pk=round.pk)).content.decode()
    total = in_use(ward)
    assert f"0 of {total} answered" in page
    assert "Don’t know" in page and "Fully in place" in page
    assert "No one will see your own answers." in page


def test_the_rating_and_meeting_pages_make_a_constant_number_of_queries(client_for, manager, ward, round):
    client = client_for(manager)
    round.closed_at = round.opened_at
    round.save()
    first = StatementFactory(team=ward)
    for _ in range(3):
        BenchmarkRatingFactory(round=round, statement=first, member=MembershipFactory(team=ward))
    pages = [url("round", pk=round.pk), url("round_meeting", pk=round.pk)]
    before = []
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        before.append(len(queries))
    for _ in range(10):
        statement = StatementFactory(team=ward)
        BenchmarkRatingFactory(round=round, statement=statement, member=manager, achieved="Going well")
        for _ in range(3):
            BenchmarkRatingFactory(round=round, statement=statement, member=MembershipFactory(team=ward))
    for page, count in zip(pages, before, strict=True):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        assert len(queries) == count, page


def test_an_answer_saves_without_javascript(client_for, service_user, own, round):
    response = client_for(service_user).post(
        url("round_rate", pk=round.pk, statement=own.pk),
        {
            f"s{own.pk}-answer": "4",
            f"s{own.pk}-achieved": "Evening slots started.",
            f"s{own.pk}-next_step": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("round", pk=round.pk) + f"#statement-{own.pk}"
    rating = BenchmarkRating.objects.get()
    assert (rating.score, rating.perspective, rating.achieved, rating.version) == (
        4,
        "service_user",
        "Evening slots started.",
        own.current_version,
    )


def test_an_answer_saves_as_it_is_given_with_htmx(client_for, staff, own, round, ward):
    response = client_for(staff).post(
        url("round_rate", pk=round.pk, statement=own.pk),
        {
            f"s{own.pk}-answer": "dont_know",
            f"s{own.pk}-achieved": "Evening slots",
            f"s{own.pk}-next_step": "",
        },
        **HTMX,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert page.startswith('<p class="nhsuk-body-s nhsuk-u-margin-bottom-0">Saved.</p>')
    assert 'hx-swap-oob="innerHTML"' in page
    assert f"1 of {in_use(ward)} answered" in page
    rating = BenchmarkRating.objects.get()
    assert (rating.score, rating.achieved) == (None, "Evening slots")


def test_a_save_with_htmx_never_sends_back_the_fields_the_person_may_be_typing_in(
    client_for, staff, own, round
):
    """The card's note boxes stay as the person left them: a new card would wipe what they had
    started typing in the second box while the first one was being saved."""
    client = client_for(staff)
    address = url("round_rate", pk=round.pk, statement=own.pk)
    page = client.get(url("round", pk=round.pk)).content.decode()
    # The card's form puts the answer to a save in the card's status line, and only there.
    form = page.split(f'<form method="post" action="{address}"')[1].split(">")[0]
    assert f'hx-target="#saved-{own.pk}" hx-swap="innerHTML"' in form
    assert f'<div id="saved-{own.pk}" role="status"></div>' in page

    saved = client.post(address, {f"s{own.pk}-answer": "3", f"s{own.pk}-achieved": "Half typed"}, **HTMX)

    card = saved.content.decode()
    for field in ("<form", "<input", "<textarea", f'id="statement-{own.pk}"', "Half typed"):
        assert field not in card


def test_answering_twice_keeps_one_row_and_the_last_answer(client_for, staff, own, round):
    first, second = client_for(staff), client_for(staff)
    address = url("round_rate", pk=round.pk, statement=own.pk)
    first.post(address, {f"s{own.pk}-answer": "2"}, **HTMX)
    second.post(address, {f"s{own.pk}-answer": "5"}, **HTMX)
    assert list(BenchmarkRating.objects.values_list("score", flat=True)) == [5]


def test_carrying_on_later_on_another_device(client_for, service_user, own, round, ward):
    client_for(service_user).post(
        url("round_rate", pk=round.pk, statement=own.pk),
        {f"s{own.pk}-answer": "3", f"s{own.pk}-next_step": "Weekend groups"},
    )
    page = client_for(service_user).get(url("round", pk=round.pk)).content.decode()
    assert f"1 of {in_use(ward)} answered" in page
    assert f'name="s{own.pk}-answer" type="radio" value="3" checked' in page
    assert "Weekend groups" in page


def test_the_page_of_all_statements_opens_note_boxes_only_where_notes_are_kept(
    client_for, service_user, own, round, ward
):
    other = StatementFactory(team=ward, text="We plan leave together.")
    BenchmarkRatingFactory(round=round, statement=own, member=service_user, score=4, achieved="Evening slots")

    page = client_for(service_user).get(url("round", pk=round.pk)).content.decode()

    assert page.count("<textarea") == 2
    assert ">Evening slots</textarea>" in page
    link = f'<a href="{url("round_rate", pk=round.pk, statement=other.pk)}"'
    assert link in page
    assert 'Add a note<span class="nhsuk-u-visually-hidden"> to “We plan leave together.”</span>' in page
    assert page.count("Add a note<") == in_use(ward) - 1


def test_asking_for_a_note_opens_the_boxes_in_the_card_or_the_statement_on_its_own_page(
    client_for, service_user, own, round, ward
):
    client = client_for(service_user)
    address = url("round_rate", pk=round.pk, statement=own.pk)

    card = client.get(address, **HTMX).content.decode()
    assert "<html" not in card
    assert card.count(f'id="statement-{own.pk}"') == 1
    assert f'<textarea class="nhsuk-textarea nhsuk-js-character-count" id="s{own.pk}-achieved"' in card
    assert card.count("autofocus") == 1 and "autofocus" in card.split("<textarea")[1]

    plain = client.get(address)
    in_order = list(Statement.objects.in_use_by(ward).in_theme_order())
    assert plain["Location"] == url("round_step", pk=round.pk, n=in_order.index(own) + 1)
    assert not BenchmarkRating.objects.exists()


def test_a_save_from_a_card_without_note_boxes_keeps_the_notes_written_on_another_device(
    client_for, service_user, own, round
):
    phone, desktop = client_for(service_user), client_for(service_user)
    address = url("round_rate", pk=round.pk, statement=own.pk)
    phone.post(address, {f"s{own.pk}-answer": "2", f"s{own.pk}-achieved": "A welcome pack"}, **HTMX)

    # The desktop's page was drawn before the note: its card sends the answer alone.
    card = desktop.post(address, {f"s{own.pk}-answer": "4"}, **HTMX).content.decode()

    rating = BenchmarkRating.objects.get()
    assert (rating.score, rating.achieved) == (4, "A welcome pack")
    assert "Saved." in card and "<textarea" not in card
    page = desktop.get(url("round", pk=round.pk)).content.decode()
    assert ">A welcome pack</textarea>" in page


def test_emptying_the_note_boxes_clears_the_notes(client_for, service_user, own, round):
    BenchmarkRatingFactory(
        round=round, statement=own, member=service_user, achieved="Old", next_step="Old too"
    )

    client_for(service_user).post(
        url("round_rate", pk=round.pk, statement=own.pk),
        {f"s{own.pk}-answer": "3", f"s{own.pk}-achieved": "", f"s{own.pk}-next_step": ""},
        **HTMX,
    )

    rating = BenchmarkRating.objects.get()
    assert (rating.score, rating.achieved, rating.next_step) == (3, "", "")


def test_asking_for_a_cards_notes_shows_only_ones_own_answer(client_for, service_user, manager, own, round):
    BenchmarkRatingFactory(
        round=round, statement=own, member=service_user, score=2, achieved="Nobody asked me", next_step="Ask"
    )

    card = client_for(manager).get(url("round_rate", pk=round.pk, statement=own.pk), **HTMX).content.decode()

    assert "Nobody asked me" not in card and ">Ask</textarea>" not in card
    assert " checked" not in card


def test_the_notes_of_a_closed_round_or_another_teams_statement_cannot_be_opened(
    client_for, staff, own, round, outsider
):
    theirs = StatementFactory(team=outsider.team)
    address = url("round_rate", pk=round.pk, statement=theirs.pk)
    assert client_for(staff).get(address, **HTMX).status_code == 404
    round.closed_at = round.opened_at
    round.save()

    card = client_for(staff).get(url("round_rate", pk=round.pk, statement=own.pk), **HTMX).content.decode()

    assert "<textarea" not in card and "<form" not in card
    assert "You did not answer this one." in card


ANSWER_MESSAGE = "Please choose an answer from “Not yet” to “Fully in place”, or “Don’t know”."


@pytest.mark.parametrize("answer", ["0", "6", "seven", ""])
def test_an_answer_off_the_scale_is_kindly_refused_and_notes_kept(client_for, staff, own, round, answer):
    data = {f"s{own.pk}-answer": answer, f"s{own.pk}-achieved": "We <b>tried</b> hard"}
    address = url("round_rate", pk=round.pk, statement=own.pk)

    # Without JavaScript, the page again, the message beside the options and the note as typed.
    plain = client_for(staff).post(address, data)
    page = plain.content.decode()
    assert plain.status_code == 200
    assert f'<span class="nhsuk-u-visually-hidden">Error: </span>{ANSWER_MESSAGE}' in page
    assert ">We &lt;b&gt;tried&lt;/b&gt; hard</textarea>" in page

    # Through htmx, the message in the card's status line: the note box, as typed, is left alone.
    htmx = client_for(staff).post(address, data, **HTMX)
    status = htmx.content.decode()
    assert htmx.status_code == 200
    assert status.startswith(f'<p class="nhsuk-error-message nhsuk-u-margin-bottom-0">{ANSWER_MESSAGE}</p>')
    assert "Saved." not in status and "<textarea" not in status
    assert "0 of" in status  # the progress bar, unchanged
    assert not BenchmarkRating.objects.exists()


def test_over_long_notes_are_kindly_refused(client_for, staff, own, round):
    address = url("round_rate", pk=round.pk, statement=own.pk)
    data = {f"s{own.pk}-answer": "3", f"s{own.pk}-achieved": "x" * 501}
    message = "Please keep this to 500 characters or fewer (it has 501)."
    plain = client_for(staff).post(address, data).content.decode()
    assert message in plain and ">" + "x" * 501 + "</textarea>" in plain
    htmx = client_for(staff).post(address, data, **HTMX).content.decode()
    assert f'<p class="nhsuk-error-message nhsuk-u-margin-bottom-0">{message}</p>' in htmx
    assert "<textarea" not in htmx and "Saved." not in htmx
    assert not BenchmarkRating.objects.exists()


def test_a_note_without_an_answer_yet_is_kept_and_the_answer_asked_for(client_for, staff, own, round):
    """Leaving a note box saves it: before any option is chosen, the card asks for one."""
    data = {f"s{own.pk}-achieved": "A welcome pack", f"s{own.pk}-next_step": "Ask at the door"}
    status = client_for(staff).post(url("round_rate", pk=round.pk, statement=own.pk), data, **HTMX)
    assert ANSWER_MESSAGE in status.content.decode()
    assert not BenchmarkRating.objects.exists()


def test_answers_are_only_saved_or_asked_for(client_for, staff, own, round):
    address = url("round_rate", pk=round.pk, statement=own.pk)
    client = client_for(staff)
    for send in (client.put, client.patch, client.delete):
        assert send(address, **HTMX).status_code == 405
    assert not BenchmarkRating.objects.exists()


def test_an_outsider_can_neither_rate_nor_open_our_round(client, client_for, outsider, own, round):
    address = url("round_rate", pk=round.pk, statement=own.pk)
    data = {f"s{own.pk}-answer": "3", f"s{own.pk}-achieved": "Nothing"}
    for extra in ({}, HTMX):
        assert client_for(outsider).post(address, data, **extra).status_code == 404
        assert client_for(outsider).get(address, **extra).status_code == 404
    # Someone signed out is sent to sign in, by htmx too.
    assert client.post(address, data)["Location"].startswith("/sign-in/")
    assert client.post(address, data, **HTMX)["HX-Redirect"].startswith("/sign-in/")
    assert not BenchmarkRating.objects.exists()


def test_rating_a_closed_round_is_kindly_refused(client_for, staff, own, round):
    round.closed_at = round.opened_at
    round.save()
    address = url("round_rate", pk=round.pk, statement=own.pk)
    plain = client_for(staff).post(address, {f"s{own.pk}-answer": "3"}, follow=True)
    assert "This round has closed, so answers can no longer be changed." in plain.content.decode()
    htmx = client_for(staff).post(address, {f"s{own.pk}-answer": "3"}, **HTMX).content.decode()
    assert htmx.startswith('<p class="nhsuk-error-message nhsuk-u-margin-bottom-0">This round has closed')
    assert "Saved." not in htmx and "<form" not in htmx
    assert not BenchmarkRating.objects.exists()


def test_a_set_aside_or_other_teams_statement_cannot_be_rated(client_for, staff, own, round, outsider):
    own.retirements.create(team=own.team)
    theirs = StatementFactory(team=outsider.team)
    for statement in (own, theirs):
        response = client_for(staff).post(
            url("round_rate", pk=round.pk, statement=statement.pk), {f"s{statement.pk}-answer": "3"}
        )
        assert response.status_code == 404
    assert not BenchmarkRating.objects.exists()


def test_a_closed_round_shows_my_answers_without_forms(client_for, staff, own, round):
    client_for(staff).post(url("round_rate", pk=round.pk, statement=own.pk), {f"s{own.pk}-answer": "5"})
    round.closed_at = round.opened_at
    round.save()
    page = client_for(staff).get(url("round", pk=round.pk)).content.decode()
    assert "Your answer: Fully in place" in page
    assert 'type="radio"' not in page


# --- Meeting mode ---


@pytest.fixture
def rated(round, own, ward):
    for score, role in [(5, Role.STAFF), (4, Role.STAFF), (4, Role.STAFF), (2, Role.SERVICE_USER)]:
        BenchmarkRatingFactory(
            round=round, statement=own, member=MembershipFactory(team=ward, role=role), score=score
        )
    round.closed_at = round.opened_at
    round.save()
    return own


def test_the_meeting_shows_what_groups_said_beside_the_agreement(client_for, supporter, round, rated):
    page = client_for(supporter).get(url("round_meeting", pk=round.pk)).content.decode()
    assert "We offer evening appointments." in page
    assert "Staff 4.3" in page
    assert "People using the service" not in page.split("What people said")[1].split("</p>")[0]
    assert "Not agreed yet." in page
    assert 'type="radio"' not in page


def test_a_manager_records_the_agreed_rating(client_for, manager, supporter, round, rated):
    address = url("round_agree", pk=round.pk, statement=rated.pk)
    data = {f"a{rated.pk}-score": "3", f"a{rated.pk}-reason": "Evenings started but only on Tuesdays."}
    response = client_for(manager).post(address, data)
    assert response["Location"] == url("round_meeting", pk=round.pk) + f"#agree-{rated.pk}"
    data[f"a{rated.pk}-score"] = "4"
    fragment = client_for(manager).post(address, data, **HTMX).content.decode()
    assert "Saved." in fragment and "<html" not in fragment
    agreement = round.agreements.get()
    assert (agreement.score, agreement.agreed_by) == (4, manager)
    page = client_for(supporter).get(url("round_meeting", pk=round.pk)).content.decode()
    assert "We agreed: Mostly in place." in page
    assert "Evenings started but only on Tuesdays." in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"score": "9", "reason": "Because <b>yes</b>"}, "Please choose the rating the group agreed"),
        ({"score": "3", "reason": ""}, "Please write down why the group agreed this rating."),
    ],
)
def test_a_bad_agreement_is_kindly_refused_and_kept(client_for, manager, round, rated, data, message):
    posted = {f"a{rated.pk}-{k}": v for k, v in data.items()}
    for extra in ({}, HTMX):
        response = client_for(manager).post(
            url("round_agree", pk=round.pk, statement=rated.pk), posted, **extra
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert message in page
        if "yes" in data["reason"]:
            assert "Because &lt;b&gt;yes&lt;/b&gt;" in page
    assert not round.agreements.exists()


def test_meeting_mode_waits_until_the_round_closes(client_for, manager, round, own):
    page = client_for(manager).get(url("round_meeting", pk=round.pk)).content.decode()
    assert "Meeting mode opens when the round closes" in page
    response = client_for(manager).post(
        url("round_agree", pk=round.pk, statement=own.pk),
        {f"a{own.pk}-score": "3", f"a{own.pk}-reason": "Too soon"},
        follow=True,
    )
    assert "Meeting mode opens when the round closes." in response.content.decode()
    assert not round.agreements.exists()


def test_a_statement_nobody_rated_cannot_be_agreed(client_for, manager, round, own):
    round.closed_at = round.opened_at
    round.save()
    response = client_for(manager).post(
        url("round_agree", pk=round.pk, statement=own.pk),
        {f"a{own.pk}-score": "3", f"a{own.pk}-reason": "Hmm"},
    )
    assert response.status_code == 404


def test_another_teams_round_cannot_be_rated_through_our_team(client_for, staff, outsider):
    theirs = BenchmarkRoundFactory(cycle=CycleFactory(team=outsider.team))
    shared = Statement.objects.filter(team__isnull=True).first()
    address = url("round_rate", pk=theirs.pk, statement=shared.pk)
    assert client_for(staff).post(address, {f"s{shared.pk}-answer": "3"}).status_code == 404
    assert not BenchmarkRating.objects.filter(round=theirs).exists()


def test_the_meeting_starts_with_what_is_going_well(client_for, supporter, round, rated, ward):
    gap = StatementFactory(team=ward, theme=Theme.CHOICE, text="We ask people what they want to be called.")
    for score in (1, 2, 2):
        BenchmarkRatingFactory(round=round, statement=gap, member=MembershipFactory(team=ward), score=score)

    page = client_for(supporter).get(url("round_meeting", pk=round.pk)).content.decode()

    assert (
        page.index("What is going well")
        < page.index("We offer evening appointments.")
        < page.index("Where we have further to go")
        < page.index("We ask people what they want to be called.")
    )
