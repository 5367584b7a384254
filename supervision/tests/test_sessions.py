import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from supervision.forms import EMPTY_WRITE_UP, NOTE_FIELDS
from supervision.models import SupervisionSession
from supervision.tests.factories import ReflectionFactory, SupervisionSessionFactory
from teams.models import Role
from tests.factories import MembershipFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
LIST_QUERIES = 7
COVERAGE_QUERIES = 8
NOTES = [part for part, _ in NOTE_FIELDS]


def url(name, **kwargs):
    return reverse(f"supervision:{name}", kwargs={"team": "willow-ward", **kwargs})


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def good(staff, colleague):
    return {
        "held_on": days_ago(10).isoformat(),
        "supervisor": str(staff.pk),
        "supervisee": str(colleague.pk),
        "tips": ["strengths", "keep-hope"],
    }


def test_a_supervisor_sets_up_a_session_with_chosen_tips(client_for, staff, colleague, good):
    response = client_for(staff).post(url("session_new"), good, follow=True)
    session = SupervisionSession.objects.get()
    assert (session.supervisor, session.supervisee, session.held_on) == (staff, colleague, days_ago(10))
    assert session.recorded_by == staff and not session.is_confirmed
    assert session.team == staff.team
    assert sorted(t.tip for t in session.tips.all()) == ["keep-hope", "strengths"]
    assert response.redirect_chain[-1][0] == url("session", pk=session.pk)
    page = response.content.decode()
    assert "Believing in strengths" in page and "Keeping hope alive" in page


def test_the_supervisee_can_set_it_up_too(client_for, colleague, good):
    assert client_for(colleague).post(url("session_new"), good).status_code == 302
    assert SupervisionSession.objects.get().recorded_by == colleague


def test_nobody_records_a_session_between_two_other_people(client_for, manager, other_staff, good):
    """Issue 9, defect 7: any member of staff could record a session between two others."""
    for someone in (manager, other_staff):
        response = client_for(someone).post(url("session_new"), good)
        assert "You can only record a session that you take part in" in response.content.decode()
    assert not SupervisionSession.objects.exists()


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        ("9999-12-31", "Please record a session once it has happened"),
        (
            (timezone.localdate() + dt.timedelta(days=1)).isoformat(),
            "Please record a session once it has happened",
        ),
        ("0001-01-01", "Please choose a date within the last year"),
        (days_ago(366).isoformat(), "Please choose a date within the last year"),
    ],
)
def test_a_date_in_the_future_or_over_a_year_ago_is_refused_kindly(client_for, staff, good, held_on, message):
    """Issue 9, defect 7: 9999-12-31 and 0001-01-01 were accepted and shown in coverage."""
    response = client_for(staff).post(url("session_new"), {**good, "held_on": held_on})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page and f'value="{held_on}"' in page
    assert not SupervisionSession.objects.exists()


@pytest.mark.parametrize("days", [0, 365])
def test_today_and_a_year_ago_are_both_fine(client_for, staff, good, days):
    assert (
        client_for(staff)
        .post(url("session_new"), {**good, "held_on": days_ago(days).isoformat()})
        .status_code
        == 302
    )


def test_a_session_counts_once_the_other_person_confirms_it(client_for, manager, staff, colleague, good):
    recorded = client_for(staff).post(url("session_new"), good, follow=True).content.decode()
    assert "Priya will be asked to confirm it" in recorded
    assert "Waiting for Priya to confirm this session." in recorded
    session = SupervisionSession.objects.get()

    def priyas_coverage() -> str:
        page = client_for(manager).get(url("coverage")).content.decode()
        return page[page.index('<td class="nhsuk-table__cell">Priya') :].split("</tr>")[0]

    assert ">0<" in priyas_coverage()
    priya = client_for(colleague)
    assert "Please confirm" in priya.get(url("sessions")).content.decode()
    assert "Sam recorded this session" in priya.get(url("session", pk=session.pk)).content.decode()

    confirmed = priya.post(url("session_confirm", pk=session.pk), follow=True).content.decode()
    assert "The session is confirmed and counts in the team&#39;s supervision." in confirmed
    assert 'id="confirm-session"' not in confirmed
    session.refresh_from_db()
    assert session.is_confirmed
    assert ">1<" in priyas_coverage()


