import pytest
from django.urls import reverse

from teams.models import Role, Team
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from trip.models import AssetKind, Visibility
from trip.tests.conftest import shared_lines
from trip.tests.factories import AssetFactory, CommunityResourceFactory, LeadRoleFactory

REGISTER = reverse("trip:register", kwargs={"team": "willow-ward"})


def results(page: str) -> str:
    return page[page.index('<div id="register-results">') :]


@pytest.fixture
def assets(manager, staff, service_user):
    AssetFactory(owner=staff, title="Guitar", kind=AssetKind.SKILL, visibility=Visibility.TEAM)
    AssetFactory(
        owner=staff,
        title="Family therapy training",
        kind=AssetKind.QUALIFICATION,
        visibility=Visibility.STAFF,
    )
    AssetFactory(
        owner=service_user,
        title="Hearing voices group",
        kind=AssetKind.LIVED_EXPERIENCE,
        visibility=Visibility.MANAGER,
    )
    AssetFactory(
        owner=service_user, title="Speaks Polish", kind=AssetKind.LANGUAGE, visibility=Visibility.TEAM
    )


def test_the_register_shows_the_team_grouped_by_person(client_for, colleague, assets, lead_role):
    page = results(client_for(colleague).get(REGISTER).content.decode())
    assert page.index("Alex") < page.index("Speaks Polish") < page.index("Sam") < page.index("Guitar")
    assert "Person using the service" in page
    assert "Staff · Family, friends and carers lead" in page


def test_the_register_shows_lead_roles_and_who_holds_them(client_for, service_user, lead_role):
    page = client_for(service_user).get(REGISTER).content.decode()
    assert "<strong>Family, friends and carers lead</strong>: Sam" in page


@pytest.mark.parametrize("who", ["service_user", "supporter", "partner"])
def test_staff_only_assets_are_not_shown_beyond_staff(client_for, request, assets, who):
    page = client_for(request.getfixturevalue(who)).get(REGISTER).content.decode()
    assert "Guitar" in page
    assert "Family therapy training" not in page


def test_staff_see_staff_only_assets_marked_as_such(client_for, colleague, assets):
    page = client_for(colleague).get(REGISTER).content.decode()
    assert "Family therapy training" in page
    assert "Staff only" in page


@pytest.mark.parametrize(
    ("who", "sees"), [("service_user", True), ("manager", True), ("staff", False), ("supporter", False)]
)
def test_only_me_and_the_manager_means_exactly_that(client_for, request, assets, who, sees):
    page = client_for(request.getfixturevalue(who)).get(REGISTER).content.decode()
    assert ("Hearing voices group" in page) is sees


def test_the_owner_is_reminded_who_can_see_a_private_asset(client_for, service_user, manager, assets):
    assert "Only you and the team manager" in client_for(service_user).get(REGISTER).content.decode()
    assert "Only Alex and the team manager" in client_for(manager).get(REGISTER).content.decode()


def test_search_by_keyword(client_for, staff, assets):
    page = results(client_for(staff).get(REGISTER, {"q": "POLISH"}).content.decode())
    assert "Speaks Polish" in page
    assert "Guitar" not in page
    assert "1 thing found for “POLISH”" in page


def test_filter_by_kind(client_for, staff, assets):
    page = results(client_for(staff).get(REGISTER, {"kind": "skill"}).content.decode())
    assert "Guitar" in page
    assert "Speaks Polish" not in page


def test_nothing_found_says_what_to_try(client_for, staff, assets):
    page = client_for(staff).get(REGISTER, {"q": "trombone"}).content.decode()
    assert "Nothing found for “trombone”. Try another word" in page


def test_an_empty_register_invites_the_first_asset(client_for, supporter):
    assert "Nothing has been shared with you yet" in client_for(supporter).get(REGISTER).content.decode()


def test_the_list_view_names_each_owner(client_for, staff, assets):
    page = results(client_for(staff).get(REGISTER, {"show": "list"}).content.decode())
    assert "trip-person" not in page
    assert "<strong>Speaks Polish</strong>" in page
    assert "– Alex" in page
    assert "– you" in page


@pytest.mark.parametrize("odd", [{"kind": "superpower"}, {"show": "sideways"}, {"q": "x" * 101}])
def test_odd_search_addresses_still_show_a_page(client_for, staff, assets, odd):
    response = client_for(staff).get(REGISTER, odd)
    assert response.status_code == 200
    assert "Speaks Polish" in response.content.decode()


def test_script_in_a_search_is_shown_as_text(client_for, staff):
    page = client_for(staff).get(REGISTER, {"q": "<script>x</script>"}).content.decode()
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


