from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.urls import reverse

from boroughs import two_factor

# What someone part-way through signing in may open: the step they owe, and signing out.
OPEN_DURING = {
    two_factor.Step.CODE: {"two_factor_code", "logout"},
    two_factor.Step.SET_UP: {"two_factor_set_up", "logout"},
}
URL_NAMES = {two_factor.Step.CODE: "two_factor_code", two_factor.Step.SET_UP: "two_factor_set_up"}


class TwoFactorMiddleware:
    """Someone signed in with a password who owes a second factor reaches no page until they give it.

    Installed after OTPMiddleware (request.user.is_verified) and
    LoginRequiredMiddleware. Public pages are held back too: a session half
    signed in should not look signed in anywhere. Whoever owes nothing is
    remembered in the session, so most requests look nothing up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request.session.get(two_factor.NOT_NEEDED_SESSION_KEY) or user.is_verified():
            return None
        step = two_factor.step_owed(user)
        if step is None:
            request.session[two_factor.NOT_NEEDED_SESSION_KEY] = True
            return None
        name = request.resolver_match.view_name if request.resolver_match else None
        if name in OPEN_DURING[step]:
            return None
        # Signing in again while half signed in: carry on to the page that sign-in was for.
        wanted = request.GET.get("next", "") if name in ("login", "admin:login") else request.get_full_path()
        url = reverse(URL_NAMES[step])
        return HttpResponseRedirect(f"{url}?{urlencode({'next': wanted})}" if wanted else url)
