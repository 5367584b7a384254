"""The privacy matrix: every supervision and reflection address, walked as each person who might
try it. A reflection is its author's alone; a session belongs to its supervisor and supervisee;
managers get coverage (dates and counts) and nothing more."""

import pytest
from django.test import Client
from django.urls import reverse

from supervision.tests.factories import ReflectionFactory, SupervisionSessionFactory

# Sam (staff) wrote the reflection, asked for feedback, and supervises Priya (colleague); he also
# recorded a second session with Priya that she has yet to confirm. Maya manages the team but is
# in neither, and prints Sam's feedback cards; Dee is another member of staff; Alex uses the
# service; Olu is in another team.
ACTORS = ["supervisor", "supervisee", "manager", "other_staff", "service_user", "outsider", "anonymous"]
FIXTURE = {"supervisor": "staff", "supervisee": "colleague"}

OK, MOVED, REFUSED, HIDDEN, SIGN_IN = 200, 302, 403, 404, "sign-in"


def expect(**by_actor):
    """Staff pages' defaults: anonymous people are asked to sign in, outsiders are told nothing,
    people using the service are kindly refused; the rest is given per page."""
    return {"service_user": REFUSED, "outsider": HIDDEN, "anonymous": SIGN_IN, **by_actor}


ALL_STAFF_SEE = expect(supervisor=OK, supervisee=OK, manager=OK, other_staff=OK)
AUTHOR_ONLY = expect(supervisor=MOVED, supervisee=HIDDEN, manager=HIDDEN, other_staff=HIDDEN)
PAIR_ONLY = expect(supervisor=OK, supervisee=OK, manager=HIDDEN, other_staff=HIDDEN)
SUPERVISEE_ONLY_GET = expect(supervisor=HIDDEN, supervisee=OK, manager=HIDDEN, other_staff=HIDDEN)
SUPERVISEE_ONLY_POST = expect(supervisor=HIDDEN, supervisee=MOVED, manager=HIDDEN, other_staff=HIDDEN)
ALL_STAFF_MOVE_ON = expect(supervisor=MOVED, supervisee=MOVED, manager=MOVED, other_staff=MOVED)
MANAGER_ONLY = expect(supervisor=REFUSED, supervisee=REFUSED, manager=OK, other_staff=REFUSED)
CONFIRMER_ONLY = expect(supervisor=HIDDEN, supervisee=MOVED, manager=HIDDEN, other_staff=HIDDEN)
CONFIRMER_ONLY_GET = expect(supervisor=HIDDEN, supervisee=OK, manager=HIDDEN, other_staff=HIDDEN)
# The worker (Sam) never reaches his own cards: only whoever hands them out does.
CARD_GIVER_ONLY = expect(supervisor=HIDDEN, supervisee=HIDDEN, manager=OK, other_staff=HIDDEN)

# (url name, object it needs, method, data, who gets what)
PAGES = [
    ("home", None, "get", {}, ALL_STAFF_SEE),
    ("reflect", None, "post", {}, ALL_STAFF_SEE),  # empty: the form comes back with a kind word
    ("pattern", None, "get", {}, ALL_STAFF_SEE),
    ("reflection_bring", "reflection", "post", {"bring": "yes"}, AUTHOR_ONLY),
    ("reflection_delete", "reflection", "post", {}, AUTHOR_ONLY),
    ("sessions", None, "get", {}, ALL_STAFF_SEE),
    ("session_new", None, "get", {}, ALL_STAFF_SEE),
    ("session_new", None, "post", {}, ALL_STAFF_SEE),  # empty: the form comes back
    ("session", "supervision", "get", {}, PAIR_ONLY),
    ("session_record", "supervision", "get", {}, PAIR_ONLY),
    (
        "session_record",
        "supervision",
        "post",
        {"agreed_goals": "x"},
        {**PAIR_ONLY, "supervisor": MOVED, "supervisee": MOVED},
    ),
    ("session_prepare", "supervision", "get", {}, SUPERVISEE_ONLY_GET),
    ("session_prepare", "supervision", "post", {"preparation": "x"}, SUPERVISEE_ONLY_POST),
    ("session_confirm", "unconfirmed", "post", {}, CONFIRMER_ONLY),
    ("session_decline", "unconfirmed", "get", {}, CONFIRMER_ONLY_GET),
    ("session_decline", "unconfirmed", "post", {}, CONFIRMER_ONLY),
    ("coverage", None, "get", {}, MANAGER_ONLY),
    ("feedback_requests", None, "get", {}, ALL_STAFF_SEE),
    ("feedback_request_new", None, "post", {}, ALL_STAFF_SEE),  # empty: the form comes back
    ("feedback_request", "feedback", "get", {}, {**AUTHOR_ONLY, "supervisor": OK}),
    ("feedback_request_close", "feedback", "post", {}, AUTHOR_ONLY),
    ("feedback_cards", None, "get", {}, ALL_STAFF_SEE),
    ("feedback_cards_sheet", "feedback", "get", {}, CARD_GIVER_ONLY),
    ("feedback_cards_sheet", "feedback", "post", {"count": "2"}, {**CARD_GIVER_ONLY, "manager": MOVED}),
    ("feedback_card_qr", "card_qr", "get", {}, CARD_GIVER_ONLY),
    (
        "record_new",
        None,
        "post",
        {},
        ALL_STAFF_MOVE_ON,
    ),
    ("record", "record", "get", {}, SUPERVISEE_ONLY_GET),
    ("record_download", "record", "get", {}, SUPERVISEE_ONLY_GET),
    # The card is the key: anyone holding one may answer, signed in or not.
    ("feedback_code", None, "get", {}, dict.fromkeys(ACTORS, OK)),
    ("feedback_answer", "card", "get", {}, dict.fromkeys(ACTORS, OK)),
]

