import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision.models import Reflection, tip_counts
from supervision.services import reflection_pattern
from supervision.tests.factories import ReflectionFactory
from supervision.tips import TIP_SLUGS, TIPS
from tests.factories import MembershipFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
PATTERN_QUERIES = 9


def url(name, **kwargs):
    return reverse(f"supervision:{name}", kwargs={"team": "willow-ward", **kwargs})


def test_the_ten_tips_have_stable_unique_slugs_and_a_did_i_prompt():
    assert len(TIPS) == 10
    assert len(set(TIP_SLUGS)) == 10
    assert [tip.number for tip in TIPS] == list(range(1, 11))
    assert TIP_SLUGS[:3] == ("listen", "their-goals", "strengths")
    assert all(tip.prompt.startswith("Did I") and tip.prompt.endswith("?") for tip in TIPS)


def test_the_home_page_offers_every_tip_as_a_tick_box(client_for, staff):
    page = client_for(staff).get(url("home")).content.decode()
    for tip in TIPS:
        assert f'value="{tip.slug}"' in page
    assert "just for you" in page


def test_what_went_well_has_a_live_count_of_its_300_characters(client_for, staff):
    page = client_for(staff).get(url("home")).content.decode()
    assert 'data-module="nhsuk-character-count" data-maxlength="300"' in page
    assert 'class="nhsuk-textarea nhsuk-js-character-count" id="id_went_well"' in page


def test_a_quick_reflection_is_saved_for_its_author(client_for, staff):
    response = client_for(staff).post(
        url("reflect"), {"tips": ["listen", "keep-hope"], "went_well": "They smiled."}, follow=True
    )
    reflection = Reflection.objects.get()
    assert reflection.author == staff
    assert reflection.went_well == "They smiled."
    assert sorted(t.tip for t in reflection.tips.all()) == ["keep-hope", "listen"]
    assert response.redirect_chain[-1][0] == url("home")
    assert "Your reflection is saved, just for you." in response.content.decode()


def test_htmx_saves_and_gives_back_a_fresh_form_without_a_reload(client_for, staff):
    response = client_for(staff).post(url("reflect"), {"tips": ["listen"], "went_well": "Calm chat."}, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="reflect">')
    assert "<html" not in page
    assert "Your reflection is saved" in page
    assert "Calm chat." not in page
    assert Reflection.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"went_well": "   "}, "Please tick at least one tip, or say in a line what went well."),
        (
            {"tips": ["listen", "made-up-tip"], "went_well": "Kept this"},
            "Please choose from the ten tips in the list.",
        ),
        (
            {"tips": ["listen"], "went_well": "Kept this" + "x" * 300},
            "Please keep this to 300 characters or fewer",
        ),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_input_gets_a_kind_message_and_keeps_what_was_typed(client_for, staff, data, message, htmx):
    response = client_for(staff).post(url("reflect"), data, **(HTMX if htmx else {}))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    if "went_well" in data and data["went_well"].strip():
        assert data["went_well"] in page
    if data.get("tips") == ["listen"]:
        assert 'value="listen" checked' in page
    assert Reflection.objects.count() == 0


