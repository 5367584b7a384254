"""Migration 0007 rewords two library statements in plainer words as new versions, so a rating
already given keeps the words that were rated."""

import importlib

from django.apps import apps

from trip.models import Statement, StatementVersion
from trip.tests.factories import BenchmarkRatingFactory, BenchmarkRoundFactory

plainer = importlib.import_module("trip.migrations.0007_plainer_statements")
OLD = "We help people find groups, classes and clubs outside mental-health services."


def test_an_older_database_gets_a_new_version_and_ratings_keep_the_old_words(db):
    statement = Statement.objects.get(team__isnull=True, key="community-links")
    old = StatementVersion.objects.filter(pk=statement.current_version_id)
    old.update(text=OLD)  # as a database made before the rewording holds it
    rating = BenchmarkRatingFactory(round=BenchmarkRoundFactory(), statement=statement, version=old.get())

    plainer.reword(apps, None)
    plainer.reword(apps, None)  # run twice, nothing more happens

    statement.refresh_from_db()
    assert statement.text == plainer.REWORDED["community-links"]
    assert list(statement.versions.values_list("number", "text")) == [(1, OLD), (2, statement.text)]
    assert StatementVersion.objects.get(pk=old.get().pk).text == OLD
    rating.refresh_from_db()
    assert rating.version.text == OLD
