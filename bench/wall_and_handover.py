"""How fast are the wall and handover pages for a big, long-lived team?

Seeds a 50-member ward with five years of little miracles (five a day) and thank-yous (two a day)
in its own PostgreSQL database, then prints the median server time of the wall and handover pages
next to a bare Django view measured in the same run, through the same middleware.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rc .venv/bin/python bench/wall_and_handover.py

The bench database is <your database>_bench on the same server: created if missing, reused after.
"""

import datetime as dt
import functools
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_culture.settings")

import dj_database_url  # noqa: E402
import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402

MEMBERS = 50
YEARS = 5
SUCCESSES_PER_DAY = 5
THANKS_PER_DAY = 2
WARM_UP = 5
REQUESTS = 30
TEAM_SLUG = "bench-ward"


def use_bench_database() -> str:
    """Point DATABASE_URL at `<name>_bench` on the same PostgreSQL server, creating it if needed."""
    url = os.environ.get("DATABASE_URL", "")
    config = dj_database_url.parse(url) if url else {}
    if "postgresql" not in config.get("ENGINE", ""):
        sys.exit("Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/rc")
    name = f"{config['NAME']}_bench"
    server = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    return name


def analyze() -> None:
    """Bring PostgreSQL's statistics up to date after seeding. Until autovacuum comes by, the
    planner still counts a just-seeded table as it was, and picks plans a live database would not:
    the wall's helpers took 1.4 ms in a sequential scan of every membership, 0.1 ms afterwards."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def bare(request):
    from django.http import HttpResponse

    return HttpResponse("ok")


@functools.cache
def _bare_template():
    from django.template import engines

    return engines["jinja2"].from_string("<!doctype html><title>ok</title><p>{{ words }}</p>")


def bare_jinja(request):
    """The floor pages are compared with: a one-line Jinja template through the same stack,
    compiled once as the app's own templates are (compiling it on every request would add half
    a millisecond to the floor and flatter every ratio)."""
    from django.http import HttpResponse

    return HttpResponse(_bare_template().render({"words": "ok"}, request))


# The bench's urlconf: the project's URLs plus the bare view (see start_django).
urlpatterns: list = []


def start_django() -> None:
    """Django set up as in production (no query log, no debug pages), serving the project's URLs
    plus the bare view from this module, on a migrated bench database."""
    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.urls import clear_url_caches, include, path

    settings.DEBUG = False
    warnings.filterwarnings("ignore", message="No directory at")  # no collected static files here
    urlpatterns[:] = [
        path("bench/bare/", bare, name="bench_bare"),
        path("bench/bare-jinja/", bare_jinja, name="bench_bare_jinja"),
        path("", include(settings.ROOT_URLCONF)),
    ]
    settings.ROOT_URLCONF = __name__  # this module, whether run as the script or imported
    clear_url_caches()
    call_command("migrate", verbosity=0)


def seed(team_slug: str) -> None:
    """A 50-member ward with five years of stories up to today. Reused while it is fresh."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from successes.models import Shift, Success, ThankYou
    from teams.models import Membership, Organisation, Role, Team, User

    team = Team.objects.filter(slug=team_slug).first()
    today = timezone.localdate()
    if team and team.successes.filter(created_at__date=today).exists():
        return
    print("Seeding the bench team (a few seconds)...", flush=True)
    with transaction.atomic():
        if team:  # seeded on an earlier day: this week's wall would be empty, so start again
            ThankYou.objects.filter(team=team).delete()
            Success.objects.filter(team=team).delete()
            team.delete()
            User.objects.filter(username__startswith="bench-").delete()
        organisation, _ = Organisation.objects.get_or_create(slug="bench", defaults={"name": "Bench Trust"})
        team = Team.objects.create(organisation=organisation, name="Bench Ward", slug=team_slug)
        password = make_password("bench-password-2026")
        users = User.objects.bulk_create(
            User(
                username=f"bench-{i}",
                display_name=f"Person {i}",
                email=f"bench-{i}@example.test",
                password=password,
            )
            for i in range(MEMBERS)
        )
        roles = [Role.MANAGER] * 2 + [Role.STAFF] * 36 + [Role.SERVICE_USER] * 8 + [Role.SUPPORTER] * 2
        roles += [Role.PARTNER] * (MEMBERS - len(roles))
        members = Membership.objects.bulk_create(
            Membership(team=team, user=user, role=role) for user, role in zip(users, roles, strict=True)
        )
        staff = [m for m in members if m.role in (Role.STAFF, Role.MANAGER)]
        tz = timezone.get_current_timezone()
        shifts = [Shift.EARLY, Shift.LATE, Shift.NIGHT]
        hours = {Shift.EARLY: 14, Shift.LATE: 21, Shift.NIGHT: 7}
        now = timezone.now()
        successes, thanks = [], []
        days = YEARS * 365 + 1
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
                        text=f"Someone came to the breakfast group and stayed to help clear up ({d}-{i}).",
                        on_wall=(d + i) % 25 != 0,
                        share_beyond_team=(d + i) % 6 == 0,
                        created_at=min(at, now),
                    )
                )
            for i in range(THANKS_PER_DAY):
                sender, recipient = members[(d + i) % MEMBERS], staff[(d * 7 + i) % len(staff)]
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
        successes = Success.objects.bulk_create(successes, batch_size=2000)
        ThankYou.objects.bulk_create(thanks, batch_size=2000)
        # One success in three names a colleague who helped.
        Helper = Success.helpers.through
        Helper.objects.bulk_create(
            (
                Helper(success_id=s.pk, membership_id=staff[(n + 1) % len(staff)].pk)
                for n, s in enumerate(successes)
                if n % 3 == 0 and staff[(n + 1) % len(staff)].pk != s.author_id
            ),
            batch_size=2000,
        )


