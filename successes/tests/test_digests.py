import datetime as dt
import io
import logging
import smtplib
import socket
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from recovery_culture.celery import app as celery_app
from successes.digests import DigestNotComplete, teams_due_for_digest, weekly_digest_send
from successes.models import DigestDelivery
from successes.tasks import queue_due_weekly_digests, send_weekly_digest
from teams.models import Team
from tests.factories import MembershipFactory, SuccessFactory, TeamFactory, ThankYouFactory, UserFactory

LONDON = ZoneInfo("Europe/London")
WEEK = dt.date(2026, 11, 23)  # a Monday; Willow Ward meets on Friday 27th at 15:00
LAST_WEEK = WEEK - dt.timedelta(days=7)
AFTER_MEETING = dt.datetime(2026, 11, 27, 16, 0, tzinfo=LONDON)

pytestmark = pytest.mark.django_db


class RefusingBackend(LocmemBackend):
    """The test outbox, except that it refuses the addresses in settings.REFUSE_EMAILS_TO, as a
    mail server refusing a recipient would."""

    def send_messages(self, messages):
        for message in messages:
            refused = set(message.to) & set(getattr(django_settings, "REFUSE_EMAILS_TO", ()))
            if refused:
                raise smtplib.SMTPRecipientsRefused(
                    {address: (550, b"No such mailbox") for address in refused}
                )
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def tasks_in_process(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    # The Celery app reads Django's settings through a live view, so this reaches it. Checked,
    # because if it ever stopped doing so, .delay() would quietly go to Redis instead.
    assert celery_app.conf.task_always_eager


@pytest.fixture
def refusing(settings):
    settings.EMAIL_BACKEND = "successes.tests.test_digests.RefusingBackend"

    def refuse(*addresses: str) -> None:
        settings.REFUSE_EMAILS_TO = addresses

    return refuse


@pytest.fixture
def friday(time_machine):
    time_machine.move_to(AFTER_MEETING, tick=False)


@pytest.fixture
def recipients(friday, manager, staff, colleague, service_user, supporter, partner, outsider):
    """Willow Ward's members who get its digest; the rest of the cast show who does not."""
    supporter.digest_opt_out = True
    supporter.save()
    partner.leave()
    return [manager, staff, colleague]


def addresses(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


def emails_of(members) -> list[str]:
    return sorted(member.user.email for member in members)


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# --- who gets it, and what is in it ---


def test_digest_goes_to_members_with_an_email_who_have_not_opted_out(recipients, ward, mailoutbox):
    sent = weekly_digest_send(team=ward, week_start=WEEK)

    # Not Alex (no email address), Jo (opted out), the college (left the team) or Olu (Oak team).
    assert sent == 3
    assert addresses(mailoutbox) == emails_of(recipients)
    assert DigestDelivery.objects.filter(team=ward, week_start=WEEK).count() == 3


def test_digest_holds_the_weeks_stories_and_thank_yous_in_html_and_text(
    recipients, ward, staff, colleague, outsider, mailoutbox
):
    story = SuccessFactory(author=staff, text="Alex planned a bus trip to the library & went.")
    story.helpers.add(colleague)
    ThankYouFactory(sender=colleague, recipient=staff, message="Thank you for covering the late.")
    SuccessFactory(author=staff, text="Kept only in the team's records.", on_wall=False)
    SuccessFactory(
        author=staff, text="From the week before.", created_at=AFTER_MEETING - dt.timedelta(days=7)
    )
    SuccessFactory(author=outsider, text="Oak team's own story.")

    weekly_digest_send(team=ward, week_start=WEEK)

    message = mailoutbox[0]
    assert message.subject == "Little miracles at Willow Ward: the week of Monday 23 November 2026"
    html = html_of(message)
    assert "Alex planned a bus trip to the library &amp; went." in html
    assert "with thanks to Priya" in html
    assert "Thank you for covering the late." in html
    assert "From Priya to Sam" in html
    assert "http://127.0.0.1:8000/t/willow-ward/wall/" in html
    # Plain text is not HTML: what people wrote is shown as they wrote it.
    assert "Alex planned a bus trip to the library & went." in message.body
    assert "with thanks to Priya" in message.body
    assert "Thank you for covering the late." in message.body
    assert "1 story and 1 thank-you" in message.body
    for body in (html, message.body):
        assert "Kept only in the team's records." not in body
        assert "From the week before." not in body
        assert "Oak team's own story." not in body


def test_digest_greets_each_member_by_name(recipients, ward, manager, mailoutbox):
    weekly_digest_send(team=ward, week_start=WEEK)

    [to_manager] = [message for message in mailoutbox if message.to == [manager.user.email]]
    assert "Hello Maya," in to_manager.body
    assert "Hello Maya," in html_of(to_manager)


def test_html_typed_into_a_story_is_escaped_in_the_html_email(recipients, ward, staff, mailoutbox):
    SuccessFactory(author=staff, text="<script>alert('hi')</script> Sam ran the quiz.")

    weekly_digest_send(team=ward, week_start=WEEK)

    html = html_of(mailoutbox[0])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_digest_links_to_the_weeks_wall_as_a_pdf_that_opens_once_signed_in(
    recipients, ward, staff, mailoutbox, client_for
):
    SuccessFactory(author=staff, text="Alex made a cup of tea for everyone at breakfast.")

    weekly_digest_send(team=ward, week_start=WEEK)

    pdf_url = "http://127.0.0.1:8000/t/willow-ward/wall/pdf/?week=2026-11-23"
    for message in mailoutbox:
        assert message.attachments == []
        assert pdf_url in message.body
        assert f'href="{pdf_url}"' in html_of(message)
    response = client_for(recipients[0]).get(pdf_url.removeprefix("http://127.0.0.1:8000"))
    assert response["Content-Type"] == "application/pdf"
    assert "Alex made a cup of tea for everyone at breakfast." in pdf_text(b"".join(response))


def test_digest_links_to_the_settings_where_it_can_be_turned_off(recipients, ward, mailoutbox, client_for):
    weekly_digest_send(team=ward, week_start=WEEK)

    settings_url = "http://127.0.0.1:8000/t/willow-ward/settings/"
    for message in mailoutbox:
        assert f"You can turn it off in your settings for the team:\n{settings_url}" in message.body
        assert f'<a href="{settings_url}"' in html_of(message)
    page = client_for(recipients[0]).get(settings_url.removeprefix("http://127.0.0.1:8000"))
    assert page.status_code == 200


def test_an_empty_week_still_gets_a_short_warm_note_without_a_pdf(recipients, ward, mailoutbox):
    sent = weekly_digest_send(team=ward, week_start=WEEK)

    assert sent == 3
    message = mailoutbox[0]
    assert "wall/pdf" not in message.body and "wall/pdf" not in html_of(message)
    assert "What went well for you this week, however small?" in message.body
    assert "What went well for you this week, however small?" in html_of(message)


# --- exactly once ---


def test_sending_twice_sends_nothing_the_second_time(recipients, ward, staff, mailoutbox):
    SuccessFactory(author=staff)
    weekly_digest_send(team=ward, week_start=WEEK)

    assert weekly_digest_send(team=ward, week_start=WEEK) == 0
    assert len(mailoutbox) == 3


def test_a_member_who_joins_after_the_digest_gets_it_on_the_next_run(recipients, ward, mailoutbox):
    weekly_digest_send(team=ward, week_start=WEEK)
    newcomer = MembershipFactory(team=ward, user=UserFactory(display_name="Nia"))

    assert weekly_digest_send(team=ward, week_start=WEEK) == 1
    assert mailoutbox[-1].to == [newcomer.user.email]


def test_a_refused_email_leaves_no_claim_so_a_retry_sends_just_that_one(
    recipients, ward, staff, refusing, mailoutbox
):
    SuccessFactory(author=staff)
    refusing(staff.user.email)

    with pytest.raises(DigestNotComplete, match="1 of 3 digests for willow-ward"):
        weekly_digest_send(team=ward, week_start=WEEK)

    # The others were not held back, and the refused one is not marked as sent.
    assert addresses(mailoutbox) == emails_of([recipients[0], recipients[2]])
    assert not DigestDelivery.objects.filter(member=staff).exists()

    refusing()
    assert weekly_digest_send(team=ward, week_start=WEEK) == 1
    assert addresses(mailoutbox) == emails_of(recipients)


class Sink:
    """A real SMTP server on a free local port (aiosmtpd): it keeps what it is sent, counts the
    connections made to it, and refuses the addresses in `refuse`."""

    def __init__(self):
        self.connections, self.messages, self.refuse = 0, [], set()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.rcpt_tos[0])
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_sink(settings):
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # a port no one is using
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield sink
    controller.stop()


def test_a_teams_digest_goes_over_one_connection_to_the_mail_server(recipients, ward, staff, smtp_sink):
    SuccessFactory(author=staff)

    assert weekly_digest_send(team=ward, week_start=WEEK) == 3

    assert sorted(smtp_sink.messages) == emails_of(recipients)
    assert smtp_sink.connections == 1


def test_after_a_refusal_the_rest_still_go_and_a_retry_sends_just_that_one(
    recipients, ward, staff, smtp_sink
):
    SuccessFactory(author=staff)
    smtp_sink.refuse = {staff.user.email}

    with pytest.raises(DigestNotComplete, match="1 of 3 digests for willow-ward"):
        weekly_digest_send(team=ward, week_start=WEEK)

    assert sorted(smtp_sink.messages) == emails_of([recipients[0], recipients[2]])
    smtp_sink.refuse = set()
    assert weekly_digest_send(team=ward, week_start=WEEK) == 1
    assert sorted(smtp_sink.messages) == emails_of(recipients)


# --- which teams are due ---


def test_a_team_is_due_once_its_meeting_has_come(recipients, ward, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 27, 14, 59, tzinfo=LONDON), tick=False)
    assert teams_due_for_digest(dt.datetime.now(LONDON)) == []

    time_machine.move_to(dt.datetime(2026, 11, 27, 15, 0, tzinfo=LONDON), tick=False)
    due = teams_due_for_digest(dt.datetime.now(LONDON))

    assert sorted((team.slug, week) for team, week in due) == [("oak-community", WEEK), ("willow-ward", WEEK)]


