import pytest
from django.urls import reverse

from tests.factories import MembershipFactory
from trip.tests.factories import LeadRoleFactory


def url(name, **kwargs):
    return reverse(f"trip:{name}", kwargs={"team": "willow-ward", **kwargs})


GOOD = {"title": "Physical health lead", "offer": "Helps anyone plan exercise and healthy eating."}


def test_everyone_sees_the_lead_roles_and_who_holds_them(client_for, supporter, lead_role):
    page = client_for(supporter).get(url("lead_roles")).content.decode()
    assert "Family, friends and carers lead" in page
    assert "<strong>Sam</strong>" in page
    assert "Add a lead role" not in page
    assert url("lead_role_edit", pk=lead_role.pk) not in page


def test_managers_may_add_and_change_roles(client_for, manager, lead_role):
    page = client_for(manager).get(url("lead_roles")).content.decode()
    assert "Add a lead role" in page
    assert url("lead_role_edit", pk=lead_role.pk) in page


def test_a_role_whose_holder_left_shows_no_one_yet(client_for, supporter, staff, lead_role):
    staff.leave()
    page = client_for(supporter).get(url("lead_roles")).content.decode()
    assert "No one yet" in page
    assert "<strong>Sam</strong>" not in page


def test_a_manager_defines_a_role_and_names_who_holds_it(client_for, manager, service_user, ward):
    response = client_for(manager).post(
        url("lead_role_new"), {**GOOD, "holder": service_user.pk}, follow=True
    )
    role = ward.lead_roles.get()
    assert (role.title, role.holder) == ("Physical health lead", service_user)
    assert response.redirect_chain[-1][0] == url("lead_roles")
    assert "The role “Physical health lead” is added." in response.content.decode()


def test_a_role_may_wait_for_someone_to_hold_it(client_for, manager, ward):
    client_for(manager).post(url("lead_role_new"), {**GOOD, "holder": ""})
    assert ward.lead_roles.get().holder is None


def test_someone_who_left_cannot_be_named_and_what_was_typed_stays(client_for, manager, colleague, ward):
    colleague.leave()
    response = client_for(manager).post(url("lead_role_new"), {**GOOD, "holder": colleague.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Priya has left the team, so they cannot hold this role." in page
    assert 'value="Physical health lead"' in page
    assert "Helps anyone plan exercise" in page
    assert not ward.lead_roles.exists()


def test_someone_from_another_team_cannot_be_named(client_for, manager, outsider, ward):
    response = client_for(manager).post(url("lead_role_new"), {**GOOD, "holder": outsider.pk})
    assert "Please choose someone from the team." in response.content.decode()
    assert not ward.lead_roles.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "Please give the role a name."),
        ({"offer": " "}, "Please say what the role offers across the team."),
        ({"title": "x" * 81}, "Please keep this to 80 characters or fewer (it has 81)."),
        ({"title": "family, FRIENDS and carers lead"}, "There is already a lead role called"),
    ],
)
def test_bad_input_gets_a_kind_message(client_for, manager, lead_role, ward, change, message):
    response = client_for(manager).post(url("lead_role_new"), {**GOOD, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ward.lead_roles.count() == 1


def test_a_manager_changes_a_role_and_its_holder(client_for, manager, lead_role, colleague):
    page = client_for(manager).get(url("lead_role_edit", pk=lead_role.pk)).content.decode()
    assert 'value="Family, friends and carers lead"' in page
    response = client_for(manager).post(
        url("lead_role_edit", pk=lead_role.pk),
        {"title": lead_role.title, "offer": "Family work.", "holder": colleague.pk},
    )
    assert response.status_code == 302
    lead_role.refresh_from_db()
    assert (lead_role.offer, lead_role.holder) == ("Family work.", colleague)


def test_a_role_keeps_its_own_title_when_changed(client_for, manager, lead_role):
    response = client_for(manager).post(
        url("lead_role_edit", pk=lead_role.pk),
        {"title": "FAMILY, friends and carers lead", "offer": "x", "holder": ""},
    )
    assert response.status_code == 302


def test_a_manager_removes_a_role(client_for, manager, lead_role, ward):
    response = client_for(manager).post(url("lead_role_delete", pk=lead_role.pk), follow=True)
    assert not ward.lead_roles.exists()
    assert "is taken off the list" in response.content.decode()


def test_the_lead_roles_page_makes_a_constant_number_of_queries(
    client_for, supporter, ward, django_assert_max_num_queries
):
    for _ in range(3):
        LeadRoleFactory(team=ward, holder=MembershipFactory(team=ward))
    client = client_for(supporter)
    client.get(url("lead_roles"))
    for _ in range(20):
        LeadRoleFactory(team=ward, holder=MembershipFactory(team=ward))
    with django_assert_max_num_queries(7):
        assert client.get(url("lead_roles")).status_code == 200


def test_only_people_still_in_the_team_are_offered_as_holders(
    client_for, manager, staff, colleague, outsider
):
    colleague.leave()
    page = client_for(manager).get(url("lead_role_new")).content.decode()
    assert f'<option value="{staff.pk}">Sam (staff)</option>' in page
    assert '<option value="">No one yet</option>' in page
    assert "Priya" not in page
    assert "Olu" not in page


def test_the_current_holder_is_chosen_when_changing_a_role(client_for, manager, lead_role, staff):
    page = client_for(manager).get(url("lead_role_edit", pk=lead_role.pk)).content.decode()
    assert f'<option value="{staff.pk}" selected>Sam (staff)</option>' in page
