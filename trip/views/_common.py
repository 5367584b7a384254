from teams.models import Membership
from trip.models import TeamWords


def _page(member: Membership, **context) -> dict:
    return {"member": member, "nav": "trip", "words": TeamWords(member.team), **context}
