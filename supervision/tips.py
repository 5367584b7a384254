"""The ten top tips for recovery-focused conversations, in our own words.

After time with someone, a worker asks themselves "did I…?" for each. Records refer to a tip by its
slug, which never changes even if the wording is improved, so old reflections keep their meaning."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Tip:
    number: int
    slug: str
    title: str
    prompt: str


TIPS: tuple[Tip, ...] = (
    Tip(
        1,
        "listen",
        "Listening",
        "Did I really listen, and help them make sense of what they have been through?",
    ),
    Tip(
        2,
        "their-goals",
        "Their own goals",
        "Did I help them find and put in order the goals that matter to them?",
    ),
    Tip(
        3,
        "strengths",
        "Believing in strengths",
        "Did I show I believe in the strengths and resources they already have?",
    ),
    Tip(
        4,
        "hope-stories",
        "Stories of hope",
        "Did I share an example, mine or someone else's, that gives hope?",
    ),
    Tip(
        5,
        "beyond-sick-role",
        "Beyond the sick role",
        "Did I favour goals that take them into everyday life and let them give to others?",
    ),
    Tip(
        6,
        "community-resources",
        "Life outside services",
        "Did I look for friends, contacts and groups outside mental-health services?",
    ),
    Tip(
        7,
        "self-management",
        "Managing in their own way",
        "Did I encourage them to build on their own ways of coping?",
    ),
    Tip(
        8,
        "their-treatment-wishes",
        "What they want from treatment",
        "Did I ask what they want from treatments and therapies, and respect their wishes?",
    ),
    Tip(
        9,
        "equal-partners",
        "Equal partners",
        "Did I treat them as an equal partner, ready to go the extra mile?",
    ),
    Tip(
        10,
        "keep-hope",
        "Keeping hope alive",
        "Did I keep hope alive and back their goals, even through setbacks?",
    ),
)

TIP_BY_SLUG: dict[str, Tip] = {tip.slug: tip for tip in TIPS}
TIP_SLUGS: tuple[str, ...] = tuple(TIP_BY_SLUG)
TIP_CHOICES: list[tuple[str, str]] = [(tip.slug, tip.title) for tip in TIPS]
PROMPT_CHOICES: list[tuple[str, str]] = [(tip.slug, tip.prompt) for tip in TIPS]


def tips_in_order(slugs) -> list[Tip]:
    """The known tips among `slugs`, in the list's own order; anything unknown is left out."""
    wanted = set(slugs)
    return [tip for tip in TIPS if tip.slug in wanted]