def measure(client, url: str) -> tuple[int, int, float, float]:
    """(status, queries, median ms, 90th percentile ms) of GET `url`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARM_UP):
        status = client.get(url).status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    query_count = len(queries)  # now: each request's start clears the query log
    timings = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return status, query_count, statistics.median(timings), statistics.quantiles(timings, n=10)[-1]


def measure_save(client, url: str, whole_round: bool) -> tuple[int, int, float, float]:
    """(status, queries, median ms, 90th percentile ms) of saving at handover with htmx: with
    what the page's round shows (the answer holds only the new entry), or, if `whole_round`,
    without it (the answer holds the whole round, as every save did before). Each save is kept,
    with its own words, and all are deleted afterwards."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from successes.models import Success, shift_now
    from teams.models import Team

    shift = shift_now(Team.objects.get(slug=TEAM_SLUG))
    seen = re.search(r'name="round_seen" value="([^"]*)"', client.get(url).content.decode())[1]
    timings, query_count, status = [], 0, 0
    for n in range(WARM_UP + 1 + REQUESTS):
        data = {"shift": shift, "text": f"Bench save {n}: a game of cards after tea.", "on_wall": "true"}
        if not whole_round:
            data["round_seen"] = seen
        if n == WARM_UP:
            with CaptureQueriesContext(connection) as queries:
                response = client.post(url, data, HTTP_HX_REQUEST="true")
            query_count = len(queries)
        else:
            start = time.perf_counter()
            response = client.post(url, data, HTTP_HX_REQUEST="true")
            if n > WARM_UP:
                timings.append((time.perf_counter() - start) * 1000)
        status = response.status_code
        if not whole_round:
            seen = re.search(r'name="round_seen" value="([^"]*)"', response.content.decode())[1]
    Success.objects.filter(text__startswith="Bench save ").delete()
    return status, query_count, statistics.median(timings), statistics.quantiles(timings, n=10)[-1]


def main() -> None:
    database = use_bench_database()

    start_django()

    from django.test import Client
    from django.urls import reverse

    from successes.models import Success, ThankYou
    from teams.models import Membership, Role

    seed(TEAM_SLUG)
    analyze()

    member = Membership.objects.select_related("user").filter(team__slug=TEAM_SLUG, role=Role.STAFF).first()
    client = Client(HTTP_HOST="localhost")
    client.force_login(member.user, backend="teams.backends.EmailOrUsernameBackend")
    pages = {
        "bare Django view": reverse("bench_bare"),
        "wall": reverse("successes:wall", kwargs={"team": TEAM_SLUG}),
        "handover": reverse("successes:handover", kwargs={"team": TEAM_SLUG}),
    }

    successes = Success.objects.filter(team__slug=TEAM_SLUG).count()
    thanks = ThankYou.objects.filter(team__slug=TEAM_SLUG).count()
    print(
        f"\n{MEMBERS} members, {successes:,} little miracles and {thanks:,} thank-yous over {YEARS} years"
        f" (database {database}).\nMedian of {REQUESTS} requests after {WARM_UP} warm-up, Django test"
        " Client in-process, DEBUG off, signed in as a staff member.\n"
    )
    print(f"{'page':<18} {'status':>6} {'queries':>7} {'median ms':>10} {'p90 ms':>8}")
    for name, url in pages.items():
        status, queries, median, p90 = measure(client, url)
        print(f"{name:<18} {status:>6} {queries:>7} {median:>10.1f} {p90:>8.1f}")
        if status != 200:
            print(f"  ({url} answered {status}: is the page written yet?)")
    for name, whole_round in [("save (new entry)", False), ("save (whole round)", True)]:
        status, queries, median, p90 = measure_save(client, pages["handover"], whole_round)
        print(f"{name:<18} {status:>6} {queries:>7} {median:>10.1f} {p90:>8.1f}")


if __name__ == "__main__":
    main()
