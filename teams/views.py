from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from recovery_culture.lib.render import render_page
from teams.forms import SignInForm
from teams.models import Membership


class SignInView(auth_views.LoginView):
    template_name = "teams/sign_in.jinja"
    form_class = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


def locked_out(request: HttpRequest, credentials: dict | None = None, *args, **kwargs) -> HttpResponse:
    """django-axes calls this after too many wrong passwords for one sign-in name."""
    return render_page(request, "teams/locked_out.jinja", status=429)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("login")
    memberships = list(
        Membership.objects.active().filter(user=request.user).select_related("team__organisation")
    )
    if len(memberships) == 1:
        return redirect(memberships[0].start_url)
    return render_page(request, "teams/home.jinja", {"memberships": memberships})


# --- placeholders: replaced by the teams views below as they are written ---
def _placeholder(request, *args, **kwargs):
    from django.http import Http404

    raise Http404


members = invite = remove_member = join_code_create = join_code_detail = join_code_qr = _placeholder
join_code_revoke = team_settings = join = join_details = join_welcome = accept_invitation = _placeholder
