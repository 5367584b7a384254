"""A manager changes a member's role; the team always keeps a manager; the change is audited."""

from teams.models import AuditAction, AuditEvent, Role


def path(member):
    return f"/t/willow-ward/members/{member.pk}/role/"


def test_a_manager_makes_a_staff_member_a_manager(client_for, manager, staff):
    client = client_for(manager)
    assert f'href="{path(staff)}"' in client.get("/t/willow-ward/members/").content.decode()
    page = client.get(path(staff)).content.decode()
    assert "Sam's role in Willow Ward" in page and 'value="staff" checked' in page

    response = client.post(path(staff), {"role": "manager"}, follow=True)

    staff.refresh_from_db()
    assert staff.role == Role.MANAGER
    assert "Sam is now team manager in the team." in response.content.decode()
    [event] = AuditEvent.objects.all()
    assert (event.actor, event.action, event.subject, event.detail) == (
        manager,
        AuditAction.ROLE_CHANGED,
        staff,
        "Staff to Team manager",
    )


def test_the_last_manager_cannot_step_down(client_for, manager, staff):
    response = client_for(manager).post(path(manager), {"role": "staff"})
    assert response.status_code == 400
    assert "A team needs a manager" in response.content.decode()
    manager.refresh_from_db()
    assert manager.role == Role.MANAGER
    assert not AuditEvent.objects.exists()


def test_a_manager_steps_down_once_there_is_another(client_for, manager, staff):
    client = client_for(manager)
    client.post(path(staff), {"role": "manager"})
    response = client.post(path(manager), {"role": "staff"})
    manager.refresh_from_db()
    assert manager.role == Role.STAFF
    assert response["Location"] == manager.start_url
    assert client.get("/t/willow-ward/members/").status_code == 403


def test_a_bad_choice_is_refused_kindly(client_for, manager, staff):
    response = client_for(manager).post(path(staff), {"role": "king"})
    assert response.status_code == 400
    assert "Please choose one of the roles." in response.content.decode()
    staff.refresh_from_db()
    assert staff.role == Role.STAFF


def test_only_the_teams_managers_change_roles(client_for, staff, colleague, outsider):
    assert client_for(staff).post(path(colleague), {"role": "manager"}).status_code == 403
    assert client_for(outsider).post(path(colleague), {"role": "manager"}).status_code == 404
    colleague.refresh_from_db()
    assert colleague.role == Role.STAFF
