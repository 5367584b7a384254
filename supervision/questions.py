"""The questions a person using the service answers about how their relationship with a worker
supports their recovery, in our own words. Answers are kept by the question's slug."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    slug: str
    text: str


QUESTIONS: tuple[Question, ...] = (
    Question("listened", "I feel listened to."),
    Question("understand", "They try to understand what I have been through."),
    Question("hope", "They help me feel hopeful about my future."),
    Question("own-goals", "They help me work towards goals that matter to me."),
    Question("strengths", "They notice what I am good at."),
    Question("respect", "They treat me with respect, as an equal."),
    Question("choice", "They give me choices and respect what I decide."),
    Question(
        "life-outside", "They help me with life outside services: friends, activities, work or learning."
    ),
    Question("coping", "They help me build on my own ways of coping."),
    Question("honest", "They are open and honest with me."),
)
QUESTION_SLUGS: tuple[str, ...] = tuple(q.slug for q in QUESTIONS)

RATHER_NOT_SAY = "skip"
SCALE = [
    ("5", "Very much"),
    ("4", "Mostly"),
    ("3", "Somewhat"),
    ("2", "Not much"),
    ("1", "Not at all"),
    (RATHER_NOT_SAY, "I'd rather not say"),
]
