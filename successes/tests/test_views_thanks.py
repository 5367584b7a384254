import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from successes.models import THANK_YOU_LIMIT, ThankYou
from tests.factories import MembershipFactory, ThankYouFactory, UserFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, query: str = "") -> str:
    return reverse(f"successes:{name}", kwargs={"team": "willow-ward"}) + query


# --- Saying thank you ---------------------------------------------------------------------------


def test_the_choice_is_the_teams_active_members_but_not_me(client_for, staff, colleague, service_user):
    gone = MembershipFactory(team=staff.team, user=UserFactory(display_name="Gone Gareth"))
    gone.leave()

    html = client_for(staff).get(url("thank")).content.decode()

    # Colleagues and people using the service are both in the list, each with their role beside them.
    assert '<option value="">Choose someone in your team</option>' in html
    assert "colleague" not in html.split('id="id_recipient"')[1].split("</select>")[0]
    assert f'<option value="{colleague.pk}">Priya (staff)</option>' in html
    assert f'<option value="{service_user.pk}">Alex (person using the service)</option>' in html
    assert f'value="{staff.pk}"' not in html
    assert "Gone Gareth" not in html


def test_the_message_asks_to_leave_out_anything_that_could_identify_a_person_using_the_service(
    client_for, staff, colleague
):
    html = client_for(staff).get(url("thank")).content.decode()

    hint = html.split('id="id_message-hint"')[1].split("</div>")[0]
    assert "leave out the names of anyone else" in hint
    assert "could identify a person using the service" in hint
    assert 'aria-describedby="id_message-info id_message-hint"' in html


def test_a_colleague_can_be_chosen_in_advance(client_for, staff, colleague):
    html = client_for(staff).get(url("thank", f"?to={colleague.pk}")).content.decode()

    assert f'<option value="{colleague.pk}" selected>Priya (staff)</option>' in html
    assert client_for(staff).get(url("thank", "?to=nobody")).status_code == 200


def test_a_thank_you_goes_on_the_wall_and_into_thanks_received(client_for, staff, colleague):
    client = client_for(staff)
    response = client.post(
        url("thank"), {"recipient": colleague.pk, "message": "Thank you for covering my break."}
    )

    assert response.status_code == 302
    assert response["Location"] == url("wall")
    thanks = ThankYou.objects.get()
    assert (thanks.sender, thanks.recipient, thanks.team) == (staff, colleague, staff.team)
    wall = client.get(url("wall")).content.decode()
    assert "Thank you for covering my break." in wall
    assert "Your thank-you to Priya is on the wall." in wall
    assert (
        "Thank you for covering my break."
        in client_for(colleague).get(url("thanks_received")).content.decode()
    )


def test_with_htmx_a_thank_you_sends_the_browser_to_the_wall(client_for, staff, colleague):
    response = client_for(staff).post(
        url("thank"), {"recipient": colleague.pk, "message": "Well done."}, **HTMX
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == url("wall")
    assert ThankYou.objects.count() == 1


def test_the_htmx_form_fragment_comes_back_with_errors(client_for, staff, colleague):
    response = client_for(staff).post(url("thank"), {"recipient": colleague.pk, "message": " "}, **HTMX)

    html = response.content.decode()
    assert html.lstrip().startswith('<form id="thank-form"')
    assert "Write a short message to go with your thank-you." in html
    assert f'<option value="{colleague.pk}" selected>Priya (staff)</option>' in html


@pytest.mark.parametrize("role", ["manager", "service_user", "supporter", "partner"])
def test_anyone_in_the_team_can_say_thank_you(client_for, request, staff, role):
    member = request.getfixturevalue(role)

    response = client_for(member).post(url("thank"), {"recipient": staff.pk, "message": "Thank you, Sam."})

    assert response.status_code == 302
    assert ThankYou.objects.get().sender == member


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("", "Write a short message to go with your thank-you."),
        ("  \n ", "Write a short message to go with your thank-you."),
        ("z" * (THANK_YOU_LIMIT + 1), "Keep it to 500 characters or fewer. It is 501 now"),
    ],
)
def test_a_bad_message_is_refused_kindly_and_kept(client_for, staff, colleague, message, error):
    response = client_for(staff).post(url("thank"), {"recipient": colleague.pk, "message": message})

    assert response.status_code == 200
    html = response.content.decode()
    assert error in html
    assert "<title>Error: Say thank you" in html
    if message.strip():
        assert message in html
    assert not ThankYou.objects.exists()


def test_an_empty_post_is_answered_with_errors(client_for, staff, colleague):
    html = client_for(staff).post(url("thank"), {}).content.decode()

    assert "Choose who you would like to thank." in html
    assert "Write a short message to go with your thank-you." in html