def test_a_team_is_no_longer_due_once_everyone_has_had_it(recipients, ward):
    weekly_digest_send(team=ward, week_start=WEEK)

    assert [team.slug for team, _ in teams_due_for_digest(AFTER_MEETING)] == ["oak-community"]


def test_a_team_with_nobody_to_email_is_never_due(friday, service_user):
    assert teams_due_for_digest(AFTER_MEETING) == []


def test_meeting_times_are_london_times_in_summer_too(friday, staff):
    summer_friday = dt.datetime(2026, 6, 19, 15, 0, tzinfo=LONDON)  # 14:00 UTC

    assert teams_due_for_digest(dt.datetime(2026, 6, 19, 13, 59, tzinfo=dt.UTC)) == []
    assert teams_due_for_digest(summer_friday) == [(staff.team, dt.date(2026, 6, 15))]


def test_each_team_keeps_its_own_meeting_day(friday):
    thursday_team = MembershipFactory(team=TeamFactory(meeting_weekday=Team.Weekday.THURSDAY)).team
    MembershipFactory(team=TeamFactory(meeting_weekday=Team.Weekday.SATURDAY))

    assert teams_due_for_digest(AFTER_MEETING) == [(thursday_team, WEEK)]


def test_a_meeting_just_before_midnight_on_sunday_is_caught_up_on_monday(friday):
    team = MembershipFactory(
        team=TeamFactory(meeting_weekday=Team.Weekday.SUNDAY, meeting_time=dt.time(23, 50))
    ).team

    assert teams_due_for_digest(dt.datetime(2026, 11, 30, 0, 0, tzinfo=LONDON)) == [(team, WEEK)]
    assert teams_due_for_digest(dt.datetime(2026, 11, 30, 7, 0, tzinfo=LONDON)) == []


