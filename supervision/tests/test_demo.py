from supervision import services
from supervision.demo import load_supervision
from supervision.models import FeedbackRequest, LeadershipReflection, Reflection, SupervisionSession
from supervision.services import feedback_results


def test_the_demo_fills_a_team_once(ward, manager, staff, colleague, service_user):
    load_supervision(ward)
    load_supervision(ward)
    assert Reflection.objects.filter(author__team=ward).count() == 12
    sessions = SupervisionSession.objects.filter(team=ward)
    assert sessions.count() == 4
    assert {s.supervisor for s in sessions} == {manager}
    assert all(s.agreed_goals for s in sessions)
    assert all(s.is_confirmed for s in sessions)
    closed, collecting = FeedbackRequest.objects.about_work().order_by("closes_on")
    assert closed.worker in (staff, colleague) and collecting.worker == closed.worker
    assert feedback_results(closed).ready
    assert not closed.cards.filter(used=False).exists()
    assert collecting.is_open and collecting.cards.filter(used=False).count() == 6
    assert FeedbackRequest.objects.for_card_giver(manager).collecting().get() == collecting


def test_the_demo_manager_is_half_way_through_listening_with_three_months_of_reflections(
    ward, manager, staff, colleague, service_user
):
    load_supervision(ward)
    load_supervision(ward)
    assert LeadershipReflection.objects.for_leader(manager).count() == 3
    window = FeedbackRequest.objects.for_worker(manager).about_leading().get()
    assert window.is_open and window.responses.count() == 2
    assert services.feedback_results(window) is None


def test_the_demo_leaves_a_team_without_enough_staff_alone(ward, staff):
    load_supervision(ward)
    assert not Reflection.objects.exists()
