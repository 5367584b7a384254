"""Recovery-focused leadership in our own words: the four parts of transformational leadership
(Bass 1997), each with a few concrete things a leader may have done this month, and the short
pulse the team answers about how it is led.

Leaders here are the team's managers and anyone who holds one of its lead roles. Records refer to
a behaviour or a pulse question by its slug, which never changes even if the wording is improved."""

from dataclasses import dataclass

from supervision.questions import Question


@dataclass(frozen=True)
class Behaviour:
    slug: str
    text: str  # completes "This month I…"


@dataclass(frozen=True)
class Component:
    slug: str
    title: str
    summary: str
    behaviours: tuple[Behaviour, ...]


COMPONENTS: tuple[Component, ...] = (
    Component(
        "walk-the-talk",
        "Walking the talk",
        "Putting people before paperwork, thanking people out loud and using recovery-focused words.",
        (
            Behaviour("people-first", "put a person before paperwork when the two pulled apart"),
            Behaviour("thanked-aloud", "thanked someone out loud for what they did"),
            Behaviour("recovery-words", "used recovery-focused words, and gently offered them to others"),
        ),
    ),
    Component(
        "keeping-hope",
        "Keeping hope alive",
        "Believing in what people can do, even under pressure, and finding ways through.",
        (
            Behaviour("spoke-of-hope", "spoke about what people can achieve, even on a hard day"),
            Behaviour("found-a-way", "found a new way through when demands pulled against each other"),
        ),
    ),
    Component(
        "each-person",
        "Valuing each person",
        "Each member of the team feels seen, valued and supported as a person.",
        (
            Behaviour("asked-and-listened", "asked someone how they were, and listened to the answer"),
            Behaviour("used-a-strength", "helped someone use a strength or interest of theirs at work"),
        ),
    ),
    Component(
        "new-ideas",
        "Inviting new ideas",
        "Asking for ideas, questioning habits and getting better together.",
        (
            Behaviour("asked-first", "asked for the team's ideas before giving my own"),
            Behaviour("questioned-a-habit", "questioned a habit or a rule together with the team"),
            Behaviour("tried-something", "tried something new with the team, and learnt from it"),
        ),
    ),
)
BEHAVIOURS: tuple[Behaviour, ...] = tuple(b for c in COMPONENTS for b in c.behaviours)
BEHAVIOUR_SLUGS: tuple[str, ...] = tuple(b.slug for b in BEHAVIOURS)

HOW_OFTEN = [("3", "Often"), ("2", "Sometimes"), ("1", "Not this month")]

# The pulse: two plain statements for each part, answered on the feedback scale. Slugs start with
# "lead-" so they never clash with the questions about working with someone.
PULSE_QUESTIONS: tuple[Question, ...] = (
    Question("lead-does-what-they-ask", "They do what they ask others to do."),
    Question("lead-says-thank-you", "They say thank you when people do things well."),
    Question("lead-keeps-hope", "They help us keep hope, even when things are hard."),
    Question("lead-finds-a-way", "They find new ways through when there is too much to do."),
    Question("lead-i-matter", "They make me feel that I matter."),
    Question("lead-uses-strengths", "They help people use what they are good at."),
    Question("lead-asks-ideas", "They ask for our ideas, and listen to them."),
    Question("lead-open-to-questions", "They are glad when we question how things are done."),
)
PULSE_SLUGS: tuple[str, ...] = tuple(q.slug for q in PULSE_QUESTIONS)
