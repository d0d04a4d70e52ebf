from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from weeknotes.models import WeekNote

PAGE_SIZE = 10


@login_not_required
def note_list(request):
    notes = WeekNote.objects.published().order_by("-week_starting")
    page = Paginator(notes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "weeknotes/weeknote_list.html", {"page": page})


@login_not_required
def note_detail(request, week):
    try:
        monday = date.fromisoformat(week)
    except ValueError:
        raise Http404("Not a date") from None
    note = get_object_or_404(WeekNote.objects.visible_to(request.user).with_list_data(), week_starting=monday)
    return render(request, "weeknotes/weeknote_detail.html", {"note": note})
