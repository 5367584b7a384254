import pytest
from django.urls import reverse

from tests.factories import MembershipFactory
from trip.models import AssetKind, Visibility
from trip.tests.conftest import shared_lines
from trip.tests.factories import AssetFactory


def url(name, **kwargs):
    return reverse(f"trip:{name}", kwargs={"team": "willow-ward", **kwargs})


GOOD = {"kind": "interest", "title": "Gardening", "description": "I grow tomatoes.", "visibility": "team"}


def test_my_page_lists_only_my_own_assets(client_for, service_user, staff):
    AssetFactory(owner=service_user, title="Speaks Polish", kind=AssetKind.LANGUAGE)
    AssetFactory(owner=staff, title="Carpentry")
    page = client_for(service_user).get(url("my_assets")).content.decode()
    assert "Speaks Polish" in page
    assert "Carpentry" not in page


def test_my_page_shows_who_shares_my_interests(client_for, service_user, staff, supporter, interest):
    interest(service_user, "Gardening")
    interest(service_user, "Jigsaws")
    interest(staff, "Allotment gardening")
    interest(supporter, "Gardening", visibility=Visibility.MANAGER)
    page = client_for(service_user).get(url("my_assets")).content.decode()
    assert shared_lines(page) == ["People who share this interest: Sam"]
    assert "No one else has shared an interest like this yet." in page


def test_my_page_invites_a_first_asset(client_for, partner):
    page = client_for(partner).get(url("my_assets")).content.decode()
    assert "You have not added anything yet" in page


def test_any_member_adds_an_asset_of_their_own(client_for, supporter):
    response = client_for(supporter).post(url("asset_new"), GOOD, follow=True)
    asset = supporter.assets.get()
    assert (asset.kind, asset.title, asset.description, asset.visibility) == (
        "interest",
        "Gardening",
        "I grow tomatoes.",
        "team",
    )
    assert response.redirect_chain[-1][0] == url("my_assets")
    assert "“Gardening” is now on your list" in response.content.decode()


def test_who_can_see_it_must_be_chosen_and_what_was_typed_stays(client_for, service_user):
    response = client_for(service_user).post(url("asset_new"), {**GOOD, "visibility": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please choose who can see this." in page
    assert 'value="Gardening"' in page
    assert "I grow tomatoes." in page
    assert not service_user.assets.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": "   "}, "Please say what it is, in a few words."),
        ({"title": "x" * 81}, "Please keep this to 80 characters or fewer (it has 81)."),
        ({"description": "x" * 501}, "Please keep this to 500 characters or fewer (it has 501)."),
        ({"kind": "superpower"}, "Please choose one of the kinds in the list."),
        ({"visibility": "world"}, "Please choose one of the options for who can see this."),
    ],
)
def test_bad_input_gets_a_kind_message(client_for, staff, change, message):
    response = client_for(staff).post(url("asset_new"), {**GOOD, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not staff.assets.exists()


def test_script_typed_in_an_asset_is_shown_as_text(client_for, staff):
    client_for(staff).post(url("asset_new"), {**GOOD, "title": "<script>alert(1)</script>"})
    for page in ("my_assets", "register"):
        html = client_for(staff).get(url(page)).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>alert(1)" not in html


def test_a_member_changes_their_own_asset(client_for, partner):
    asset = AssetFactory(owner=partner, title="Employer links")
    form = client_for(partner).get(url("asset_edit", pk=asset.pk)).content.decode()
    assert 'value="Employer links"' in form
    response = client_for(partner).post(
        url("asset_edit", pk=asset.pk),
        {"kind": "contact", "title": "Local employers", "description": "", "visibility": "staff"},
    )
    assert response.status_code == 302
    asset.refresh_from_db()
    assert (asset.kind, asset.title, asset.visibility) == ("contact", "Local employers", "staff")


def test_a_bad_change_keeps_what_was_typed_and_the_saved_asset(client_for, staff):
    asset = AssetFactory(owner=staff, title="Carpentry")
    response = client_for(staff).post(url("asset_edit", pk=asset.pk), {**GOOD, "title": "Wood", "kind": ""})
    page = response.content.decode()
    assert "Please choose what kind of thing this is." in page
    assert 'value="Wood"' in page
    asset.refresh_from_db()
    assert asset.title == "Carpentry"


def test_a_member_deletes_their_own_asset(client_for, staff):
    asset = AssetFactory(owner=staff, title="Carpentry")
    response = client_for(staff).post(url("asset_delete", pk=asset.pk), follow=True)
    assert not staff.assets.exists()
    assert "“Carpentry” is taken off your list" in response.content.decode()


@pytest.mark.parametrize("who", ["manager", "colleague"])
def test_nobody_changes_or_deletes_someone_elses_asset(client_for, request, staff, who):
    asset = AssetFactory(owner=staff, title="Carpentry")
    client = client_for(request.getfixturevalue(who))
    assert client.get(url("asset_edit", pk=asset.pk)).status_code == 404
    assert client.post(url("asset_edit", pk=asset.pk), GOOD).status_code == 404
    assert client.post(url("asset_delete", pk=asset.pk)).status_code == 404
    asset.refresh_from_db()
    assert asset.title == "Carpentry"


def test_asset_pages_refuse_the_wrong_method(client_for, staff):
    asset = AssetFactory(owner=staff)
    client = client_for(staff)
    assert client.get(url("asset_delete", pk=asset.pk)).status_code == 405
    assert client.put(url("asset_edit", pk=asset.pk)).status_code == 405
    assert client.delete(url("asset_new")).status_code == 405


def test_asset_pages_ask_anonymous_people_to_sign_in(client, staff):
    asset = AssetFactory(owner=staff)
    for address in (url("asset_edit", pk=asset.pk), url("my_assets")):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")


def test_the_form_offers_every_kind_and_every_choice_of_who_can_see(client_for, service_user):
    page = client_for(service_user).get(url("asset_new")).content.decode()
    for kind in AssetKind.labels:
        assert kind in page
    for choice in ("Everyone in the team", "Staff only", "Only me and the team manager"):
        assert choice in page
    assert "checked" not in page  # who can see it is a choice made each time, never assumed


def test_a_refused_form_keeps_the_choices_made_and_lists_what_to_fix(client_for, service_user):
    response = client_for(service_user).post(url("asset_new"), {**GOOD, "title": "", "visibility": "manager"})
    page = response.content.decode()
    assert 'value="interest" checked' in page
    assert 'value="manager" checked' in page
    assert "There is a problem" in page
    assert '<a href="#id_title"> Please say what it is, in a few words. </a>' in " ".join(page.split())


def test_my_page_makes_a_constant_number_of_queries(
    client_for, ward, service_user, interest, django_assert_max_num_queries
):
    client = client_for(service_user)
    interest(service_user, "Chess")
    client.get(url("my_assets"))
    for n in range(20):
        interest(service_user, f"Chess variant {n}")
        interest(MembershipFactory(team=ward), "Chess")
    with django_assert_max_num_queries(8):
        page = client.get(url("my_assets")).content.decode()
    assert len(shared_lines(page)) == 21