def test_script_in_a_reflection_is_shown_escaped(client_for, staff):
    client = client_for(staff)
    client.post(url("reflect"), {"tips": ["listen"], "went_well": "<script>alert(1)</script>"})
    page = client.get(url("pattern")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


@pytest.mark.parametrize(("name", "method"), [("home", "post"), ("reflect", "get"), ("pattern", "post")])
def test_wrong_method_is_refused(client_for, staff, name, method):
    assert getattr(client_for(staff), method)(url(name)).status_code == 405


@pytest.mark.parametrize("name", ["reflection_delete", "reflection_bring"])
def test_reflection_actions_refuse_a_get(client_for, staff, reflection, name):
    assert client_for(staff).get(url(name, pk=reflection.pk)).status_code == 405


def test_pattern_counts_each_tip_in_the_database_over_eight_weeks(staff, colleague):
    ReflectionFactory(author=staff, tips=["listen", "strengths"])
    ReflectionFactory(author=staff, tips=["listen"])
    ReflectionFactory(author=staff, tips=["listen", "keep-hope"])
    old = ReflectionFactory(author=staff, tips=["equal-partners"])
    Reflection.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(weeks=8, days=1))
    ReflectionFactory(author=colleague, tips=["equal-partners", "listen"])  # someone else's

    counts = tip_counts(staff)
    assert counts == {**dict.fromkeys(TIP_SLUGS, 0), "listen": 3, "strengths": 1, "keep-hope": 1}

    pattern = reflection_pattern(staff)
    assert [(c.tip.slug, c.count) for c in pattern.strengths] == [
        ("listen", 3),
        ("strengths", 1),
        ("keep-hope", 1),
    ]
    assert [c.tip.slug for c in pattern.to_develop] == ["their-goals", "hope-stories", "beyond-sick-role"]
    assert pattern.total == 5


def test_the_pattern_page_shows_strengths_and_tips_to_develop_warmly(client_for, staff):
    ReflectionFactory(author=staff, tips=["listen"], went_well="Sat and listened properly.")
    page = client_for(staff).get(url("pattern")).content.decode()
    strengths = page[page.index('id="strengths"') : page.index('id="develop"')]
    assert "Listening" in strengths and "1 time." in strengths and "Well done." in strengths
    assert "You might develop" in page
    assert "Their own goals" in page[page.index('id="develop"') :]
    assert "Sat and listened properly." in page


def test_an_empty_pattern_invites_a_first_reflection(client_for, staff):
    page = client_for(staff).get(url("pattern")).content.decode()
    assert "You have no reflections from the last 8 weeks yet." in page


def test_the_pattern_page_makes_a_constant_number_of_queries(
    client_for, staff, django_assert_max_num_queries
):
    client = client_for(staff)
    ReflectionFactory(author=staff, tips=["listen"])
    client.get(url("pattern"))
    for _ in range(15):
        ReflectionFactory(author=staff, tips=["listen", "keep-hope", "strengths"])
    with django_assert_max_num_queries(PATTERN_QUERIES):
        assert client.get(url("pattern")).status_code == 200


def test_the_author_deletes_their_reflection(client_for, staff, reflection):
    response = client_for(staff).post(url("reflection_delete", pk=reflection.pk), follow=True)
    assert not Reflection.objects.exists()
    assert "That reflection is deleted." in response.content.decode()


def test_htmx_delete_gives_back_the_pattern_without_it(client_for, staff, reflection):
    ReflectionFactory(author=staff, went_well="The one that stays")
    response = client_for(staff).post(url("reflection_delete", pk=reflection.pk), **HTMX)
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="pattern">')
    assert "Private reflection words" not in page
    assert "The one that stays" in page


def test_a_reflection_can_be_brought_to_supervision_and_taken_back(client_for, staff, reflection):
    client = client_for(staff)
    response = client.post(url("reflection_bring", pk=reflection.pk), {"bring": "yes"}, follow=True)
    reflection.refresh_from_db()
    assert reflection.bring_to_supervision
    assert "when you open your next supervision" in response.content.decode()
    page = client.post(url("reflection_bring", pk=reflection.pk), {"bring": "no"}, **HTMX).content.decode()
    reflection.refresh_from_db()
    assert not reflection.bring_to_supervision
    assert "Bring to supervision" in page


def test_a_member_of_staff_in_two_teams_sees_only_this_teams_reflections(client_for, staff):
    elsewhere = MembershipFactory(user=staff.user)
    ReflectionFactory(author=elsewhere, went_well="Written in my other team")
    page = client_for(staff).get(url("pattern")).content.decode()
    assert "Written in my other team" not in page