CASES = [
    pytest.param(name, needs, method, data, actor, outcome[actor], id=f"{name}-{method}-{actor}")
    for name, needs, method, data, outcome in PAGES
    for actor in ACTORS
]


def client_as(request, client_for, actor: str) -> Client:
    if actor == "anonymous":
        return Client()
    return client_for(request.getfixturevalue(FIXTURE.get(actor, actor)))


@pytest.mark.parametrize(("name", "needs", "method", "data", "actor", "outcome"), CASES)
def test_who_sees_what(
    request, client_for, supervision, reflection, other_staff, name, needs, method, data, actor, outcome
):
    request.getfixturevalue("outsider")
    kwargs = {"team": "willow-ward"}
    if needs == "card":
        kwargs["code"] = request.getfixturevalue("card").code
    elif needs == "card_qr":
        card = request.getfixturevalue("card")
        kwargs.update(pk=card.request_id, code=card.code)
    elif needs:
        kwargs["pk"] = request.getfixturevalue(needs).pk
    response = getattr(client_as(request, client_for, actor), method)(
        reverse(f"supervision:{name}", kwargs=kwargs), data
    )
    if outcome == SIGN_IN:
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")
    else:
        assert response.status_code == outcome


PRIVATE_WORDS = [
    "Private reflection words",
    "Secret goal words",
    "Noticed their cooking skills",
    "Finding time on a busy shift",
    "a morning that went really well",
]


@pytest.mark.parametrize("actor", ["manager", "other_staff"])
@pytest.mark.parametrize(
    "name", ["home", "pattern", "sessions", "coverage", "feedback_requests", "feedback_cards"]
)
def test_no_private_words_reach_anyone_else(
    request, client_for, supervision, reflection, other_staff, actor, name
):
    response = client_as(request, client_for, actor).get(
        reverse(f"supervision:{name}", kwargs={"team": "willow-ward"})
    )
    page = response.content.decode()
    for words in PRIVATE_WORDS:
        assert words not in page
    assert reverse("supervision:session", kwargs={"team": "willow-ward", "pk": supervision.pk}) not in page


def test_the_supervisor_sees_the_session_but_not_the_supervisees_private_reflections(
    client_for, staff, colleague, supervision
):
    ReflectionFactory(author=colleague, went_well="Brought along by Priya", bring_to_supervision=True)
    url = reverse("supervision:session", kwargs={"team": "willow-ward", "pk": supervision.pk})
    assert "Brought along by Priya" not in client_for(staff).get(url).content.decode()
    assert "Brought along by Priya" in client_for(colleague).get(url).content.decode()


def test_a_session_in_another_team_is_not_found_even_by_its_own_pk(client_for, manager, outsider):
    theirs = SupervisionSessionFactory(supervisor=outsider)
    for name in ("session", "session_record"):
        url = reverse(f"supervision:{name}", kwargs={"team": "willow-ward", "pk": theirs.pk})
        assert client_for(manager).get(url).status_code == 404
