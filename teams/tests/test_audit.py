"""The audit trail: a manager reads who did what in the team, never the private texts."""

import re

from teams.models import AuditAction, AuditEvent


def test_making_a_reset_code_is_recorded_without_the_code(client_for, manager, service_user):
    response = client_for(manager).post(f"/t/willow-ward/members/{service_user.pk}/reset-code/")
    code = re.search(
        r'class="app-join-code nhsuk-heading-xl">([A-Z0-9-]+)<', response.content.decode()
    ).group(1)

    [event] = AuditEvent.objects.all()
    assert (event.actor, event.action, event.subject) == (manager, AuditAction.RESET_CODE, service_user)
    page = client_for(manager).get("/t/willow-ward/members/audit/").content.decode()
    assert "made a password reset code" in page
    assert "Alex" in page
    assert code not in page and code.replace("-", "") not in page


def test_removing_a_member_is_recorded(client_for, manager, staff):
    client_for(manager).post(f"/t/willow-ward/members/{staff.pk}/remove/")
    [event] = AuditEvent.objects.all()
    assert (event.actor, event.action, event.subject) == (manager, AuditAction.REMOVED, staff)


def test_the_trail_is_the_teams_own_newest_first(client_for, manager, staff, colleague, outsider):
    AuditEvent.objects.record(actor=manager, action=AuditAction.EXPORTED, detail="Priorities CSV")
    AuditEvent.objects.record(actor=manager, action=AuditAction.PRINTED, detail="Wall PDF")
    AuditEvent.objects.record(actor=outsider, action=AuditAction.PRINTED, detail="Oak's own PDF")

    page = client_for(manager).get("/t/willow-ward/members/audit/").content.decode()
    assert page.index("Wall PDF") < page.index("Priorities CSV")
    assert "Oak's own PDF" not in page


def test_only_managers_read_the_trail(client_for, staff, service_user, outsider):
    assert client_for(staff).get("/t/willow-ward/members/audit/").status_code == 403
    assert client_for(service_user).get("/t/willow-ward/members/audit/").status_code == 403
    assert client_for(outsider).get("/t/willow-ward/members/audit/").status_code == 404


def test_the_trail_pages_at_fifty(client_for, manager, django_assert_max_num_queries):
    for n in range(60):
        AuditEvent.objects.record(actor=manager, action=AuditAction.EXPORTED, detail=f"File {n}")
    client = client_for(manager)
    with django_assert_max_num_queries(8):
        first = client.get("/t/willow-ward/members/audit/").content.decode()
    assert "File 59" in first and "File 9<" not in first
    assert "File 9" in client.get("/t/willow-ward/members/audit/?page=2").content.decode()