def test_the_htmx_get_is_the_form_alone(client_for, staff, colleague):
    html = client_for(staff).get(url("thank"), **HTMX).content.decode()

    assert html.lstrip().startswith('<form id="thank-form"')
    assert "<html" not in html


def test_no_one_chosen_is_refused_kindly(client_for, staff, colleague):
    response = client_for(staff).post(url("thank"), {"message": "Thank you!"})

    html = response.content.decode()
    assert "Choose who you would like to thank." in html
    assert "Thank you!</textarea>" in html


def test_a_colleague_who_has_left_meanwhile_is_named(client_for, staff, colleague):
    colleague.leave()

    response = client_for(staff).post(
        url("thank"), {"recipient": colleague.pk, "message": "Thank you, Priya."}
    )

    html = response.content.decode()
    assert "Priya is no longer in the team, so your thank-you cannot reach them." in html
    assert "Thank you, Priya.</textarea>" in html
    assert not ThankYou.objects.exists()


@pytest.mark.parametrize("who", ["staff", "outsider"])
def test_myself_or_someone_from_another_team_cannot_be_thanked(client_for, request, staff, who):
    response = client_for(staff).post(
        url("thank"), {"recipient": request.getfixturevalue(who).pk, "message": "Thank you."}
    )

    assert "Choose someone from your team&#39;s list." in response.content.decode()
    assert not ThankYou.objects.exists()


def test_saying_thank_you_refuses_wrong_methods(client_for, staff):
    assert client_for(staff).put(url("thank")).status_code == 405


def test_saying_thank_you_is_not_for_outsiders_or_anonymous(client, client_for, outsider, staff):
    assert (
        client_for(outsider).post(url("thank"), {"recipient": staff.pk, "message": "Hi"}).status_code == 404
    )
    assert client.get(url("thank"))["Location"].startswith("/sign-in/")
    assert not ThankYou.objects.exists()


# --- Thanks received ----------------------------------------------------------------------------


def test_thanks_received_are_mine_newest_first(client_for, staff, colleague, manager):
    ThankYouFactory(
        sender=colleague,
        recipient=staff,
        message="Older thanks.",
        created_at=timezone.now() - dt.timedelta(days=3),
    )
    ThankYouFactory(sender=manager, recipient=staff, message="Newer <b>thanks</b>.")
    ThankYouFactory(sender=staff, recipient=colleague, message="Thanks I sent.")

    html = client_for(staff).get(url("thanks_received")).content.decode()

    assert html.index("Newer &lt;b&gt;thanks&lt;/b&gt;.") < html.index("Older thanks.")
    assert "From Maya (manager)" in html
    assert "Thanks I sent." not in html


def test_thanks_received_are_paginated(client_for, staff, colleague):
    for n in range(25):
        ThankYouFactory(
            sender=colleague,
            recipient=staff,
            message=f"Thanks {n}.",
            created_at=timezone.now() - dt.timedelta(hours=n),
        )
    client = client_for(staff)

    first = client.get(url("thanks_received")).content.decode()
    second = client.get(url("thanks_received", "?page=2")).content.decode()

    assert first.count("From Priya") == 20
    assert "Thanks 0." in first and "Older thanks" in first
    assert second.count("From Priya") == 5
    assert "Thanks 24." in second and "Newer thanks" in second
    assert client.get(url("thanks_received", "?page=99")).status_code == 200


def test_no_thanks_yet_is_said_kindly(client_for, partner):
    assert "No thanks yet." in client_for(partner).get(url("thanks_received")).content.decode()


def test_thanks_received_htmx_variant_is_the_list_alone(client_for, staff, colleague):
    ThankYouFactory(sender=colleague, recipient=staff)

    html = client_for(staff).get(url("thanks_received"), **HTMX).content.decode()

    assert html.lstrip().startswith('<div id="thanks-list"')
    assert "<html" not in html


def test_thanks_received_keep_their_queries(client_for, staff, colleague, django_assert_max_num_queries):
    client = client_for(staff)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(url("thanks_received"))
        return len(captured)

    ThankYouFactory(sender=colleague, recipient=staff)
    few = queries()
    for _ in range(10):
        ThankYouFactory(sender=MembershipFactory(team=staff.team), recipient=staff)

    assert queries() == few
    with django_assert_max_num_queries(9):
        client.get(url("thanks_received"))


def test_thanks_received_access(client, client_for, outsider, staff, ward):
    assert client_for(outsider).get(url("thanks_received")).status_code == 404
    assert client.get(url("thanks_received"))["Location"].startswith("/sign-in/")
    assert client_for(staff).post(url("thanks_received")).status_code == 405
