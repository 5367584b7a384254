"""How fast is the TRIP results page for a big benchmark round?

Seeds a team with 40 raters (staff, people using the service, supporters, community partners) who
each rated 60 statements in two closed rounds of two cycles (so the page also works out the change
since the last cycle), and 20 priorities rated by everyone, in its own PostgreSQL database. Then
prints the median server time of the results page and the priorities page next to a bare Django
view measured in the same run, through the same middleware; then the time to make the TRIP report
PDF of the latest cycle (the work the Celery task does), with its queries, pages and size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rc .venv/bin/python bench/trip_results.py

The bench database is <your database>_bench on the same server: created if missing, reused after.
It is not a test: pytest does not collect it.
"""

import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_culture.settings")

from wall_and_handover import REQUESTS, WARM_UP, analyze, measure, start_django, use_bench_database  # noqa: E402

STATEMENTS = 60
RATERS = {"manager": 2, "staff": 14, "service_user": 15, "supporter": 5, "partner": 4}
PRIORITIES = 20
PDF_RUNS = 5
TEAM_SLUG = "bench-trip-ward"


def seed(team_slug: str) -> None:
    """The team, its statements, two rated rounds and the priorities. Reused once seeded."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from teams.models import Membership, Organisation, Team, User
    from trip.models import (
        BenchmarkRating,
        BenchmarkRound,
        Cycle,
        Perspective,
        Priority,
        PriorityRating,
        Stage,
        Statement,
        StatementRetirement,
        StatementVersion,
        Theme,
    )
    from trip.services import priority_tally

    if Team.objects.filter(slug=team_slug).exists():
        return
    print("Seeding the bench team (a few seconds)...", flush=True)
    rng = random.Random(2026)
    with transaction.atomic():
        organisation, _ = Organisation.objects.get_or_create(slug="bench", defaults={"name": "Bench Trust"})
        team = Team.objects.create(organisation=organisation, name="Bench TRIP Ward", slug=team_slug)
        password = make_password("bench-password-2026")
        roles = [role for role, count in RATERS.items() for _ in range(count)]
        users = User.objects.bulk_create(
            User(username=f"bench-trip-{i}", display_name=f"Rater {i}", email="", password=password)
            for i in range(len(roles))
        )
        members = Membership.objects.bulk_create(
            Membership(team=team, user=user, role=role) for user, role in zip(users, roles, strict=True)
        )
        # Only the team's own 60 statements are rated: the shared library is set aside.
        StatementRetirement.objects.bulk_create(
            StatementRetirement(team=team, statement=s) for s in Statement.objects.filter(team__isnull=True)
        )
        themes = list(Theme)
        statements = Statement.objects.bulk_create(
            Statement(team=team, theme=themes[i % len(themes)]) for i in range(STATEMENTS)
        )
        versions = StatementVersion.objects.bulk_create(
            StatementVersion(statement=s, number=1, text=f"We do good thing number {i} together.")
            for i, s in enumerate(statements)
        )
        for statement, version in zip(statements, versions, strict=True):
            statement.current_version = version
        Statement.objects.bulk_update(statements, ["current_version"])
        today = dt.date.today()
        now = dt.datetime.now(dt.UTC)
        for weeks_ago, stage, lift in ((40, Stage.REVIEW, 0), (10, Stage.DELIVERING, 1)):
            cycle = Cycle.objects.create(
                team=team,
                name=f"Cycle from {weeks_ago} weeks ago",
                stage=stage,
                starts_on=today - dt.timedelta(weeks=weeks_ago),
            )
            round_ = BenchmarkRound.objects.create(
                cycle=cycle,
                name=f"{cycle.name}: how we are doing",
                opened_at=now - dt.timedelta(weeks=weeks_ago - 1),
                closed_at=now - dt.timedelta(weeks=weeks_ago - 3),
            )
            BenchmarkRating.objects.bulk_create(
                (
                    BenchmarkRating(
                        round=round_,
                        statement=s,
                        version=v,
                        member=m,
                        perspective=Perspective.of(m),
                        score=None if rng.random() < 0.05 else rng.randint(1 + lift, 4 + lift),
                        achieved=rng.choice(("", "", "", f"We listen well ({s.pk}).")),
                        next_step=rng.choice(("", "", "", f"More evening groups ({s.pk}).")),
                    )
                    for s, v in zip(statements, versions, strict=True)
                    for m in members
                ),
                batch_size=2000,
            )
        priorities = Priority.objects.bulk_create(
            Priority(cycle=cycle, title=f"Priority {i}", change="Do something differently.")
            for i in range(PRIORITIES)
        )
        PriorityRating.objects.bulk_create(
            PriorityRating(priority=p, member=m, impact=rng.randint(1, 5), ease=rng.randint(1, 5))
            for p in priorities
            for m in members
        )
        for p in priorities:
            priority_tally(p)


def open_round(team_slug: str):
    """A round open for rating in the team's newest cycle, which nobody has answered yet: what a
    member sees opening it on a desktop. Made once, then reused."""
    from trip.models import BenchmarkRound, Cycle

    cycle = Cycle.objects.filter(team__slug=team_slug).order_by("-starts_on").first()
    found, _ = BenchmarkRound.objects.get_or_create(
        cycle=cycle, closed_at=None, defaults={"name": "How we are doing now"}
    )
    return found


def main() -> None:
    database = use_bench_database()

    start_django()

    from django.test import Client
    from django.urls import reverse

    from teams.models import Membership, Role
    from trip.models import BenchmarkRating, BenchmarkRound

    seed(TEAM_SLUG)
    analyze()

    member = Membership.objects.select_related("user").filter(team__slug=TEAM_SLUG, role=Role.STAFF).first()
    latest = (
        BenchmarkRound.objects.closed().filter(cycle__team__slug=TEAM_SLUG).order_by("-opened_at").first()
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(member.user, backend="teams.backends.EmailOrUsernameBackend")
    pages = {
        "bare Django view": reverse("bench_bare"),
        "results": reverse("trip:round_results", kwargs={"team": TEAM_SLUG, "pk": latest.pk}),
        "priorities": reverse("trip:priorities", kwargs={"team": TEAM_SLUG, "pk": latest.cycle_id}),
    }

    ratings = BenchmarkRating.objects.filter(round=latest).count()
    print(
        f"\n{sum(RATERS.values())} raters, {STATEMENTS} statements, {ratings:,} ratings in the round measured"
        f" (and as many in the round before it);\n{PRIORITIES} priorities rated by everyone"
        f" (database {database})."
        f"\nMedian of {REQUESTS} requests after {WARM_UP} warm-up, Django test Client in-process, DEBUG off,"
        " signed in as a staff member.\n"
    )
    print(f"{'page':<18} {'status':>6} {'queries':>7} {'median ms':>10} {'p90 ms':>8}")
    for name, url in pages.items():
        status, queries, median, p90 = measure(client, url)
        print(f"{name:<18} {status:>6} {queries:>7} {median:>10.1f} {p90:>8.1f}")
    measure_report(latest.cycle)


def measure_report(cycle) -> None:
    """Median time of building the TRIP report PDF of `cycle`, as the Celery task does."""
    import io

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from pypdf import PdfReader

    from trip import services
    from trip.models import TripReport

    report = TripReport.objects.create(cycle=cycle)
    try:
        timings = []
        for run in range(PDF_RUNS + 1):
            report.ready_at = None
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                services.trip_report_build(report=report)
            if run:  # the first run warms up fonts and templates
                timings.append((time.perf_counter() - start) * 1000)
        pages = len(PdfReader(io.BytesIO(bytes(report.pdf))).pages)
        print(
            f"\nTRIP report PDF of “{cycle.name}”: median {statistics.median(timings):.0f} ms over {PDF_RUNS}"
            f" builds (slowest {max(timings):.0f} ms), {len(queries)} queries, {pages} pages,"
            f" {len(report.pdf) / 1024:.0f} KiB."
        )
    finally:
        report.delete()


if __name__ == "__main__":
    main()
