import datetime as dt
import re
import threading

import pytest
import qrcode
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from qrcode.image.svg import SvgPathImage

from supervision import services
from supervision.models import FeedbackAnswer, FeedbackCard, FeedbackRequest, FeedbackResponse
from supervision.questions import QUESTION_SLUGS, QUESTIONS
from supervision.services import feedback_results
from supervision.tests.factories import (
    FeedbackCardFactory,
    FeedbackRequestFactory,
    SupervisionSessionFactory,
    answer_feedback,
)
from teams.models import Role
from tests.factories import MembershipFactory

LIST_QUERIES = 7


def url(name, **kwargs):
    return reverse(f"supervision:{name}", kwargs={"team": "willow-ward", **kwargs})


def answers(**change):
    data = dict.fromkeys(QUESTION_SLUGS, "4")
    data.update({"hope": "5", "honest": "skip", "comment": "Sam always makes time to listen."})
    data.update(change)
    return data


def answer_with(card, **change):
    return Client().post(url("feedback_answer", code=card.code), answers(**change))


def close(client, feedback):
    return client.post(url("feedback_request_close", pk=feedback.pk), follow=True)


# --- Asking for feedback ---


def test_a_worker_asks_for_feedback_with_a_last_day_for_answers(client_for, staff):
    closes_on = timezone.localdate() + dt.timedelta(days=10)
    response = client_for(staff).post(
        url("feedback_request_new"), {"closes_on": closes_on.isoformat()}, follow=True
    )
    created = FeedbackRequest.objects.get()
    assert (created.worker, created.closes_on, created.is_open) == (staff, closes_on, True)
    page = response.content.decode()
    assert "Ask your supervisor or your manager to print the answer cards." in page
    assert "0 people have answered so far." in page
    assert not created.cards.exists()


def test_the_form_offers_two_weeks_by_default(client_for, staff):
    page = client_for(staff).get(url("feedback_requests")).content.decode()
    assert f'value="{(timezone.localdate() + dt.timedelta(days=14)).isoformat()}"' in page


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (0, "Please choose a day after today and no later than"),
        (57, "Please choose a day after today and no later than"),
        (None, "Please enter a date, for example 17/05/2026."),
    ],
)
def test_a_last_day_too_soon_or_too_far_is_refused_kindly(client_for, staff, days, message):
    typed = "31/02/2026" if days is None else (timezone.localdate() + dt.timedelta(days=days)).isoformat()
    response = client_for(staff).post(url("feedback_request_new"), {"closes_on": typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page and f'value="{typed}"' in page
    assert not FeedbackRequest.objects.exists()


# --- Cards: printed by the manager or the worker's supervisor, never by the worker ---


def test_a_manager_prints_cards_as_text_and_qr(client_for, manager, feedback, settings):
    settings.SITE_URL = "https://recovery.example.test"
    client = client_for(manager)
    assert "Cards for Sam" in client.get(url("feedback_cards")).content.decode()
    response = client.post(url("feedback_cards_sheet", pk=feedback.pk), {"count": "3"}, follow=True)
    cards = list(feedback.cards.order_by("id"))
    assert len(cards) == 3 and len({c.code for c in cards}) == 3
    page = response.content.decode()
    assert "https://recovery.example.test/t/willow-ward/supervision/feedback/answer/" in page
    for card in cards:
        assert f"{card.code[:4]} {card.code[4:]}" in page
        assert f'src="{url("feedback_card_qr", pk=feedback.pk, code=card.code)}"' in page

    qr = client.get(url("feedback_card_qr", pk=feedback.pk, code=cards[0].code))
    assert qr["Content-Type"] == "image/svg+xml"
    # The card's own answer link encoded independently draws the very same squares.
    link = f"https://recovery.example.test{url('feedback_answer', code=cards[0].code)}"
    expected = qrcode.make(link, image_factory=SvgPathImage).to_string(encoding="unicode")
    assert path_of(qr.content.decode()) == path_of(expected)


def path_of(svg: str) -> str:
    return re.search(r' d="([^"]+)"', svg).group(1)


def test_used_cards_leave_the_sheet(client_for, manager, feedback, card):
    answer_with(card)
    page = client_for(manager).get(url("feedback_cards_sheet", pk=feedback.pk)).content.decode()
    assert card.code[:4] not in page
    assert client_for(manager).get(url("feedback_card_qr", pk=feedback.pk, code=card.code)).status_code == 404


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ("0", "Please make at least 1 card."),
        ("31", "Please make 30 cards or fewer at a time."),
        ("ten", "Please enter a number of cards, like 10."),
        ("", "Please say how many cards to make."),
    ],
)
def test_a_bad_number_of_cards_is_refused_kindly(client_for, manager, feedback, count, message):
    response = client_for(manager).post(url("feedback_cards_sheet", pk=feedback.pk), {"count": count})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not feedback.cards.exists()


