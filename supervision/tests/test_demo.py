from supervision.demo import load_supervision
from supervision.models import FeedbackRequest, Reflection, SupervisionSession
from supervision.services import feedback_results


def test_the_demo_fills_a_team_once(ward, manager, staff, colleague, service_user):
    load_supervision(ward)
    load_supervision(ward)
    assert Reflection.objects.filter(author__team=ward).count() == 12
    sessions = SupervisionSession.objects.filter(team=ward)
    assert sessions.count() == 4
    assert {s.supervisor for s in sessions} == {manager}
    assert all(s.agreed_goals for s in sessions)
    request = FeedbackRequest.objects.get()
    assert request.worker in (staff, colleague)
    assert feedback_results(request).ready


def test_the_demo_leaves_a_team_without_enough_staff_alone(ward, staff):
    load_supervision(ward)
    assert not Reflection.objects.exists()
