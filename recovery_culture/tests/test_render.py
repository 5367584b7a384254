"""render_page: one address gives a whole page or one fragment of it, so caches must be told."""

from django.urls import reverse


def test_a_page_with_a_fragment_varies_on_htmx_whole_or_in_part(client_for, staff):
    client = client_for(staff)
    url = reverse("supervision:home", kwargs={"team": staff.team.slug})
    whole = client.get(url)
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert "<html" in whole.content.decode() and "<html" not in fragment.content.decode()
    for response in (whole, fragment):
        assert "HX-Request" in response["Vary"]
