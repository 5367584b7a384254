import pytest

from conversations import seed
from conversations.models import Phrase


@pytest.fixture(autouse=True)
def built_in_words(request):
    """The built-in list the data migration seeds, even when a browser test on the same worker has
    emptied the database before (a live server's test flushes every table, seeded rows too)."""
    request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
    if not Phrase.objects.filter(team__isnull=True).exists():
        Phrase.objects.bulk_create(seed.rows(Phrase))
