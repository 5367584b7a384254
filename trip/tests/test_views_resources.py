import re

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory
from trip.models import ResourceRating
from trip.tests.factories import CommunityResourceFactory, ResourceRatingFactory


def url(name, **kwargs):
    return reverse(f"trip:{name}", kwargs={"team": "willow-ward", **kwargs})


GOOD = {
    "name": "Riverside Allotments",
    "offer": "Plots to share and a Tuesday tea.",
    "contact": "01632 960000",
}


def test_the_list_shows_each_place_with_its_average(client_for, supporter, ward, place):
    for stars in (5, 4):
        ResourceRatingFactory(resource=place, stars=stars)
    CommunityResourceFactory(team=ward, name="Library")
    page = client_for(supporter).get(url("resources")).content.decode()
    assert "4.5 out of 5, from 2 ratings" in page
    assert "Not rated yet" in page
    assert page.index("Canal Side College") < page.index("Library")


def test_the_list_makes_a_constant_number_of_queries(client_for, staff, ward, django_assert_max_num_queries):
    client = client_for(staff)
    CommunityResourceFactory(team=ward)
    client.get(url("resources"))
    for _ in range(15):
        ResourceRatingFactory(resource=CommunityResourceFactory(team=ward), stars=3)
    with django_assert_max_num_queries(7):
        assert client.get(url("resources")).status_code == 200


def test_any_member_adds_a_place(client_for, service_user, ward):
    response = client_for(service_user).post(url("resource_new"), GOOD, follow=True)
    place = ward.community_resources.get()
    assert (place.name, place.added_by) == ("Riverside Allotments", service_user)
    assert response.redirect_chain[-1][0] == url("resource", pk=place.pk)
    assert "Would you like to rate it?" in response.content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "Please give the name of the place or group."),
        ({"offer": ""}, "Please say what they offer."),
        ({"contact": "x" * 201}, "Please keep this to 200 characters or fewer (it has 201)."),
        ({"name": "canal side COLLEGE"}, "is already on the list. You can rate it there."),
    ],
)
def test_bad_input_gets_a_kind_message_and_keeps_what_was_typed(
    client_for, staff, place, ward, change, message
):
    response = client_for(staff).post(url("resource_new"), {**GOOD, **change})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    for field, typed in GOOD.items():
        if field not in change:
            assert typed in page
    assert ward.community_resources.count() == 1


def test_a_place_shows_what_it_offers_and_what_people_think(client_for, staff, place):
    ResourceRatingFactory(resource=place, stars=2, comment="Hard to find <b>the door</b>")
    page = client_for(staff).get(url("resource", pk=place.pk)).content.decode()
    assert "A friendly walk every Saturday" in page
    assert "canalside-walks.example.test" in page
    assert "Hard to find &lt;b&gt;the door&lt;/b&gt;" in page
    assert "2.0 out of 5, from 1 rating" in page


def test_a_member_rates_a_place(client_for, service_user, place):
    response = client_for(service_user).post(
        url("resource_rate", pk=place.pk), {"stars": "5", "comment": "Friendly tutors"}, follow=True
    )
    rating = place.ratings.get()
    assert (rating.member, rating.stars, rating.comment) == (service_user, 5, "Friendly tutors")
    page = response.content.decode()
    assert "Thank you for rating “Canal Side College”." in page
    assert "Friendly tutors" in page


def test_rating_again_updates_the_one_rating(client_for, service_user, place):
    client = client_for(service_user)
    client.post(url("resource_rate", pk=place.pk), {"stars": "2", "comment": "Busy"})
    client.post(url("resource_rate", pk=place.pk), {"stars": "4", "comment": "Better on Mondays"})
    assert list(place.ratings.values_list("stars", "comment")) == [(4, "Better on Mondays")]


def test_my_earlier_rating_is_offered_to_change(client_for, service_user, place):
    ResourceRatingFactory(resource=place, member=service_user, stars=3, comment="OK for me")
    page = client_for(service_user).get(url("resource", pk=place.pk)).content.decode()
    assert "Change your rating" in page
    assert "OK for me</textarea>" in page