def test_finding_due_teams_is_one_query_however_many_teams(friday, django_assert_num_queries):
    for _ in range(5):
        MembershipFactory(team=TeamFactory())

    with django_assert_num_queries(1):
        assert len(teams_due_for_digest(AFTER_MEETING)) == 5


# --- the beat task and the send task ---


def test_beat_sends_every_due_teams_digest(recipients, ward, outsider, mailoutbox):
    assert queue_due_weekly_digests() == 2

    assert addresses(mailoutbox) == emails_of([*recipients, outsider])


def test_one_teams_failure_does_not_stop_the_others(recipients, outsider, refusing, mailoutbox, caplog):
    refusing(outsider.user.email)

    with caplog.at_level(logging.ERROR):
        queue_due_weekly_digests()

    assert addresses(mailoutbox) == emails_of(recipients)
    assert not DigestDelivery.objects.filter(member=outsider).exists()
    assert "could not be sent" in caplog.text


def test_send_task_sends_one_teams_digest(recipients, ward, mailoutbox):
    send_weekly_digest.delay(ward.pk, WEEK.isoformat())

    assert addresses(mailoutbox) == emails_of(recipients)


def test_send_task_for_a_team_that_is_gone_does_nothing(recipients, mailoutbox):
    assert send_weekly_digest.delay(987654, WEEK.isoformat()).get() == 0
    assert mailoutbox == []