def test_the_persons_supervisor_prints_cards_once_the_supervision_is_confirmed(
    client_for, staff, colleague, other_staff
):
    theirs = FeedbackRequestFactory(worker=colleague)
    sheet = url("feedback_cards_sheet", pk=theirs.pk)
    session = SupervisionSessionFactory(supervisor=staff, supervisee=colleague, confirmed_at=None)
    assert client_for(staff).get(sheet).status_code == 404
    session.confirmed_at = timezone.now()
    session.save()
    assert client_for(staff).get(sheet).status_code == 200
    assert client_for(other_staff).get(sheet).status_code == 404
    assert "Cards for" not in client_for(other_staff).get(url("feedback_cards")).content.decode()


def test_a_manager_asking_for_feedback_cannot_print_their_own_cards(client_for, manager, ward):
    theirs = FeedbackRequestFactory(worker=manager)
    assert client_for(manager).get(url("feedback_cards_sheet", pk=theirs.pk)).status_code == 404
    other_manager = MembershipFactory(team=ward, role=Role.MANAGER)
    assert client_for(other_manager).get(url("feedback_cards_sheet", pk=theirs.pk)).status_code == 200


def test_no_cards_for_a_closed_request(client_for, manager, staff, feedback, card):
    close(client_for(staff), feedback)
    client = client_for(manager)
    assert client.get(url("feedback_cards_sheet", pk=feedback.pk)).status_code == 404
    assert client.post(url("feedback_cards_sheet", pk=feedback.pk), {"count": "2"}).status_code == 404
    assert feedback.cards.count() == 1


# --- Answering with a card ---


def test_a_person_answers_with_their_card_without_signing_in(card):
    client = Client()
    page = client.get(url("feedback_answer", code=card.code)).content.decode()
    assert "Your views on working with Sam" in page
    for question in QUESTIONS:
        assert question.text in page
    assert "I&#39;d rather not say" in page
    response = client.post(url("feedback_answer", code=card.code), answers())
    assert "Thank you" in response.content.decode()
    given = FeedbackResponse.objects.get()
    assert given.comment == "Sam always makes time to listen."
    scores = dict(FeedbackAnswer.objects.values_list("question", "score"))
    assert scores["hope"] == 5 and scores["listened"] == 4
    assert "honest" not in scores  # "rather not say" keeps nothing
    card.refresh_from_db()
    assert card.used


def test_a_card_answers_once_from_any_browser(card):
    answer_with(card)
    again = answer_with(card, comment="A second go")
    assert "This card has already been used to answer." in again.content.decode()
    assert FeedbackResponse.objects.count() == 1
    assert (
        "This card has already been used"
        in Client().get(url("feedback_answer", code=card.code)).content.decode()
    )


def test_the_service_spends_a_card_only_once(card):
    services.feedback_answer(card=card, scores={"hope": 5}, comment="")
    with pytest.raises(services.FeedbackRefused) as refused:
        services.feedback_answer(card=card, scores={"hope": 1}, comment="")
    assert refused.value.reason == services.CARD_USED
    assert FeedbackResponse.objects.count() == 1


