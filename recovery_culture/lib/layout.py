"""What every page's header shows: the team's sections a member's role opens, in menu order."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    href: str
    text: str
    current: bool


# (section, address name, its text, who sees it: None for everyone, else a Membership property)
SECTIONS = (
    ("handover", "successes:handover", "Handover", "is_staff_member"),
    ("wall", "successes:wall", "The wall", None),
    ("thanks", "successes:thank", "Say thank you", None),
    ("trip", "trip:home", "TRIP", None),
    ("members", "teams:members", "Members", "is_manager"),
    ("supervision", "supervision:home", "Supervision", "is_staff_member"),
    ("dashboard", "dashboard:team", "Dashboard", "is_staff_member"),
    ("settings", "teams:settings", "My settings", None),
)


def navigation(member, nav: str | None) -> list[NavItem]:
    """The menu for `member` (none outside a team), with `nav` marked as the section open."""
    if not member:
        return []
    return [
        NavItem(reverse(name, kwargs={"team": member.team.slug}), text, section == nav)
        for section, name, text, who in SECTIONS
        if who is None or getattr(member, who)
    ]