# --- the management command ---


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("send_weekly_digests", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_sends_every_due_team_and_says_how_many(recipients, mailoutbox):
    out, _ = run()

    assert "Willow Ward (willow-ward), week of Monday 23 November 2026: 3 emails sent" in out
    assert "Oak Community Team (oak-community), week of Monday 23 November 2026: 1 email sent" in out
    assert len(mailoutbox) == 4


def test_command_run_again_sends_nothing(recipients, mailoutbox):
    run()

    out, _ = run()

    assert out == "No team is waiting for a digest.\n"
    assert len(mailoutbox) == 4


def test_command_for_one_team_and_an_earlier_week(recipients, staff, mailoutbox):
    SuccessFactory(author=staff, text="Last week's story.", created_at=AFTER_MEETING - dt.timedelta(days=7))

    out, _ = run("--team", "willow-ward", "--week", "2026-11-16")

    assert out == "Willow Ward (willow-ward), week of Monday 16 November 2026: 3 emails sent\n"
    assert "Last week's story." in mailoutbox[0].body
    assert DigestDelivery.objects.filter(week_start=LAST_WEEK).count() == 3


def test_command_for_one_team_sends_even_before_its_meeting(recipients, time_machine, mailoutbox):
    time_machine.move_to(dt.datetime(2026, 11, 25, 9, 0, tzinfo=LONDON), tick=False)

    out, _ = run("--team", "willow-ward")

    assert "week of Monday 23 November 2026: 3 emails sent" in out


def test_command_for_a_week_sends_to_every_team_waiting_for_it(recipients, mailoutbox):
    out, _ = run("--week", "2026-11-16")

    assert "Willow Ward (willow-ward), week of Monday 16 November 2026: 3 emails sent" in out
    assert "Oak Community Team (oak-community), week of Monday 16 November 2026: 1 email sent" in out


@pytest.mark.parametrize(
    ("week", "message"),
    [
        (
            "2026-11-25",
            "2026-11-25 is a Wednesday; a little-miracles week starts on a Monday. "
            "For that week, use --week 2026-11-23",
        ),
        ("25/11/2026", "'25/11/2026' is not a date in the form YYYY-MM-DD"),
        ("2026-11-30", "The week of Monday 30 November 2026 has not started yet"),
    ],
)
def test_command_explains_a_week_it_cannot_use(recipients, week, message, mailoutbox):
    with pytest.raises(CommandError, match=message):
        run("--week", week)

    assert mailoutbox == []


def test_command_explains_an_unknown_team(recipients, mailoutbox):
    with pytest.raises(CommandError, match="There is no team 'nowhere-ward'"):
        run("--team", "nowhere-ward")

    assert mailoutbox == []


def test_command_carries_on_past_a_failing_team_then_says_so(recipients, outsider, refusing, mailoutbox):
    refusing(outsider.user.email)

    with pytest.raises(CommandError, match=r"Some digests could not be sent \(oak-community\)"):
        run()

    assert addresses(mailoutbox) == emails_of(recipients)


def test_digest_says_a_days_story_without_a_shift(recipients, ward, staff, mailoutbox):
    SuccessFactory(author=staff, shift="day", text="A calm clinic.")
    SuccessFactory(author=staff, shift="late", text="A good evening.")

    weekly_digest_send(team=ward, week_start=WEEK)

    message = mailoutbox[0]
    for text in (html_of(message), message.body):
        assert "late shift," in text
        assert "day shift" not in text.lower()