def test_the_person_who_recorded_a_session_cannot_confirm_or_remove_it(client_for, staff, unconfirmed):
    for name in ("session_confirm", "session_decline"):
        assert client_for(staff).post(url(name, pk=unconfirmed.pk)).status_code == 404
    assert client_for(staff).get(url("session_decline", pk=unconfirmed.pk)).status_code == 404
    unconfirmed.refresh_from_db()
    assert not unconfirmed.is_confirmed


def test_the_session_page_links_to_a_page_that_asks_before_removing(client_for, colleague, unconfirmed):
    """Issue: "No, remove it" was a form that deleted the session, notes and all, in one tap."""
    page = client_for(colleague).get(url("session", pk=unconfirmed.pk)).content.decode()
    decline = url("session_decline", pk=unconfirmed.pk)
    assert f'href="{decline}"' in page
    assert f'action="{decline}"' not in page


def test_removing_a_session_asks_first_and_removes_nothing(client_for, colleague, unconfirmed):
    response = client_for(colleague).get(url("session_decline", pk=unconfirmed.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Remove this session?</h1>" in page
    assert "Your session with Sam on Monday 2 November 2026 will be removed" in page
    assert "either of you can set it up again" in page
    assert f'action="{url("session_decline", pk=unconfirmed.pk)}"' in page
    assert "Yes, remove it" in page and "nhsuk-button--warning" in page
    assert f'href="{url("session", pk=unconfirmed.pk)}">No, keep it</a>' in page
    assert SupervisionSession.objects.filter(pk=unconfirmed.pk).exists()


def test_the_other_person_removes_a_session_that_did_not_happen(client_for, colleague, unconfirmed):
    response = client_for(colleague).post(url("session_decline", pk=unconfirmed.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("sessions")
    assert "That session is removed." in response.content.decode()
    assert not SupervisionSession.objects.filter(pk=unconfirmed.pk).exists()


def test_a_supervisee_who_set_up_a_session_cannot_remove_it(client_for, staff, colleague):
    mine = SupervisionSessionFactory(
        supervisor=staff, supervisee=colleague, recorded_by=colleague, confirmed_at=None
    )
    for method in ("get", "post"):
        assert getattr(client_for(colleague), method)(url("session_decline", pk=mine.pk)).status_code == 404
    assert SupervisionSession.objects.filter(pk=mine.pk).exists()


@pytest.mark.parametrize("someone", ["manager", "other_staff", "outsider"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_nobody_outside_the_session_finds_its_remove_page(request, client_for, unconfirmed, someone, method):
    response = getattr(client_for(request.getfixturevalue(someone)), method)(
        url("session_decline", pk=unconfirmed.pk)
    )
    assert response.status_code == 404
    assert SupervisionSession.objects.filter(pk=unconfirmed.pk).exists()


def test_a_confirmed_session_cannot_be_removed_or_confirmed_again(client_for, colleague, supervision):
    for name in ("session_confirm", "session_decline"):
        assert client_for(colleague).post(url(name, pk=supervision.pk)).status_code == 404
    assert client_for(colleague).get(url("session_decline", pk=supervision.pk)).status_code == 404
    assert SupervisionSession.objects.filter(pk=supervision.pk).exists()


def test_confirming_refuses_a_get(client_for, colleague, unconfirmed):
    assert client_for(colleague).get(url("session_confirm", pk=unconfirmed.pk)).status_code == 405


@pytest.mark.parametrize("method", ["put", "delete"])
def test_removing_refuses_other_methods(client_for, colleague, unconfirmed, method):
    assert (
        getattr(client_for(colleague), method)(url("session_decline", pk=unconfirmed.pk)).status_code == 405
    )
    assert SupervisionSession.objects.filter(pk=unconfirmed.pk).exists()


def test_the_form_offers_only_active_staff_of_this_team(client_for, staff, colleague, service_user, outsider):
    page = client_for(staff).get(url("session_new")).content.decode()
    assert f'value="{colleague.pk}"' in page
    assert f'value="{service_user.pk}"' not in page
    assert f'value="{outsider.pk}"' not in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"supervisee": "SELF"}, "need to be two different people"),
        ({"supervisee": "SERVICE_USER"}, "Please choose a member of staff from this team."),
        ({"supervisee": "OUTSIDER"}, "Please choose a member of staff from this team."),
        ({"supervisee": "not-a-number"}, "Please choose a member of staff from this team."),
        ({"supervisee": ""}, "Please choose the person being supervised."),
        (
            {"supervisor": "MANAGER", "supervisee": "OTHER"},
            "You can only record a session that you take part in",
        ),
        ({"tips": ["strengths", "not-a-tip"]}, "Please choose from the ten tips in the list."),
        ({"tips": []}, "Please choose at least one tip to talk about."),
        ({"held_on": "31/02/2026"}, "Please enter a date, for example 17/05/2026."),
    ],
)
def test_bad_session_input_gets_a_kind_message_and_keeps_what_was_typed(
    client_for, staff, colleague, manager, service_user, outsider, good, change, message
):
    other = MembershipFactory(team=staff.team, role=Role.STAFF)
    people = {
        "SELF": staff,
        "SERVICE_USER": service_user,
        "OUTSIDER": outsider,
        "MANAGER": manager,
        "OTHER": other,
    }
    data = {
        **good,
        **{k: str(people[v].pk) if isinstance(v, str) and v in people else v for k, v in change.items()},
    }
    response = client_for(staff).post(url("session_new"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert f'value="{data["held_on"]}"' in page
    if "tips" not in change:
        assert 'value="strengths" checked' in page
    assert not SupervisionSession.objects.exists()


def test_the_database_refuses_a_session_with_oneself(staff):
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionSessionFactory(supervisor=staff, supervisee=staff)


def test_the_database_refuses_a_session_recorded_by_someone_outside_it(staff, colleague, other_staff):
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionSessionFactory(supervisor=staff, supervisee=colleague, recorded_by=other_staff)


def test_a_session_shows_last_times_goals_at_the_top(client_for, staff, colleague):
    SupervisionSessionFactory(
        supervisor=staff, supervisee=colleague, held_on=dt.date(2026, 10, 1), agreed_goals="Old goal"
    )
    SupervisionSessionFactory(
        supervisor=staff,
        supervisee=colleague,
        held_on=dt.date(2026, 10, 20),
        agreed_goals="- Try a walk-and-talk\nAsk about music",
    )
    latest = SupervisionSessionFactory(
        supervisor=staff, supervisee=colleague, held_on=dt.date(2026, 11, 10), agreed_goals=""
    )
    SupervisionSessionFactory(
        supervisor=colleague, supervisee=staff, held_on=dt.date(2026, 11, 1), agreed_goals="Other pair"
    )
    page = client_for(colleague).get(url("session", pk=latest.pk)).content.decode()
    top = page[page.index('id="previous-goals"') : page.index("<h2>Preparation</h2>")]
    assert "Tuesday 20 October 2026" in top
    assert "<li>Try a walk-and-talk</li>" in top and "<li>Ask about music</li>" in top
    assert "Old goal" not in page and "Other pair" not in page


def test_the_session_page_shows_went_well_before_what_was_hard_before_what_next(
    client_for, staff, supervision
):
    page = client_for(staff).get(url("session", pk=supervision.pk)).content.decode()
    assert (
        page.index("Noticed their cooking skills")
        < page.index("Finding time on a busy shift")
        < page.index("Ask what they are proud of.")
    )
    assert "Secret goal words" in page


def test_the_supervisee_prepares_notes_with_htmx(client_for, colleague, staff, supervision):
    response = client_for(colleague).post(
        url("session_prepare", pk=supervision.pk), {"preparation": "A <b>good</b> week"}, **HTMX
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="preparation-form">')
    assert "Your preparation notes are saved." in page
    supervision.refresh_from_db()
    assert supervision.preparation == "A <b>good</b> week"
    seen = client_for(staff).get(url("session", pk=supervision.pk)).content.decode()
    assert "A &lt;b&gt;good&lt;/b&gt; week" in seen


def test_preparation_plain_post_redirects_to_the_session(client_for, colleague, supervision):
    response = client_for(colleague).post(
        url("session_prepare", pk=supervision.pk), {"preparation": "Ready"}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("session", pk=supervision.pk)
    assert "Your preparation notes are saved." in response.content.decode()


@pytest.mark.parametrize("htmx", [False, True])
def test_over_long_preparation_is_refused_kindly_and_kept(client_for, colleague, supervision, htmx):
    typed = "Keep me " + "x" * 1000
    response = client_for(colleague).post(
        url("session_prepare", pk=supervision.pk), {"preparation": typed}, **(HTMX if htmx else {})
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please keep this to 1000 characters or fewer (it has 1008)." in page
    assert typed in page
    supervision.refresh_from_db()
    assert supervision.preparation != typed


def _notes(session, **change):
    data = {"agreed_goals": "Try one new tip each week"}
    for tip in session.tips.all():
        data.update(
            {
                f"{tip.tip}-went_well": f"Went well {tip.tip}",
                f"{tip.tip}-was_hard": "Hard",
                f"{tip.tip}-try_next": "Next",
            }
        )
    data.update(change)
    return data


def test_either_person_writes_up_the_session(client_for, staff, colleague, supervision):
    response = client_for(colleague).post(
        url("session_record", pk=supervision.pk), _notes(supervision), follow=True
    )
    assert response.redirect_chain[-1][0] == url("session", pk=supervision.pk)
    page = response.content.decode()
    assert "Went well listen" in page and "Went well strengths" in page
    assert "Try one new tip each week" in page
    supervision.refresh_from_db()
    assert supervision.agreed_goals == "Try one new tip each week"
    assert {t.tip: t.was_hard for t in supervision.tips.all()} == {"listen": "Hard", "strengths": "Hard"}


def _blank(session, text: str = "") -> dict:
    return {name: text for name in _notes(session)}


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_an_empty_write_up_gets_a_kind_word_and_nothing_is_saved(client_for, staff, supervision, text):
    response = client_for(staff).post(url("session_record", pk=supervision.pk), _blank(supervision, text))
    page = response.content.decode()
    assert response.status_code == 200
    summary = page[page.index('class="nhsuk-error-summary"') : page.index("<h1>")]
    assert EMPTY_WRITE_UP in summary
    # The message leads to the first box, where the writing starts.
    first_box = f"{supervision.ordered_tips()[0].tip}-went_well"
    assert f'href="#id_{first_box}"' in summary
    assert page.index(f'id="id_{first_box}"') < page.index('id="id_agreed_goals"')
    # What was posted comes back, not what was saved before.
    assert "Noticed their cooking skills" not in page and "Secret goal words" not in page
    supervision.refresh_from_db()
    assert supervision.agreed_goals == "Secret goal words"
    assert {t.went_well for t in supervision.tips.all()} == {"Noticed their cooking skills and said so."}


@pytest.mark.parametrize("part", ["listen-was_hard", "agreed_goals"])
def test_one_part_written_is_a_write_up(client_for, staff, supervision, part):
    data = {**_blank(supervision), part: "A hard morning, and we stayed with it."}
    response = client_for(staff).post(url("session_record", pk=supervision.pk), data)
    assert response.status_code == 302
    supervision.refresh_from_db()
    written = {"agreed_goals": supervision.agreed_goals}
    written.update({f"{t.tip}-{p}": getattr(t, p) for t in supervision.tips.all() for p in NOTES})
    assert written == {**_blank(supervision), part: "A hard morning, and we stayed with it."}


def test_the_write_up_form_starts_from_what_is_already_written(client_for, staff, supervision):
    page = client_for(staff).get(url("session_record", pk=supervision.pk)).content.decode()
    assert "Noticed their cooking skills" in page
    assert (
        page.index("What went well, and why?")
        < page.index("What was hard?")
        < page.index("What I&#39;ll try next")
    )


def test_an_over_long_note_is_refused_and_nothing_typed_is_lost(client_for, staff, supervision):
    long = "y" * 1001
    response = client_for(staff).post(
        url("session_record", pk=supervision.pk), _notes(supervision, **{"listen-was_hard": long})
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please keep this to 1000 characters or fewer (it has 1001)." in page
    assert long in page and "Went well strengths" in page and "Try one new tip each week" in page
    supervision.refresh_from_db()
    assert supervision.agreed_goals == "Secret goal words"


def test_script_in_a_session_is_shown_escaped(client_for, staff, supervision):
    client = client_for(staff)
    client.post(
        url("session_record", pk=supervision.pk), _notes(supervision, agreed_goals="<script>x()</script>")
    )
    page = client.get(url("session", pk=supervision.pk)).content.decode()
    assert "&lt;script&gt;x()&lt;/script&gt;" in page and "<script>x()" not in page


def test_the_supervisee_sees_the_reflections_they_chose_to_bring(client_for, colleague, supervision):
    ReflectionFactory(author=colleague, went_well="Bring this one", bring_to_supervision=True)
    ReflectionFactory(author=colleague, went_well="Keep this one")
    page = client_for(colleague).get(url("session", pk=supervision.pk)).content.decode()
    assert "Bring this one" in page and "Keep this one" not in page


@pytest.mark.parametrize(
    ("name", "method"), [("sessions", "post"), ("session", "post"), ("coverage", "post")]
)
def test_reading_pages_refuse_a_post(client_for, manager, staff, colleague, name, method):
    session = SupervisionSessionFactory(supervisor=manager, supervisee=colleague)
    kwargs = {"pk": session.pk} if name == "session" else {}
    assert client_for(manager).post(url(name, **kwargs)).status_code == 405


@pytest.mark.parametrize("name", ["session_new", "session_record", "session_prepare"])
def test_forms_refuse_other_methods(client_for, colleague, supervision, name):
    kwargs = {} if name == "session_new" else {"pk": supervision.pk}
    assert client_for(colleague).put(url(name, **kwargs)).status_code == 405


def test_my_sessions_lists_both_roles(client_for, staff, colleague, manager, supervision):
    SupervisionSessionFactory(supervisor=manager, supervisee=staff, held_on=dt.date(2026, 9, 3))
    page = client_for(staff).get(url("sessions")).content.decode()
    assert "You supervised Priya" in page
    assert "Supervised by Maya" in page


def test_my_sessions_makes_a_constant_number_of_queries(
    client_for, staff, ward, django_assert_max_num_queries
):
    client = client_for(staff)
    SupervisionSessionFactory(supervisor=staff, supervisee=MembershipFactory(team=ward))
    client.get(url("sessions"))
    for _ in range(12):
        SupervisionSessionFactory(supervisor=staff, supervisee=MembershipFactory(team=ward))
        SupervisionSessionFactory(supervisee=staff, supervisor=MembershipFactory(team=ward))
    with django_assert_max_num_queries(LIST_QUERIES):
        assert client.get(url("sessions")).status_code == 200


def test_coverage_shows_who_and_when_but_never_what(client_for, manager, staff, colleague, supervision):
    SupervisionSessionFactory(supervisor=staff, supervisee=colleague, held_on=dt.date(2026, 8, 14))
    page = client_for(manager).get(url("coverage")).content.decode()
    row = page[page.index('<td class="nhsuk-table__cell">Priya') :].split("</tr>")[0]
    assert ">2<" in row
    assert "Monday 2 November 2026" in row and "Friday 14 August 2026" in row
    assert "None yet" in page  # Sam and Maya
    for private in ("Secret goal words", "Noticed their cooking skills", "a morning that went really well"):
        assert private not in page


def test_coverage_leaves_out_unconfirmed_and_impossible_dates(client_for, manager, staff, colleague):
    SupervisionSessionFactory(supervisor=staff, supervisee=colleague, held_on=days_ago(3), confirmed_at=None)
    for held_on in (dt.date(9999, 12, 31), dt.date(1, 1, 1), timezone.localdate() + dt.timedelta(days=1)):
        SupervisionSessionFactory(supervisor=staff, supervisee=colleague, held_on=held_on)
    page = client_for(manager).get(url("coverage")).content.decode()
    row = page[page.index('<td class="nhsuk-table__cell">Priya') :].split("</tr>")[0]
    assert ">0<" in row and "None yet" in row
    assert "9999" not in page and "0001" not in page


def test_coverage_makes_a_constant_number_of_queries(
    client_for, manager, ward, django_assert_max_num_queries
):
    client = client_for(manager)
    client.get(url("coverage"))
    for _ in range(10):
        SupervisionSessionFactory(
            supervisor=MembershipFactory(team=ward), supervisee=MembershipFactory(team=ward)
        )
    with django_assert_max_num_queries(COVERAGE_QUERIES):
        assert client.get(url("coverage")).status_code == 200


def test_the_new_session_form_starts_with_me_as_supervisor_and_today(client_for, staff):
    page = client_for(staff).get(url("session_new")).content.decode()
    assert f'<option value="{staff.pk}" selected>' in page
    assert f'value="{timezone.localdate().isoformat()}"' in page
