"""The built-in word list: the briefing's own examples and the shorthand teams know.

One home for it: the data migration seeds the database from here, and the matcher falls back to it
when there is no database yet (`check_language` on a fresh checkout). Change it with a new
migration that reseeds, so every team's list moves to the new version together.
"""

from conversations.matcher import DEFICIT, SERVICE_WORD, YOU_STATEMENT, PhraseEntry

VERSION = 2

_ASKING = "Some people have found … helpful — what do you think might help you?"

BUILT_IN: tuple[PhraseEntry, ...] = (
    PhraseEntry(
        "non-compliant",
        DEFICIT,
        "It hides the person's reasons; asking about them opens a conversation.",
        ("choosing not to …", "unsure about …", "making their own choice"),
        forms=(
            "non-compliant",
            "non-compliance",
            "poor compliance",
            "poorly compliant",
            "({who} {be}) compliant",
            "({who} {be} not|{who} {be} never) compliant",
            "compliant (with medication|with meds|with treatment|with tablets|with their medication)",
            "(medication|meds|treatment) compliance",
        ),
    ),
    PhraseEntry(
        "attention-seeking",
        DEFICIT,
        "Everyone needs connection; the label stops us asking what the person needs.",
        ("seeking connection", "needing support", "distressed"),
        forms=("attention-seeking", "attention-seeker", "seeking attention"),
    ),
    PhraseEntry(
        "manipulative",
        DEFICIT,
        "It reads a motive into behaviour that is often someone trying to get a need met.",
        ("trying to get their needs met", "finding it hard to ask for help directly", "frightened"),
        forms=("manipulative", "manipulate", "manipulation"),
    ),
    PhraseEntry(
        "lacking motivation",
        DEFICIT,
        "It sounds fixed; people's energy comes back when they find what matters to them.",
        ("finding it hard to get started", "not yet found what matters to them", "low in energy"),
        forms=(
            "lack motivation",
            "lack of motivation",
            "unmotivated",
            "poorly motivated",
            "no motivation",
        ),
    ),
    PhraseEntry(
        "difficult (said of a person)",
        DEFICIT,
        "It describes our experience, not the person's; they may be distressed or frightened.",
        ("distressed", "finding things hard", "frightened"),
        forms=(
            "difficult ({who})",
            "(being) difficult",
            "({who} {be}) difficult",
            "difficult (to engage|to manage|to work with|to reach|to help|to treat)",
        ),
    ),
    PhraseEntry(
        "lacks insight",
        DEFICIT,
        "The person may simply see their situation differently; their view is worth hearing.",
        ("sees things differently", "has a different understanding of …", "knows their own mind"),
        forms=("lack insight", "lack of insight", "no insight", "poor insight", "limited insight"),
    ),
    PhraseEntry(
        "refused",
        DEFICIT,
        "It makes a choice sound like defiance; the person's reasons are the interesting part.",
        ("decided not to", "chose not to", "said no to"),
        forms=(
            "(-was|were|been|be|being|get|got|gets) refused",
            "refusing",
            "refuses",
            "refusal",
        ),
    ),
    PhraseEntry(
        "kicked off",
        DEFICIT,
        "It blames the person for distress that usually has a cause we can find together.",
        ("became very distressed", "was upset and angry", "was frightened"),
        forms=("({who}) kick off", "({who} {be}) kick off", "({be}) kick off", "(start|keep) kick off"),
    ),
    PhraseEntry(
        "frequent flyer",
        DEFICIT,
        "It makes a joke of someone who needs us often; their story is worth knowing.",
        ("someone who often needs us", "a person we know well", "someone who comes to us often"),
        forms=("frequent flyer", "frequent flier", "frequent attender"),
    ),
    PhraseEntry(
        "bed blocker",
        DEFICIT,
        "It makes the person the problem when they are waiting for the right support.",
        ("waiting for the right place to go", "ready to leave and waiting for support", "delayed discharge"),
        forms=("bed-blocker", "bed-blocking"),
    ),
    PhraseEntry(
        "absconded",
        DEFICIT,
        "It sounds like an escape from prison; the person left, and their reasons matter.",
        ("left without letting us know", "went out without telling us", "left the ward"),
        forms=("abscond",),
    ),
    PhraseEntry(
        "failed to attend",
        DEFICIT,
        "It puts the failure on the person; often the appointment did not fit their life.",
        ("did not come", "could not make it", "missed"),
        forms=("fail to attend", "fail to engage", "poor engagement", "refused to engage"),
    ),
    PhraseEntry(
        "self-harmer",
        DEFICIT,
        "A person is more than one thing they do to cope.",
        ("a person who self-harms", "someone who hurts themselves to cope"),
    ),
    PhraseEntry(
        "you need to",
        YOU_STATEMENT,
        "It tells rather than asks; an offer leaves the choice with the person.",
        ("I wonder if … might help", _ASKING, "Would it help to …?"),
        forms=("you need to", "you needed to"),
    ),
    PhraseEntry(
        "you should",
        YOU_STATEMENT,
        "It imposes one view; an \u201cI\u201d statement or an offer starts a conversation.",
        ("I think … might help", _ASKING, "You could …, if you like"),
        forms=("you should", "you ought to"),
    ),
    PhraseEntry(
        "you have to",
        YOU_STATEMENT,
        "It leaves the person no say; an offer keeps the choice with them.",
        ("I wonder if … might help", _ASKING, "One option is …"),
        forms=("you have to", "you've got to", "you have got to"),
    ),
    PhraseEntry(
        "you must",
        YOU_STATEMENT,
        "It sounds like an order; people choose more freely when we offer.",
        ("I think … might help", _ASKING, "Would you like to …?"),
        forms=("you must (-be|have|feel)",),
    ),
    PhraseEntry(
        "you are … (a label)",
        YOU_STATEMENT,
        "It fixes a label on the person; saying what you notice and feel keeps it open.",
        ("I noticed …", "I'm wondering how you're feeling", "It seems to me that …"),
        forms=("you are {label}", "you're {label}", "you were {label}", "you've been {label}"),
    ),
    PhraseEntry(
        "my advice to you is",
        YOU_STATEMENT,
        "Advice handed down can close a conversation; an offer opens one.",
        (_ASKING, "One thing that might help is … — what do you think?"),
        forms=("my advice to you is", "my advice to you would be"),
    ),
    PhraseEntry(
        "cases (said of people)",
        SERVICE_WORD,
        "It makes a person a file to work through; \u201cpeople\u201d or their names put them first.",
        ("the people I work with", "person", "the person's name"),
        forms=(
            "(-in my|in our|in your|in his|in her|in their) (my|our|your|his|her|their|new|complex|"
            "difficult|open|allocated|active|heavy) case",
            "case-load",
        ),
    ),
    PhraseEntry(
        "patient",
        SERVICE_WORD,
        "It puts the service first; \u201cperson\u201d or the person's name puts them first.",
        ("person", "people using the service", "the person's name"),
        forms=(
            "(-very|so|too|more|less|most|really|quite|extremely|incredibly|be|is|was|were|are|am|being"
            "|been|remain|remained|stay|stayed|seem|seems|seemed|'s|'re) patient",
        ),
    ),
)


def rows(phrase_model) -> list:
    """The built-in list as unsaved rows of `phrase_model`: the migration passes its historical
    model, tests whose database was emptied pass the real one."""
    return [
        phrase_model(
            phrase=entry.phrase,
            kind=entry.kind,
            why=entry.why,
            alternatives=list(entry.alternatives),
            forms=list(entry.forms),
            version=VERSION,
            status="in_use",
        )
        for entry in BUILT_IN
    ]
