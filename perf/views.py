from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@login_not_required
@never_cache
def floor(request):
    """The benchmark's baseline: the whole middleware stack, and nothing rendered.

    never_cache: the page cache would otherwise store it and serve it without
    the session, CSRF and authentication middleware, which is not a floor.
    """
    return HttpResponse(b"")
