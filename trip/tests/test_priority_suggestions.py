"""A suggested priority, while it is still an idea: whoever suggested it can put it better or take it
back; a manager can put it better too. Nobody else can, and once chosen its words stay."""

import pytest
from django.urls import reverse

from trip import services
from trip.models import Priority, PriorityRating, PriorityStatus
from trip.tests.factories import PriorityRatingFactory, StatementFactory

BETTER = {"title": "A kinder first letter", "change": "Write it together with people using the service."}


def url(name, **kwargs):
    return reverse(f"trip:{name}", kwargs={"team": "willow-ward", **kwargs})


# --- Changing the words ---------------------------------------------------------------------------


def test_whoever_suggested_it_sees_the_way_to_change_or_take_it_back(client_for, staff, priority):
    page = client_for(staff).get(url("priority", pk=priority.pk)).content.decode()
    assert url("priority_edit", pk=priority.pk) in page
    assert url("priority_withdraw", pk=priority.pk) in page


def test_a_manager_may_change_the_words_but_not_take_it_back(client_for, manager, priority):
    page = client_for(manager).get(url("priority", pk=priority.pk)).content.decode()
    assert url("priority_edit", pk=priority.pk) in page
    assert url("priority_withdraw", pk=priority.pk) not in page


def test_the_form_starts_from_the_words_as_they_are_and_saves_the_new_ones(client_for, staff, priority, ward):
    statement = StatementFactory(team=ward, text="We ask what matters to people.")
    form = client_for(staff).get(url("priority_edit", pk=priority.pk)).content.decode()
    assert "Change this priority" in form
    assert 'value="A friendlier first letter"' in form

    response = client_for(staff).post(
        url("priority_edit", pk=priority.pk), {**BETTER, "statements": [statement.pk]}
    )

    assert response.url == url("priority", pk=priority.pk)
    priority.refresh_from_db()
    assert (priority.title, priority.change) == (BETTER["title"], BETTER["change"])
    assert list(priority.statements.all()) == [statement]


def test_ratings_stay_when_the_words_change(client_for, staff, priority, colleague):
    PriorityRatingFactory(priority=priority, member=colleague, impact=4, ease=2)
    client_for(staff).post(url("priority_edit", pk=priority.pk), BETTER)
    assert PriorityRating.objects.filter(priority=priority).count() == 1


@pytest.mark.parametrize(
    "data, message, kept",
    [
        (
            {"title": "", "change": "Something kinder."},
            "Please give the priority a name.",
            "Something kinder.",
        ),
        (
            {"title": "A new name", "change": "   "},
            "Please say what we want to change.",
            'value="A new name"',
        ),
    ],
)
def test_bad_input_is_refused_kindly_and_keeps_what_was_typed(
    client_for, staff, priority, data, message, kept
):
    response = client_for(staff).post(url("priority_edit", pk=priority.pk), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and "There is a problem" in html
    assert kept in html
    priority.refresh_from_db()
    assert priority.title == "A friendlier first letter"


@pytest.mark.parametrize("who", ["colleague", "service_user", "supporter"])
def test_nobody_else_may_change_it(client_for, request, who, priority):
    client = client_for(request.getfixturevalue(who))
    assert client.get(url("priority_edit", pk=priority.pk)).status_code == 403
    assert client.post(url("priority_edit", pk=priority.pk), BETTER).status_code == 403
    page = client.get(url("priority", pk=priority.pk)).content.decode()
    assert url("priority_edit", pk=priority.pk) not in page
    priority.refresh_from_db()
    assert priority.title == "A friendlier first letter"


def test_an_outsider_learns_nothing_and_a_stranger_is_asked_to_sign_in(
    client, client_for, outsider, priority
):
    assert client_for(outsider).get(url("priority_edit", pk=priority.pk)).status_code == 404
    assert client_for(outsider).post(url("priority_withdraw", pk=priority.pk)).status_code == 404
    assert client.get(url("priority_edit", pk=priority.pk)).url.startswith("/sign-in/")


@pytest.mark.parametrize("status", [PriorityStatus.ACTIVE, PriorityStatus.DONE, PriorityStatus.DROPPED])
def test_once_chosen_or_set_aside_its_words_stay(client_for, staff, led_priority, status):
    Priority.objects.filter(pk=led_priority.pk).update(status=status)
    client = client_for(staff)
    assert client.get(url("priority_edit", pk=led_priority.pk)).status_code == 403
    assert client.post(url("priority_withdraw", pk=led_priority.pk)).status_code == 403
    page = client.get(url("priority", pk=led_priority.pk)).content.decode()
    assert "suggestion-actions" not in page


def test_the_services_refuse_once_it_was_chosen_meanwhile(staff, manager, priority):
    # The page was opened while it was an idea; a manager chose it before the save arrived.
    Priority.objects.filter(pk=priority.pk).update(status=PriorityStatus.DROPPED)

    with pytest.raises(services.TripError, match="its words stay as they are"):
        services.priority_edit(member=manager, priority=priority, statements=[], **BETTER)
    with pytest.raises(services.TripError, match="it stays where it is"):
        services.priority_withdraw(member=staff, priority=priority)
    assert Priority.objects.get(pk=priority.pk).title == "A friendlier first letter"


def test_changing_refuses_other_methods(client_for, staff, priority):
    assert client_for(staff).put(url("priority_edit", pk=priority.pk)).status_code == 405
    assert client_for(staff).delete(url("priority_withdraw", pk=priority.pk)).status_code == 405


# --- Taking it back -------------------------------------------------------------------------------


def test_taking_back_asks_first_and_a_get_changes_nothing(client_for, staff, priority):
    page = client_for(staff).get(url("priority_withdraw", pk=priority.pk)).content.decode()
    assert "Take back “A friendlier first letter”?" in page
    assert "Nobody else has rated it yet." in page
    assert "Yes, take it back" in page and "No, keep it" in page
    assert Priority.objects.filter(pk=priority.pk).exists()


def test_a_suggestion_nobody_else_rated_is_removed(client_for, staff, priority):
    PriorityRatingFactory(priority=priority, member=staff, impact=5, ease=5)

    response = client_for(staff).post(url("priority_withdraw", pk=priority.pk), follow=True)

    assert "“A friendlier first letter” is taken back." in response.content.decode()
    assert not Priority.objects.filter(pk=priority.pk).exists()


def test_a_suggestion_others_rated_is_set_aside_with_their_ratings(client_for, staff, priority, colleague):
    PriorityRatingFactory(priority=priority, member=colleague, impact=4, ease=2)
    page = client_for(staff).get(url("priority_withdraw", pk=priority.pk)).content.decode()
    assert "Others have already rated it, so it will be set aside" in page

    response = client_for(staff).post(url("priority_withdraw", pk=priority.pk), follow=True)

    assert "is set aside. Others had rated it" in response.content.decode()
    priority.refresh_from_db()
    assert priority.status == PriorityStatus.DROPPED
    assert priority.ratings.get().member == colleague


@pytest.mark.parametrize("who", ["manager", "colleague", "service_user"])
def test_only_whoever_suggested_it_takes_it_back(client_for, request, who, priority):
    client = client_for(request.getfixturevalue(who))
    assert client.get(url("priority_withdraw", pk=priority.pk)).status_code == 403
    assert client.post(url("priority_withdraw", pk=priority.pk)).status_code == 403
    assert Priority.objects.filter(pk=priority.pk, status=PriorityStatus.PROPOSED).exists()
