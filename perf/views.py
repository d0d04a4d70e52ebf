from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse


@login_not_required
def floor(request):
    """The benchmark's baseline: the whole middleware stack, and nothing rendered."""
    return HttpResponse(b"")
