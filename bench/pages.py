"""Every main page beside a bare Jinja view, in one run: is each within 3× of the floor?

Uses the three benches' seeded teams (a 50-member ward with five years of stories, a TRIP round of
60 statements rated by 40 people, ten teams of 30 with five years of supervision) and times each
page interleaved with a bare view that renders a one-line Jinja template through the same
middleware, so both see the same machine at the same moment. Prints, for each page, the median
server time and CPU time as a ratio to the bare view's, its queries and its HTML weight, beside
the goals (≤ 3× the bare view, ≤ 12 queries, under 150 KB). Then the same again over HTTP, as
the issue measured them: one gunicorn worker in the production shape, each request timed from
outside it, so the floor carries what every request costs a real server (the connection, the
request's parsing, the response's writing) and the ratio is the one a browser would see.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rc REDIS_URL=redis://127.0.0.1:6379/14 \\
      .venv/bin/python bench/pages.py

The bench database is <your database>_bench on the same server: created if missing, reused after.
"""

import importlib.util
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import load
import trip_results
import wall_and_handover
from digest import free_port
from wall_and_handover import start_django, use_bench_database


def _bench_module(name: str):
    """bench/dashboards.py by its path: as `dashboards` it would stand in for the project's app."""
    spec = importlib.util.spec_from_file_location(f"{name}_bench", Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


dashboards = _bench_module("dashboards")

ROUNDS = 17
WARM_UP = 3
GOAL_RATIO = 3.0
GOAL_QUERIES = 12
GOAL_KB = 150


def pages() -> list[tuple[str, object, str, int | None]]:
    """(name, signed-in client, address, team) of every main page, each as its usual reader opens
    it. Where `team` is given, the team's kept page parts are forgotten before each request, so the
    page is drawn afresh, as it is for its first reader after a change (teams/cache.py)."""
    from django.test import Client
    from django.urls import reverse

    from recovery_culture.middleware import RENEWED_AT
    from teams.models import Membership, Role
    from trip.models import BenchmarkRound

    def client_for(member: Membership) -> Client:
        client = Client(HTTP_HOST="localhost")
        client.force_login(member.user, backend="teams.backends.EmailOrUsernameBackend")
        session = client.session
        session.update({"last_team": member.team.slug, RENEWED_AT: int(time.time())})
        session.save()
        return client

    ward = wall_and_handover.TEAM_SLUG
    ward_staff = client_for(Membership.objects.filter(team__slug=ward, role=Role.STAFF).first())
    trip = trip_results.TEAM_SLUG
    trip_staff = client_for(Membership.objects.filter(team__slug=trip, role=Role.STAFF).first())
    latest = BenchmarkRound.objects.closed().filter(cycle__team__slug=trip).order_by("-opened_at").first()
    rating = trip_results.open_round(trip)
    dash = f"{dashboards.PREFIX}-0"
    dash_manager = Membership.objects.filter(team__slug=dash, role=Role.MANAGER).first()
    manager = client_for(dash_manager)

    def at(name: str, slug: str, **kwargs) -> str:
        return reverse(name, kwargs={"team": slug, **kwargs})

    results = at("trip:round_results", trip, pk=latest.pk)

    return [
        ("handover", ward_staff, at("successes:handover", ward), None),
        ("wall", ward_staff, at("successes:wall", ward), None),
        ("thank-you form", ward_staff, at("successes:thank", ward), None),
        ("thanks received", ward_staff, at("successes:thanks_received", ward), None),
        ("TRIP results", trip_staff, results, None),
        ("TRIP results, afresh", trip_staff, results, latest.cycle.team_id),
        ("TRIP priorities", trip_staff, at("trip:priorities", trip, pk=latest.cycle_id), None),
        ("rating round (all)", trip_staff, at("trip:round", trip, pk=rating.pk) + "?all", None),
        ("rating round, closed", trip_staff, at("trip:round", trip, pk=latest.pk) + "?all", None),
        ("team dashboard", manager, at("dashboard:team", dash), None),
        ("team dashboard, afresh", manager, at("dashboard:team", dash), dash_manager.team_id),
        ("managers' overview", manager, reverse("dashboard:overview"), None),
        ("supervision home", manager, at("supervision:home", dash), None),
    ]


def timed(client, url: str, forget: int | None = None) -> tuple[float, float, int]:
    """(server ms, CPU ms, status) of one GET, after forgetting team `forget`'s kept parts."""
    from teams.cache import team_cache_forget

    if forget is not None:
        team_cache_forget([forget])
    wall, cpu = time.perf_counter(), time.process_time()
    status = client.get(url).status_code
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, status


def fetched(port: int, client, url: str, forget: int | None = None) -> float:
    """Milliseconds of one GET from the gunicorn on `port`, as `client`'s person (their session),
    timed from outside as a browser would see it on the same machine, after forgetting team
    `forget`'s kept parts. A status other than 200 stops the bench (urllib raises)."""
    from django.conf import settings

    from teams.cache import team_cache_forget

    if forget is not None:
        team_cache_forget([forget])
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    headers = {"X-Forwarded-Proto": "https", "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"}
    request = urllib.request.Request(f"http://127.0.0.1:{port}{url}", headers=headers)  # noqa: S310
    wall = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (our own local server)
        response.read()
    return (time.perf_counter() - wall) * 1000


def in_rounds(measured: list, floor, page) -> tuple[list, dict]:
    """Each page's timings (and the floor's), interleaved: floor, page, floor, page... so a busy
    moment slows both alike. The pages drawn afresh come in rounds of their own: forgetting a
    team's kept parts would otherwise make the next kept page of the same team (the overview after
    the dashboard) a first reader too."""
    floor_times, times = [], {name: [] for name, *_ in measured}
    kept = [entry for entry in measured if entry[3] is None]
    afresh = [entry for entry in measured if entry[3] is not None]
    for phase in (kept, afresh):
        for _ in range(ROUNDS):
            for entry in phase:
                floor_times.append(floor())
                times[entry[0]].append(page(entry))
    return floor_times, times


def verdict(ratio: float, queries: int, kb: float, status: int) -> str:
    met = ratio <= GOAL_RATIO and queries <= GOAL_QUERIES and kb < GOAL_KB and status == 200
    return "met" if met else "not yet"


def main() -> None:
    if not os.environ.get("REDIS_URL"):
        sys.exit(
            "Set REDIS_URL, e.g. redis://127.0.0.1:6379/14: the gunicorn and this process share kept parts"
        )
    database = use_bench_database()
    port = free_port()
    web_env = load.production_env(port)
    # The sessions made here must open in the gunicorn too.
    os.environ["SECRET_KEY"] = web_env["SECRET_KEY"]
    start_django()

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from teams.cache import team_cache_forget

    wall_and_handover.seed(wall_and_handover.TEAM_SLUG)
    trip_results.seed(trip_results.TEAM_SLUG)
    dashboards.seed()
    wall_and_handover.analyze()

    bare_url = reverse("bench_bare_jinja")
    measured = pages()
    floor_client = measured[0][1]
    shape = {}
    for name, client, url, forget in measured:
        for _ in range(WARM_UP):
            client.get(url)
        if forget is not None:
            team_cache_forget([forget])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        shape[name] = (response.status_code, len(queries), len(response.content) / 1024)

    # In-process: the Django test Client, so server time and CPU time are this process's own.
    cpu_times = {name: [] for name, *_ in measured}
    bare_cpu = []

    def bare_in_process() -> float:
        ms, cpu, _status = timed(floor_client, bare_url)
        bare_cpu.append(cpu)
        return ms

    def page_in_process(entry) -> float:
        name, client, url, forget = entry
        ms, cpu, _status = timed(client, url, forget)
        cpu_times[name].append(cpu)
        return ms

    bare_times, times = in_rounds(measured, bare_in_process, page_in_process)
    floor, floor_cpu = statistics.median(bare_times), statistics.median(bare_cpu)
    print(
        f"\nDatabase {database}. {ROUNDS} rounds, each page interleaved with a bare Jinja view"
        f" (median {floor:.1f} ms, CPU {floor_cpu:.1f} ms), Django test Client in-process, DEBUG off."
        f"\nGoals: ≤ {GOAL_RATIO:g}× the bare view, ≤ {GOAL_QUERIES} queries, under {GOAL_KB} KB.\n"
    )
    print(f"{'page':<24} {'status':>6} {'ms':>7} {'× bare':>7} {'CPU ×':>6} {'queries':>7} {'KB':>6}  goal")
    for name, *_ in measured:
        status, queries, kb = shape[name]
        median, cpu = statistics.median(times[name]), statistics.median(cpu_times[name])
        print(
            f"{name:<24} {status:>6} {median:>7.1f} {median / floor:>7.1f} {cpu / floor_cpu:>6.1f}"
            f" {queries:>7} {kb:>6.0f}  {verdict(median / floor, queries, kb, status)}"
        )

    # Over HTTP, as the issue measured: one gunicorn worker in the production shape (DEBUG=false,
    # kept database connections), each request timed from outside it, the same signed-in people.
    web = load.serve(web_env, port, workers=1, log=Path(tempfile.mkdtemp()) / "gunicorn.log")
    try:

        def page_over_http(entry) -> float:
            _name, client, url, forget = entry
            return fetched(port, client, url, forget)

        for entry in measured:
            for _ in range(WARM_UP):
                page_over_http(entry)
        bare_times, times = in_rounds(measured, lambda: fetched(port, floor_client, bare_url), page_over_http)
    finally:
        web.terminate()
        web.wait()
    floor = statistics.median(bare_times)
    print(
        f"\nOver HTTP: one gunicorn worker (DEBUG=false, DB_CONN_MAX_AGE=60), each request timed"
        f" from outside it, the bare view's median {floor:.1f} ms.\n"
    )
    print(f"{'page':<24} {'ms':>7} {'× bare':>7}  goal")
    for name, *_ in measured:
        status, queries, kb = shape[name]
        median = statistics.median(times[name])
        ratio = median / floor
        print(f"{name:<24} {median:>7.1f} {ratio:>7.1f}  {verdict(ratio, queries, kb, status)}")


if __name__ == "__main__":
    main()
