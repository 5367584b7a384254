import re

import pytest
import qrcode
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from qrcode.image.svg import SvgPathImage

from supervision.models import FeedbackAnswer, FeedbackRequest, FeedbackResponse
from supervision.questions import QUESTION_SLUGS, QUESTIONS
from supervision.services import feedback_results
from supervision.tests.factories import FeedbackRequestFactory, answer_feedback

LIST_QUERIES = 7


def url(name, **kwargs):
    return reverse(f"supervision:{name}", kwargs={"team": "willow-ward", **kwargs})


def answers(**change):
    data = dict.fromkeys(QUESTION_SLUGS, "4")
    data.update({"hope": "5", "honest": "skip", "comment": "Sam always makes time to listen."})
    data.update(change)
    return data


def test_a_worker_asks_for_feedback_and_gets_a_link(client_for, staff):
    response = client_for(staff).post(url("feedback_request_new"), follow=True)
    created = FeedbackRequest.objects.get()
    assert created.worker == staff
    page = response.content.decode()
    assert f"/t/willow-ward/supervision/feedback/answer/{created.token}/" in page
    assert "0 of 3 responses so far." in page


def test_the_link_is_also_a_qr_code_until_the_request_closes(client_for, staff, feedback):
    link = f"http://testserver{url('feedback_answer', token=feedback.token)}"
    page = client_for(staff).get(url("feedback_request", pk=feedback.pk)).content.decode()
    assert f'src="{url("feedback_request_qr", pk=feedback.pk)}"' in page

    response = client_for(staff).get(url("feedback_request_qr", pk=feedback.pk))
    assert response["Content-Type"] == "image/svg+xml"
    # The same link encoded independently draws the very same squares.
    expected = qrcode.make(link, image_factory=SvgPathImage).to_string(encoding="unicode")
    assert path_of(response.content.decode()) == path_of(expected)

    feedback.closed_at = timezone.now()
    feedback.save()
    assert client_for(staff).get(url("feedback_request_qr", pk=feedback.pk)).status_code == 404


def path_of(svg: str) -> str:
    return re.search(r' d="([^"]+)"', svg).group(1)


def test_a_person_answers_from_the_link_without_signing_in(feedback):
    client = Client()
    page = client.get(url("feedback_answer", token=feedback.token)).content.decode()
    assert "Your views on working with Sam" in page
    for question in QUESTIONS:
        assert question.text in page
    assert "I&#39;d rather not say" in page
    response = client.post(url("feedback_answer", token=feedback.token), answers())
    assert "Thank you" in response.content.decode()
    given = FeedbackResponse.objects.get()
    assert given.comment == "Sam always makes time to listen."
    scores = dict(FeedbackAnswer.objects.values_list("question", "score"))
    assert scores["hope"] == 5 and scores["listened"] == 4
    assert "honest" not in scores  # "rather not say" keeps nothing


def test_answering_twice_from_the_same_browser_is_kindly_refused(feedback):
    client = Client()
    client.post(url("feedback_answer", token=feedback.token), answers())
    again = client.post(url("feedback_answer", token=feedback.token), answers())
    assert "You have already answered from this device" in again.content.decode()
    assert FeedbackResponse.objects.count() == 1


def test_the_cookie_alone_remembers_an_answer_after_the_session_ends(feedback):
    client = Client()
    client.post(url("feedback_answer", token=feedback.token), answers())
    client.session.flush()
    client.cookies.pop("sessionid", None)
    page = client.get(url("feedback_answer", token=feedback.token)).content.decode()
    assert "You have already answered from this device" in page


def test_a_forged_cookie_does_not_count(feedback):
    client = Client()
    client.cookies[f"rc-feedback-{feedback.pk}"] = "yes"
    page = client.get(url("feedback_answer", token=feedback.token)).content.decode()
    assert "Send my answers" in page


def test_a_closed_request_takes_no_more_answers(client_for, staff, feedback):
    client_for(staff).post(url("feedback_request_close", pk=feedback.pk))
    response = Client().post(url("feedback_answer", token=feedback.token), answers())
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
def test_bad_answers_get_a_kind_message_and_keep_what_was_typed(feedback, change, message):
    data = answers(**change)
    response = Client().post(url("feedback_answer", token=feedback.token), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert data["comment"] in page
    assert 'value="skip" checked' in page
    assert not FeedbackResponse.objects.exists()


def test_an_unknown_or_other_teams_link_is_not_found(outsider):
    theirs = FeedbackRequestFactory(worker=outsider)
    assert Client().get(url("feedback_answer", token="no-such-link")).status_code == 404
    assert Client().get(url("feedback_answer", token=theirs.token)).status_code == 404


def test_answers_are_shown_escaped(client_for, staff, feedback):
    for _ in range(3):
        answer_feedback(feedback, comment="<script>alert(1)</script>")
    page = client_for(staff).get(url("feedback_request", pk=feedback.pk)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_results_stay_hidden_until_three_people_have_answered(client_for, staff, feedback):
    answer_feedback(feedback, score=2, comment="First comment")
    answer_feedback(feedback, score=5, comment="Second comment")
    client = client_for(staff)
    page = client.get(url("feedback_request", pk=feedback.pk)).content.decode()
    assert "2 of 3 responses so far." in page
    assert "First comment" not in page and "Second comment" not in page
    assert 'id="feedback-results"' not in page

    answer_feedback(feedback, score=5, hope=0, comment="")
    page = client.get(url("feedback_request", pk=feedback.pk)).content.decode()
    assert "3 people answered." in page
    assert "First comment" in page and "Second comment" in page
    assert "of 3 responses so far" not in page


def test_results_are_averages_and_comments_without_dates(feedback):
    answer_feedback(feedback, score=2, comment="One")
    answer_feedback(feedback, score=5, hope=0, comment="Two")
    answer_feedback(feedback, score=5, hope=3, comment="")
    results = feedback_results(feedback)
    by_slug = {row.question.slug: row for row in results.questions}
    assert by_slug["listened"].average == pytest.approx(4.0)
    assert by_slug["hope"].average == pytest.approx(2.5)  # (2 + 3) / 2: "rather not say" left out
    assert by_slug["hope"].answers == 2
    assert sorted(results.comments) == ["One", "Two"]
    assert all(isinstance(c, str) for c in results.comments)


def test_only_the_worker_sees_their_feedback(client_for, manager, colleague, feedback):
    for member in (manager, colleague):
        assert client_for(member).get(url("feedback_request", pk=feedback.pk)).status_code == 404


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


@pytest.mark.parametrize(("name", "method"), [("feedback_requests", "post"), ("feedback_request_new", "get")])
def test_wrong_method_is_refused(client_for, staff, name, method):
    assert getattr(client_for(staff), method)(url(name)).status_code == 405


@pytest.mark.parametrize(
    ("name", "method"), [("feedback_request", "post"), ("feedback_request_close", "get")]
)
def test_wrong_method_on_a_request_is_refused(client_for, staff, feedback, name, method):
    assert getattr(client_for(staff), method)(url(name, pk=feedback.pk)).status_code == 405


def test_the_answer_page_refuses_other_methods(feedback):
    assert Client().put(url("feedback_answer", token=feedback.token)).status_code == 405


def test_a_request_from_someone_who_has_left_takes_no_more_answers(staff, feedback):
    staff.leave()
    response = Client().post(url("feedback_answer", token=feedback.token), answers())
    assert "This feedback request is closed now" in response.content.decode()
    assert not FeedbackResponse.objects.exists()