def test_nothing_ties_an_answer_to_its_card():
    # An answer keeps no card, no date and no person; a card keeps only whether it was used.
    assert {f.name for f in FeedbackResponse._meta.get_fields()} == {"id", "request", "comment", "answers"}
    assert {f.name for f in FeedbackCard._meta.get_fields()} == {"id", "request", "code", "used"}


def test_a_person_with_only_the_text_types_the_code(card):
    client = Client()
    assert "The code on your card" in client.get(url("feedback_code")).content.decode()
    typed = f" {card.code[:4].lower()}-{card.code[4:]} "
    response = client.post(url("feedback_code"), {"code": typed})
    assert response["Location"] == url("feedback_answer", code=card.code)


@pytest.mark.parametrize("typed", ["ABCD3467", ""])
def test_a_code_that_is_not_on_a_card_is_refused_kindly(card, typed):
    response = Client().post(url("feedback_code"), {"code": typed})
    page = response.content.decode()
    assert response.status_code == 200
    message = "We could not find that code." if typed else "Please type the code from your card."
    assert message in page and f'value="{typed}"' in page


def test_another_teams_card_is_not_found(outsider):
    theirs = FeedbackCardFactory(request=FeedbackRequestFactory(worker=outsider))
    assert Client().get(url("feedback_answer", code=theirs.code)).status_code == 404
    assert Client().get(url("feedback_answer", code="NOSUCHCD")).status_code == 404
    response = Client().post(url("feedback_code"), {"code": theirs.code})
    assert "We could not find that code." in response.content.decode()


def test_a_closed_request_takes_no_more_answers(client_for, staff, feedback, card):
    close(client_for(staff), feedback)
    response = answer_with(card)
    assert "This feedback request is closed now" in response.content.decode()
    assert not FeedbackResponse.objects.exists()


def test_answers_after_the_last_day_are_refused(feedback, card):
    FeedbackRequest.objects.filter(pk=feedback.pk).update(
        closes_on=timezone.localdate() - dt.timedelta(days=1)
    )
    response = answer_with(card)
    assert "This feedback request is closed now" in response.content.decode()
    assert not FeedbackResponse.objects.exists()
    card.refresh_from_db()
    assert not card.used


