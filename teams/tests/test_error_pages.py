from django.template import engines
from django.test import RequestFactory
from django.views.defaults import server_error


def test_a_missing_page_is_explained_warmly(client, db):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert 'href="/"' in html
    assert "nhsuk-header" in html


def test_a_missing_page_shows_sign_out_to_someone_signed_in(client_for, staff):
    html = client_for(staff).get("/t/no-such-team/settings/").content.decode()
    assert "Page not found" in html
    assert 'action="/sign-out/"' in html


def test_a_refused_page_says_nothing_is_wrong_with_the_account(client_for, staff):
    response = client_for(staff).get("/t/willow-ward/members/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "This page is not open to you" in html
    assert "This page is for other roles in the team." in html
    assert "Nothing is wrong with your account." in html


def test_the_server_error_page_needs_no_request_or_database():
    # No `db` fixture: touching the database here would fail the test.
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, something went wrong" in html
    assert "not anything you did" in html
    assert "nhsuk-header" in html


def test_the_server_error_template_renders_with_no_context_at_all():
    html = engines["jinja2"].get_template("500.html").render()
    assert "Sorry, something went wrong" in html


def test_the_server_error_page_survives_a_broken_static_files_manifest(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path  # nothing collected: every static() lookup would raise
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert 'href="/static/dist/css/main.css"' in response.content.decode()
