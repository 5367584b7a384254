"""On PostgreSQL, a kept connection plans each of a page's queries once: a query it has run five
times is prepared, and PostgreSQL keeps its plan (recovery_culture/settings.py)."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import SuccessFactory


@pytest.mark.postgres
def test_a_page_read_again_and_again_has_its_queries_prepared(client_for, staff):
    SuccessFactory(author=staff)
    wall = reverse("successes:wall", kwargs={"team": staff.team.slug})
    client = client_for(staff)

    for _ in range(6):
        assert "Sam" in client.get(wall).content.decode()

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('FROM "successes_success"' in statement for statement in prepared), prepared