def test_a_request_from_someone_who_has_left_takes_no_more_answers(staff, card):
    staff.leave()
    response = answer_with(card)
    assert "This feedback request is closed now" in response.content.decode()
    assert not FeedbackResponse.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"hope": ""}, "Please choose an answer to “They help me feel hopeful about my future.”"),
        ({"hope": "9"}, "Please choose one of the answers in the list."),
        ({"comment": "Kept " + "z" * 500}, "Please keep this to 500 characters or fewer (it has 505)."),
    ],
)
def test_bad_answers_get_a_kind_message_and_keep_what_was_typed(card, change, message):
    data = answers(**change)
    response = Client().post(url("feedback_answer", code=card.code), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert data["comment"] in page
    assert 'value="skip" checked' in page
    assert not FeedbackResponse.objects.exists()
    card.refresh_from_db()
    assert not card.used  # the card still works once the answers are put right


# --- Results: once, at the close, from at least three people ---


def test_nothing_is_shown_while_answers_are_taken(client_for, staff, feedback):
    for comment in ("First comment", "Second comment", "Third comment"):
        answer_with(FeedbackCardFactory(request=feedback), comment=comment)
    page = client_for(staff).get(url("feedback_request", pk=feedback.pk)).content.decode()
    assert "3 people have answered so far." in page
    assert "comment" not in page.lower().replace("feedback-comments", "")
    assert 'id="feedback-results"' not in page


def test_closing_shows_the_results_from_three_people(client_for, staff, feedback):
    for comment in ("First comment", "Second comment", ""):
        answer_with(FeedbackCardFactory(request=feedback), comment=comment)
    page = close(client_for(staff), feedback).content.decode()
    assert "This feedback request is closed. No more answers will be taken." in page
    assert "3 people answered." in page
    assert "First comment" in page and "Second comment" in page
    assert ">4.0<" in page  # "I feel listened to."


def test_fewer_than_three_at_the_close_shows_no_results(client_for, staff, feedback):
    answer_feedback(feedback, score=2, comment="First comment")
    answer_feedback(feedback, score=5, comment="Second comment")
    page = close(client_for(staff), feedback).content.decode()
    assert "2 people answered." in page
    assert "so there are none to show this time" in page
    assert "First comment" not in page and "Second comment" not in page
    assert 'id="feedback-results"' not in page
    assert FeedbackRequest.objects.get().results == {"responses": 2}


def test_a_request_past_its_last_day_is_tallied_when_first_seen(client_for, staff, feedback):
    for _ in range(3):
        answer_feedback(feedback, score=3, comment="Steady")
    FeedbackRequest.objects.filter(pk=feedback.pk).update(
        closes_on=timezone.localdate() - dt.timedelta(days=1)
    )
    page = client_for(staff).get(url("feedback_request", pk=feedback.pk)).content.decode()
    assert "3 people answered." in page
    feedback.refresh_from_db()
    assert feedback.closed_at is not None and feedback.results["responses"] == 3


def test_results_are_averages_and_comments_without_dates(feedback):
    answer_feedback(feedback, score=2, comment="One")
    answer_feedback(feedback, score=5, hope=0, comment="Two")
    answer_feedback(feedback, score=5, hope=3, comment="")
    answer_feedback(feedback, score=4, hope=0, comment="Four")
    assert feedback_results(feedback) is None  # still taking answers
    results = feedback_results(services.feedback_request_close(request=feedback))
    by_slug = {row.question.slug: row for row in results.questions}
    assert by_slug["listened"].average == pytest.approx(4.0)
    assert sorted(results.comments) == ["Four", "One", "Two"]
    assert all(isinstance(c, str) for c in results.comments)


def test_a_question_fewer_than_three_people_answered_shows_no_average(client_for, staff, feedback):
    answer_feedback(feedback, score=4, hope=2)
    answer_feedback(feedback, score=4, hope=0)
    answer_feedback(feedback, score=4, hope=0)
    results = feedback_results(services.feedback_request_close(request=feedback))
    by_slug = {row.question.slug: row for row in results.questions}
    # One person's "hope" would otherwise be the average itself.
    assert by_slug["hope"].average is None and by_slug["listened"].average == pytest.approx(4.0)
    assert (
        "Too few answers to show"
        in client_for(staff).get(url("feedback_request", pk=feedback.pk)).content.decode()
    )


def test_answers_are_shown_escaped(client_for, staff, feedback):
    for _ in range(3):
        answer_feedback(feedback, comment="<script>alert(1)</script>")
    page = close(client_for(staff), feedback).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_only_the_worker_sees_their_feedback(client_for, manager, colleague, feedback):
    for member in (manager, colleague):
        assert client_for(member).get(url("feedback_request", pk=feedback.pk)).status_code == 404


# --- The attacks of issue 9, tried for real ---


def results_part(page: str) -> str:
    """What the worker reads on their request's page, less the form's one-time CSRF token."""
    part = page[page.index("<h1>Your feedback</h1>") : page.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", part)


def test_a_worker_cannot_answer_for_others_and_learn_one_persons_answers(
    client_for, manager, staff, feedback
):
    """Issue 9, defect 1: the worker answered their own link twice from fresh browsers, waited for
    one real answer, and read that person's scores (3 × average − 10) and comment."""
    sam = client_for(staff)
    client_for(manager).post(url("feedback_cards_sheet", pk=feedback.pk), {"count": "5"})
    codes = set(feedback.cards.values_list("code", flat=True))

    # Everything Sam can reach shows no card, and the cards' own pages are closed to him.
    seen = "".join(
        sam.get(url(name, **kwargs)).content.decode()
        for name, kwargs in [
            ("home", {}),
            ("feedback_requests", {}),
            ("feedback_request", {"pk": feedback.pk}),
            ("feedback_cards", {}),
        ]
    )
    assert not any(code in seen or f"{code[:4]} {code[4:]}" in seen for code in codes)
    assert sam.get(url("feedback_cards_sheet", pk=feedback.pk)).status_code == 404
    assert sam.get(url("feedback_card_qr", pk=feedback.pk, code=min(codes))).status_code == 404

    # Sam tries to answer twice from fresh browsers: without a card there is no way in.
    for guess in ("ABCD3467", "XYXY9898"):
        fresh = Client()
        assert (
            "We could not find that code."
            in fresh.post(url("feedback_code"), {"code": guess}).content.decode()
        )
        assert fresh.post(url("feedback_answer", code=guess), answers()).status_code == 404
    assert not FeedbackResponse.objects.exists()

    # One real person answers with their card.
    real = feedback.cards.first()
    answer_with(real, comment="Only I would say this", **dict.fromkeys(QUESTION_SLUGS, "1"))
    assert FeedbackResponse.objects.count() == 1

    # Sam learns that someone answered, and nothing of what they said, before or after closing.
    for page in (
        sam.get(url("feedback_request", pk=feedback.pk)).content.decode(),
        close(sam, feedback).content.decode(),
    ):
        assert "Only I would say this" not in page
        assert 'id="feedback-results"' not in page and "1.0" not in page
    feedback.refresh_from_db()
    assert feedback.results == {"responses": 1}


def test_comparing_the_page_before_and_after_another_answer_learns_nothing(client_for, staff, feedback):
    """Issue 9, defect 1: the results were recounted after every answer, so the difference between
    two looks was the newest person's answers."""
    sam = client_for(staff)
    cards = [FeedbackCardFactory(request=feedback) for _ in range(5)]
    for card, comment in zip(cards[:3], ("Kind", "Patient", "Honest"), strict=True):
        answer_with(card, comment=comment)

    # While answers are taken, another answer changes nothing but the count.
    before = results_part(sam.get(url("feedback_request", pk=feedback.pk)).content.decode())
    answer_with(cards[3], comment="Words from the newest person", **dict.fromkeys(QUESTION_SLUGS, "1"))
    after = results_part(sam.get(url("feedback_request", pk=feedback.pk)).content.decode())
    assert before.replace("3 people have answered so far", "4 people have answered so far") == after
    assert "Words from the newest person" not in after

    # After the close, the tally is the tally: a late answer is refused and changes nothing, and
    # the comments keep one order however often the page is read.
    closed = results_part(close(sam, feedback).content.decode())
    assert "4 people answered." in closed and "Words from the newest person" in closed
    late = answer_with(cards[4], comment="Too late", **dict.fromkeys(QUESTION_SLUGS, "5"))
    assert "This feedback request is closed now" in late.content.decode()
    answer_feedback(feedback, score=5, comment="Slipped in behind the app's back")
    for _ in range(3):
        assert results_part(sam.get(url("feedback_request", pk=feedback.pk)).content.decode()) == closed


# --- Lists, methods ---


def test_my_feedback_requests_list_makes_a_constant_number_of_queries(
    client_for, staff, django_assert_max_num_queries
):
    client = client_for(staff)
    FeedbackRequestFactory(worker=staff)
    client.get(url("feedback_requests"))
    for _ in range(10):
        answer_feedback(FeedbackRequestFactory(worker=staff))
    with django_assert_max_num_queries(LIST_QUERIES):
        page = client.get(url("feedback_requests")).content.decode()
    assert page.count("1 answer") == 10


def test_the_cards_list_makes_a_constant_number_of_queries(
    client_for, manager, ward, django_assert_max_num_queries
):
    client = client_for(manager)
    FeedbackRequestFactory(worker=MembershipFactory(team=ward))
    client.get(url("feedback_cards"))
    for _ in range(10):
        FeedbackCardFactory(request=FeedbackRequestFactory(worker=MembershipFactory(team=ward)))
    with django_assert_max_num_queries(LIST_QUERIES):
        page = client.get(url("feedback_cards")).content.decode()
    assert page.count("1 card made so far.") == 10


@pytest.mark.parametrize(
    ("name", "method"),
    [("feedback_requests", "post"), ("feedback_request_new", "get"), ("feedback_cards", "post")],
)
def test_wrong_method_is_refused(client_for, manager, name, method):
    assert getattr(client_for(manager), method)(url(name)).status_code == 405


@pytest.mark.parametrize(
    ("name", "method"), [("feedback_request", "post"), ("feedback_request_close", "get")]
)
def test_wrong_method_on_a_request_is_refused(client_for, staff, feedback, name, method):
    assert getattr(client_for(staff), method)(url(name, pk=feedback.pk)).status_code == 405


def test_card_pages_refuse_other_methods(client_for, manager, feedback, card):
    client = client_for(manager)
    assert client.put(url("feedback_cards_sheet", pk=feedback.pk)).status_code == 405
    assert client.post(url("feedback_card_qr", pk=feedback.pk, code=card.code)).status_code == 405


def test_the_answer_pages_refuse_other_methods(card):
    assert Client().put(url("feedback_answer", code=card.code)).status_code == 405
    assert Client().put(url("feedback_code")).status_code == 405


# --- At the same moment ---
# Two connections writing at once: SQLite's test database refuses the second writer outright
# ("table is locked") where PostgreSQL makes it wait for the row lock, which is what these test.


def at_once(*jobs):
    barrier = threading.Barrier(len(jobs))
    outcomes = []

    def run(job):
        try:
            barrier.wait()
            outcomes.append(job())
        except services.FeedbackRefused as refused:
            outcomes.append(refused.reason)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_card_sent_twice_at_once_answers_once(card):
    def send():
        services.feedback_answer(card=card, scores={"hope": 5}, comment="Twice?")
        return "saved"

    assert sorted(at_once(send, send)) == ["saved", services.CARD_USED]
    assert FeedbackResponse.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_answer_at_the_moment_of_closing_is_in_the_tally_or_refused(feedback):
    for _ in range(3):
        answer_feedback(feedback, score=4)
    late = FeedbackCardFactory(request=feedback)

    def send():
        services.feedback_answer(card=late, scores={"listened": 1}, comment="")
        return "saved"

    def close_now():
        services.feedback_request_close(request=feedback)
        return "closed"

    outcomes = at_once(send, close_now)
    feedback.refresh_from_db()
    # Whichever came first, the tally counts exactly the answers that were saved.
    assert feedback.results["responses"] == FeedbackResponse.objects.count()
    assert sorted(outcomes) in (["closed", "saved"], ["closed", services.REQUEST_CLOSED])


# --- Guessing codes ---


def test_typing_wrong_codes_again_and_again_is_paused(card):
    client = Client()
    for _ in range(10):
        response = client.post(url("feedback_code"), {"code": "WXYZ7896"})
        assert "We could not find that code" in response.content.decode()
    paused = client.post(url("feedback_code"), {"code": "WXYZ7896"})
    assert paused.status_code == 429
    assert "Please wait a few minutes" in paused.content.decode()
    # During the pause even a real card waits, and what was typed stays.
    real = client.post(url("feedback_code"), {"code": card.code})
    assert real.status_code == 429
    assert f'value="{card.code}"' in real.content.decode()
    # Another browser is not held up.
    assert Client(REMOTE_ADDR="10.0.0.9").post(url("feedback_code"), {"code": card.code}).status_code == 302


def test_made_up_card_addresses_count_as_guesses(card):
    client = Client()
    for _ in range(11):
        assert client.get(url("feedback_answer", code="WXYZ7896")).status_code == 404
    assert client.get(url("feedback_answer", code=card.code)).status_code == 429