@pytest.mark.parametrize("stars", ["0", "6", "-1", "five", ""])
def test_stars_outside_one_to_five_are_refused_kindly(client_for, staff, place, stars):
    response = client_for(staff).post(
        url("resource_rate", pk=place.pk), {"stars": stars, "comment": "Lovely"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please choose from 1 to 5 stars." in page
    assert "Lovely</textarea>" in page
    assert not ResourceRating.objects.exists()


def test_an_over_long_comment_is_refused_kindly(client_for, staff, place):
    response = client_for(staff).post(url("resource_rate", pk=place.pk), {"stars": "3", "comment": "x" * 301})
    assert "Please keep this to 300 characters or fewer (it has 301)." in response.content.decode()
    assert not ResourceRating.objects.exists()


def test_rating_with_htmx_returns_the_ratings_with_the_new_average(client_for, staff, place):
    ResourceRatingFactory(resource=place, stars=2)
    response = client_for(staff).post(
        url("resource_rate", pk=place.pk), {"stars": "4", "comment": "Good café"}, HTTP_HX_REQUEST="true"
    )
    fragment = response.content.decode()
    assert response.status_code == 200
    assert fragment.strip().startswith('<div id="ratings">')
    assert "<html" not in fragment
    assert "Thank you. Your rating is saved." in fragment
    assert "3.0 out of 5, from 2 ratings" in fragment
    assert "Good café" in fragment


def test_a_bad_rating_with_htmx_returns_the_form_with_its_message(client_for, staff, place):
    response = client_for(staff).post(
        url("resource_rate", pk=place.pk), {"stars": "9", "comment": "Nice"}, HTTP_HX_REQUEST="true"
    )
    fragment = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in fragment
    assert "Please choose from 1 to 5 stars." in fragment
    assert "Nice</textarea>" in fragment


def test_the_ratings_fragment_is_the_same_alone_and_in_the_page(client_for, staff, place):
    ResourceRatingFactory(resource=place, stars=5, comment="Great")
    client = client_for(staff)
    whole = client.get(url("resource", pk=place.pk)).content.decode()
    alone = client.get(url("resource", pk=place.pk), HTTP_HX_REQUEST="true").content.decode()
    assert alone.strip().startswith('<div id="ratings">')

    def unmasked(html: str) -> str:  # the CSRF token is masked differently on every response
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)

    assert unmasked(alone).strip() in unmasked(whole)


def test_the_rating_form_posts_with_htmx_and_without(client_for, staff, place):
    page = client_for(staff).get(url("resource", pk=place.pk)).content.decode()
    rate = url("resource_rate", pk=place.pk)
    assert f'action="{rate}" hx-post="{rate}"' in page


def test_the_place_page_makes_a_constant_number_of_queries(
    client_for, staff, ward, place, django_assert_max_num_queries
):
    client = client_for(staff)
    ResourceRatingFactory(resource=place)
    client.get(url("resource", pk=place.pk))
    for _ in range(15):
        ResourceRatingFactory(resource=place, member=MembershipFactory(team=ward))
    with django_assert_max_num_queries(9):
        assert client.get(url("resource", pk=place.pk)).status_code == 200


def test_the_person_who_added_a_place_changes_it(client_for, partner, place):
    form = client_for(partner).get(url("resource_edit", pk=place.pk)).content.decode()
    assert 'value="Canal Side College"' in form
    response = client_for(partner).post(
        url("resource_edit", pk=place.pk), {**GOOD, "name": "Canal Side College"}
    )
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.offer == "Plots to share and a Tuesday tea."


def test_a_bad_change_keeps_what_was_typed(client_for, manager, place):
    response = client_for(manager).post(url("resource_edit", pk=place.pk), {**GOOD, "offer": ""})
    page = response.content.decode()
    assert "Please say what they offer." in page
    assert 'value="Riverside Allotments"' in page
    place.refresh_from_db()
    assert place.name == "Canal Side College"


def test_others_cannot_change_a_place_they_did_not_add(client_for, staff, place):
    response = client_for(staff).post(url("resource_edit", pk=place.pk), GOOD)
    assert response.status_code == 403
    place.refresh_from_db()
    assert place.name == "Canal Side College"


@pytest.mark.parametrize("role", ["staff", "service_user", "supporter"])
def test_only_who_added_a_place_and_the_manager_may_change_it(client_for, request, role, place, partner):
    client = client_for(request.getfixturevalue(role))
    assert client.get(url("resource_edit", pk=place.pk)).status_code == 403
    assert client.post(url("resource_delete", pk=place.pk)).status_code == 403
    assert client_for(partner).get(url("resource_edit", pk=place.pk)).status_code == 200
    place.refresh_from_db()
    assert place.name == "Canal Side College"


def test_a_manager_takes_a_place_off_the_list(client_for, manager, place, ward):
    ResourceRatingFactory(resource=place)
    response = client_for(manager).post(url("resource_delete", pk=place.pk), follow=True)
    assert not ward.community_resources.exists()
    assert not ResourceRating.objects.exists()
    assert "“Canal Side College” is taken off the list." in response.content.decode()


def test_the_rating_form_offers_one_to_five_stars_with_my_choice_kept(client_for, staff, place):
    ResourceRatingFactory(resource=place, member=staff, stars=4)
    page = client_for(staff).get(url("resource", pk=place.pk)).content.decode()
    for label in ("1 star – not good", "3 stars – OK", "5 stars – excellent"):
        assert label in page
    assert 'value="4" checked' in page


def test_a_refused_rating_is_listed_in_the_error_summary(client_for, staff, place):
    page = client_for(staff).post(url("resource_rate", pk=place.pk), {"stars": "7"}).content.decode()
    assert "There is a problem" in page
    assert '<a href="#id_stars"> Please choose from 1 to 5 stars. </a>' in " ".join(page.split())
