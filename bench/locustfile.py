"""The people of bench/load.py: locust users signed in as the bench ward's members.

Not run on its own: bench/load.py starts the app and then locust with one of these classes.
The app runs with DEBUG=false behind no proxy, so each request says it came through TLS
(X-Forwarded-Proto, as the proxy would), and the app's secure cookies are kept as plain ones so
that they go back over plain HTTP."""

import itertools
import re

from locust import HttpUser, between, constant, task

TEAM = "/t/bench-ward"
PASSWORD = "bench-password-2026"  # noqa: S105 (the bench ward's, seeded by bench/wall_and_handover.py)
# bench/wall_and_handover.py's roles, by the number in the sign-in name.
MANAGERS, STAFF = range(0, 2), range(2, 38)
next_staff = itertools.cycle(STAFF)
next_member = itertools.cycle(range(50))


class Member(HttpUser):
    abstract = True
    number = 0

    def on_start(self):
        host = self.host.split("://", 1)[1]
        self.client.headers.update({"X-Forwarded-Proto": "https", "Origin": f"https://{host}"})
        page = self.visit("GET", "/sign-in/", name="sign in").text
        self.visit(
            "POST",
            "/sign-in/",
            data={
                "username": f"bench-{self.number}",
                "password": PASSWORD,
                "csrfmiddlewaretoken": token(page),
            },
            name="sign in",
        )
        if self.at_handover:
            self.start_handover()

    @property
    def at_handover(self) -> bool:
        return self.number in STAFF or self.number in MANAGERS

    def visit(self, method: str, url: str, **kwargs):
        response = self.client.request(method, url, **kwargs)
        for cookie in self.client.cookies:
            cookie.secure = False
        return response

    def start_handover(self):
        page = self.visit("GET", f"{TEAM}/handover/", name="handover").text
        self.csrf, self.round_seen = token(page), re.search(r'name="round_seen" value="([^"]*)"', page)[1]
        self.saves = 0

    def save_at_handover(self):
        self.saves += 1
        response = self.visit(
            "POST",
            f"{TEAM}/handover/",
            data={
                "csrfmiddlewaretoken": self.csrf,
                "text": f"Load run: {self.number} helped someone plan a walk ({self.saves}).",
                "on_wall": "true",
                "round_seen": self.round_seen,
                "shift": self.shift,
            },
            headers={"HX-Request": "true"},
            name="handover save (htmx)",
        )
        seen = re.search(r'name="round_seen" value="([^"]*)"', response.text)
        if seen:
            self.round_seen = seen[1]

    @property
    def shift(self) -> str:
        return self.round_seen.split(":")[1]


def token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]


class HandoverSaver(Member):
    """Shift change: a member saving little miracles back to back."""

    wait_time = constant(0)

    def on_start(self):
        self.number = next(next_staff)
        super().on_start()

    @task
    def save(self):
        self.save_at_handover()


class Floor(HttpUser):
    """The floor: a one-line Jinja page through the same middleware (bench/floor_urls.py)."""

    wait_time = constant(0)

    @task
    def bare(self):
        self.client.get("/bench/bare-jinja/", headers={"X-Forwarded-Proto": "https"}, name="bare view")


class TeamMember(Member):
    """A realistic day: staff at handover and the wall, managers at the dashboards."""

    wait_time = between(1, 3)

    def on_start(self):
        self.number = next(next_member)
        super().on_start()

    @task(3)
    def handover(self):
        if self.at_handover:
            self.start_handover()

    @task(3)
    def save(self):
        if self.at_handover:
            self.save_at_handover()

    @task(4)
    def wall(self):
        self.visit("GET", f"{TEAM}/wall/", name="wall")

    @task(1)
    def thank(self):
        self.visit("GET", f"{TEAM}/thank-you/", name="thank-you form")

    @task(1)
    def thanks_received(self):
        self.visit("GET", f"{TEAM}/thanks-received/", name="thanks received")

    @task(1)
    def dashboard(self):
        if self.number in MANAGERS:
            self.visit("GET", f"{TEAM}/dashboard/", name="team dashboard")
            self.visit("GET", "/dashboard/", name="managers' overview")