def test_people_who_share_an_interest_are_shown_on_the_interest(
    client_for, service_user, staff, partner, interest
):
    interest(service_user, "Football")
    interest(staff, "Watching football")
    interest(partner, "Knitting")
    page = client_for(partner).get(REGISTER, {"kind": "interest"}).content.decode()
    assert shared_lines(page) == [
        "People who share this interest: Sam",
        "People who share this interest: Alex",
    ]


def test_search_is_live_as_people_type(client_for, staff):
    page = client_for(staff).get(REGISTER).content.decode()
    assert 'hx-trigger="keyup changed delay:300ms"' in page
    assert f'hx-get="{REGISTER}"' in page
    assert 'hx-target="#register-results"' in page


def test_htmx_gets_only_the_results_the_same_as_in_the_page(client_for, staff, assets, interest):
    interest(staff, "Chess")
    client = client_for(staff)
    whole = client.get(REGISTER, {"q": "s"}).content.decode()
    response = client.get(REGISTER, {"q": "s"}, HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert fragment.strip().startswith('<div id="register-results">')
    assert "<html" not in fragment
    assert fragment.strip() in whole
    assert "HX-Request" in response["Vary"]


def test_the_register_makes_a_constant_number_of_queries(
    client_for, ward, staff, django_assert_max_num_queries, interest
):
    def add_people(count):
        for n in range(count):
            role = [Role.STAFF, Role.SERVICE_USER, Role.SUPPORTER, Role.PARTNER][n % 4]
            person = MembershipFactory(team=ward, role=role, user=UserFactory(display_name=f"Person {n}"))
            interest(person, ["Gardening", "Football", "Chess"][n % 3])
            AssetFactory(owner=person, kind=AssetKind.SKILL, visibility=Visibility.STAFF)
            AssetFactory(owner=person, kind=AssetKind.LANGUAGE, visibility=Visibility.MANAGER)
            LeadRoleFactory(team=ward, holder=person)

    client = client_for(staff)
    interest(staff, "Gardening")
    add_people(3)
    for show in ("people", "list"):
        with django_assert_max_num_queries(10):
            client.get(REGISTER, {"show": show})
    add_people(30)
    for show in ("people", "list"):
        with django_assert_max_num_queries(10):
            page = client.get(REGISTER, {"show": show}).content.decode()
        assert page.count("Person 29") >= 1


def test_the_filters_offer_every_kind_and_keep_the_choice(client_for, staff):
    page = client_for(staff).get(REGISTER, {"kind": "language", "show": "list"}).content.decode()
    assert '<option value="">All kinds</option>' in page
    assert '<option value="language" selected>Language or cultural knowledge</option>' in page
    assert 'value="list" checked' in page


def test_the_register_is_grouped_by_person_unless_asked_otherwise(client_for, staff):
    page = client_for(staff).get(REGISTER).content.decode()
    assert 'value="people" checked' in page


def test_a_department_register_speaks_of_the_people_it_serves(client_for, db):
    finance = TeamFactory(name="Finance", slug="finance", kind=Team.Kind.DEPARTMENT)
    lead = MembershipFactory(team=finance, role=Role.MANAGER)
    served = MembershipFactory(team=finance, role=Role.SERVICE_USER)
    AssetFactory(owner=served, title="Bookkeeping")
    page = client_for(lead).get(reverse("trip:register", kwargs={"team": "finance"})).content.decode()
    assert "people we serve" in page
    assert "Person we serve" in page
    assert "using the service" not in page


def test_search_finds_places_in_the_community_too(client_for, staff, ward, assets):
    college = CommunityResourceFactory(team=ward, name="Riverside College", offer="Evening cooking courses.")
    CommunityResourceFactory(team=ward, name="Canal walkers", offer="A walk on Saturdays.")
    CommunityResourceFactory(name="Another team's cookery club", offer="Cooking together.")

    page = results(client_for(staff).get(REGISTER, {"q": "cook"}).content.decode())

    assert "Places in the community" in page
    assert "Riverside College" in page and "Evening cooking courses." in page
    assert reverse("trip:resource", kwargs={"team": "willow-ward", "pk": college.pk}) in page
    assert "Canal walkers" not in page
    assert "Another team's cookery club" not in page
    assert "Nothing found" not in page


def test_places_are_not_listed_without_a_search(client_for, staff, ward):
    CommunityResourceFactory(team=ward, name="Riverside College")
    assert "Places in the community" not in client_for(staff).get(REGISTER).content.decode()
