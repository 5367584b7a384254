"""The built-in list's inflections, worked out ahead of time (conversations/inflections.py): true to
lemminflect, complete for the built-in list, and enough to compile it without loading lemminflect."""

import subprocess
import sys

import pytest
from django.conf import settings

from conversations import matcher, seed
from conversations.inflections import KNOWN

# Every test in this folder has the built-in words in the database (conftest.py); marked, so that
# this file alone sets the test database up too.
pytestmark = pytest.mark.django_db


def test_each_word_has_the_inflections_lemminflect_gives():
    wrong = {word: forms for word, forms in KNOWN.items() if matcher.inflections_from_lexicon(word) != forms}
    assert wrong == {}


def test_every_word_the_built_in_list_inflects_is_known(monkeypatch):
    asked, lexicon = set(), matcher.inflections_from_lexicon
    monkeypatch.setattr(matcher, "inflections_from_lexicon", lambda word: asked.add(word) or (word,))
    matcher._inflections.cache_clear()
    try:
        matcher.Lens(seed.BUILT_IN)
    finally:
        matcher._inflections.cache_clear()
    # Any word named here goes into conversations/inflections.py, with these inflections.
    assert {word: lexicon(word) for word in asked} == {}


def test_the_built_in_list_compiles_without_loading_lemminflect():
    # In a process of its own: this one may have loaded lemminflect for another test already.
    script = (
        "import sys; from conversations import matcher, seed; matcher.Lens(seed.BUILT_IN);"
        " print('lemminflect' in sys.modules)"
    )
    found = subprocess.run(  # noqa: S603 (this Python, a fixed script)
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )
    assert found.stdout.strip() == "False", found.stderr


def test_a_teams_own_word_is_still_inflected():
    assert "bedblockers" in matcher._inflections("bedblocker")
