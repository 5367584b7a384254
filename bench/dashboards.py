"""How fast are the dashboards and the monthly story report for a manager of ten long-lived teams?

Seeds 10 teams of 30 members with five years of little miracles (five a day per team),
thank-yous (two a day) and supervision sessions (each member of staff every four weeks), one
manager running all ten, in the bench's own PostgreSQL database. Then prints the median server
time of the team dashboard, the side-by-side overview and the monthly PDF next to a bare Django
view measured in the same run, through the same middleware.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rc .venv/bin/python bench/dashboards.py

The bench database is <your database>_bench on the same server (shared with
wall_and_handover.py, whose helpers this reuses): created if missing, reused after.
"""

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wall_and_handover import REQUESTS, WARM_UP, analyze, measure, start_django, use_bench_database  # noqa: E402

TEAMS = 10
MEMBERS = 30
YEARS = 5
SUCCESSES_PER_DAY = 5
THANKS_PER_DAY = 2
SESSION_EVERY_DAYS = 28
PDF_RUNS = 10
PREFIX = "dash-bench"


def seed() -> None:
    """Ten teams with five years of stories up to today, one manager for all. Reused while fresh."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from successes.models import Shift, Success, ThankYou
    from supervision.models import SupervisionSession
    from teams.models import Membership, Organisation, Role, Team, User

    today = timezone.localdate()
    teams = Team.objects.filter(slug__startswith=PREFIX)
    if teams.count() == TEAMS and Success.objects.filter(team__in=teams, created_at__date=today).exists():
        return
    print(f"Seeding {TEAMS} bench teams (a minute or so)...", flush=True)
    with transaction.atomic():
        # Seeded on an earlier day, or half seeded: start again.
        for model in (SupervisionSession, ThankYou, Success):
            model.objects.filter(team__in=teams).delete()
        teams.delete()
        User.objects.filter(username__startswith=PREFIX).delete()

        organisation, _ = Organisation.objects.get_or_create(slug="bench", defaults={"name": "Bench Trust"})
        password = make_password("bench-password-2026")
        boss = User.objects.create(
            username=f"{PREFIX}-manager",
            display_name="Morgan",
            email="morgan@example.test",
            password=password,
        )
        tz = timezone.get_current_timezone()
        shifts = [Shift.EARLY, Shift.LATE, Shift.NIGHT]
        hours = {Shift.EARLY: 14, Shift.LATE: 21, Shift.NIGHT: 7}
        now = timezone.now()
        days = YEARS * 365 + 1
        for t in range(TEAMS):
            team = Team.objects.create(
                organisation=organisation, name=f"Bench Team {t:02d}", slug=f"{PREFIX}-{t}"
            )
            users = User.objects.bulk_create(
                User(
                    username=f"{PREFIX}-{t}-{i}",
                    display_name=f"Person {t}-{i}",
                    email=f"{PREFIX}-{t}-{i}@example.test",
                    password=password,
                )
                for i in range(MEMBERS - 1)
            )
            roles = [Role.STAFF] * 22 + [Role.SERVICE_USER] * 4 + [Role.SUPPORTER] * 2
            roles += [Role.PARTNER] * (len(users) - len(roles))
            members = Membership.objects.bulk_create(
                [Membership(team=team, user=boss, role=Role.MANAGER, monthly_report_opt_in=True)]
                + [
                    Membership(team=team, user=user, role=role)
                    for user, role in zip(users, roles, strict=True)
                ]
            )
            manager = members[0]
            staff = [m for m in members if m.role in (Role.STAFF, Role.MANAGER)]
            successes, thanks, sessions = [], [], []
            for d in range(days):
                day = today - dt.timedelta(days=days - 1 - d)
                for i in range(SUCCESSES_PER_DAY):
                    shift = shifts[i % 3]
                    at = dt.datetime.combine(day, dt.time(hours[shift], 5 * i), tzinfo=tz)
                    successes.append(
                        Success(
                            team=team,
                            author=staff[(d * SUCCESSES_PER_DAY + i) % len(staff)],
                            shift=shift,
                            text=f"Someone came to the breakfast group and stayed to clear up ({d}-{i}).",
                            on_wall=(d + i) % 25 != 0,
                            share_beyond_team=(d + i) % 6 == 0,
                            created_at=min(at, now),
                        )
                    )
                for i in range(THANKS_PER_DAY):
                    sender, recipient = members[(d + i) % len(members)], staff[(d * 7 + i) % len(staff)]
                    if sender == recipient:
                        recipient = staff[(d * 7 + i + 1) % len(staff)]
                    at = dt.datetime.combine(day, dt.time(12, 30 + i), tzinfo=tz)
                    thanks.append(
                        ThankYou(
                            team=team,
                            sender=sender,
                            recipient=recipient,
                            message="Thank you for staying calm and kind on a busy shift.",
                            created_at=min(at, now),
                        )
                    )
                # Each member of staff (but the manager) is supervised every four weeks, spread out.
                for n, supervisee in enumerate(staff[1:]):
                    if (d + n) % SESSION_EVERY_DAYS == 0:
                        sessions.append(
                            SupervisionSession(
                                team=team,
                                supervisor=manager,
                                supervisee=supervisee,
                                recorded_by=manager,
                                held_on=day,
                                preparation="Private notes the dashboards never read.",
                            )
                        )
            Success.objects.bulk_create(successes, batch_size=2000)
            ThankYou.objects.bulk_create(thanks, batch_size=2000)
            SupervisionSession.objects.bulk_create(sessions, batch_size=2000)
            print(f"  {team.name}: {len(successes):,} little miracles", flush=True)


def time_pdf(team, month, stories) -> tuple[float, float]:
    """(median ms, 90th percentile ms) of making the monthly PDF, as the Celery task does."""
    from dashboards.reports import story_report_pdf

    story_report_pdf(team, month, stories)  # warm up: fonts, templates
    timings = []
    for _ in range(PDF_RUNS):
        start = time.perf_counter()
        story_report_pdf(team, month, stories)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), statistics.quantiles(timings, n=10)[-1]


def main() -> None:
    database = use_bench_database()

    start_django()

    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from dashboards import queries
    from dashboards.reports import previous_month
    from successes.models import Success
    from teams.models import Team, User

    seed()
    analyze()

    team = Team.objects.get(slug=f"{PREFIX}-0")
    client = Client(HTTP_HOST="localhost")
    client.force_login(
        User.objects.get(username=f"{PREFIX}-manager"), backend="teams.backends.EmailOrUsernameBackend"
    )
    pages = {
        "bare Django view": reverse("bench_bare"),
        "team dashboard": reverse("dashboard:team", kwargs={"team": team.slug}),
        "overview (10 teams)": reverse("dashboard:overview"),
        "report page": reverse("dashboard:report", kwargs={"team": team.slug}),
    }
    month = previous_month(timezone.localdate())
    stories = list(queries.month_snippets(team, month)[:10])

    successes = Success.objects.filter(team__slug__startswith=PREFIX).count()
    print(
        f"\n{TEAMS} teams of {MEMBERS}, {successes:,} little miracles over {YEARS} years"
        f" (database {database})."
        f"\nMedian of {REQUESTS} requests after {WARM_UP} warm-up, Django test Client in-process, DEBUG off,"
        " signed in as the manager of all ten.\n"
    )
    print(f"{'page':<22} {'status':>6} {'queries':>7} {'median ms':>10} {'p90 ms':>8}")
    for name, url in pages.items():
        status, queries, median, p90 = measure(client, url)
        print(f"{name:<22} {status:>6} {queries:>7} {median:>10.1f} {p90:>8.1f}")
    median, p90 = time_pdf(team, month, stories)
    print(f"{'monthly PDF (task)':<22} {'-':>6} {'-':>7} {median:>10.1f} {p90:>8.1f}")
    print(
        f"\n(The PDF: {month:%B %Y} with {len(stories)} stories, made as the Celery task makes it;"
        f" median of {PDF_RUNS}.)"
    )


if __name__ == "__main__":
    main()
