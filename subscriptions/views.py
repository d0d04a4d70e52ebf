"""Public pages: sign up for a job alert or the newsletter, then confirm, manage or unsubscribe by signed link.

Every link page is never cached (its address is the key to someone's
subscription) and answers a bad or expired link with a page that says so.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from subscriptions.alerts import LIST_URLS, alert_filters, described, saved_filters
from subscriptions.forms import AlertForm, FrequencyForm, NewsletterForm
from subscriptions.models import Kind, Subscription
from subscriptions.services import alert_subscribe, newsletter_subscribe
from subscriptions.tokens import BadLink, manage_token, read_confirmation_token, read_manage_token

KINDS_IN_URLS = {"vacancies": Kind.VACANCIES, "job-descriptions": Kind.JOB_DESCRIPTIONS}


def link_periods():
    """How long the links work, for the pages that tell people."""
    return {"confirm_days": settings.SUBSCRIPTION_CONFIRM_DAYS, "link_days": settings.SUBSCRIPTION_LINK_DAYS}


@login_not_required
def alert_new(request, kind):
    """The list's filters (in the query string) saved as an alert: the address and how often are asked here."""
    kind = KINDS_IN_URLS.get(kind)
    if kind is None:
        raise Http404("No such list.")
    filterset = alert_filters(kind, request.GET)
    list_url = f"{LIST_URLS[kind]}?{request.GET.urlencode()}" if request.GET else LIST_URLS[kind]
    context = {"kind": kind, "kind_label": Kind(kind).label, "list_url": list_url}
    if not filterset.is_valid():
        return render(request, "subscriptions/alert_bad_filters.html", {**context, "filter": filterset}, status=400)
    context["description"] = description = described(kind, filterset)
    if request.method == "POST":
        form = AlertForm(request.POST)
        if form.is_valid():
            alert_subscribe(
                request=request,
                kind=kind,
                email=form.cleaned_data["email"],
                frequency=form.cleaned_data["frequency"],
                filters=saved_filters(filterset),
                description=description,
            )
            return redirect("subscriptions:check_email")
        return render(request, "subscriptions/alert_form.html", {**context, "form": form}, status=400)
    return render(request, "subscriptions/alert_form.html", {**context, "form": AlertForm()})


@login_not_required
def newsletter(request):
    if request.method == "POST":
        form = NewsletterForm(request.POST)
        if form.is_valid():
            newsletter_subscribe(request=request, email=form.cleaned_data["email"])
            return redirect("subscriptions:check_email")
        return render(request, "subscriptions/newsletter_form.html", {"form": form}, status=400)
    return render(request, "subscriptions/newsletter_form.html", {"form": NewsletterForm()})


@login_not_required
def check_email(request):
    return render(request, "subscriptions/check_email.html", link_periods())


def bad_link(request, *, expired):
    return render(
        request, "subscriptions/bad_link.html", {"expired": expired, **link_periods()}, status=410 if expired else 400
    )


def gone(request):
    return render(request, "subscriptions/gone.html", link_periods(), status=404)


@never_cache
@login_not_required
def confirm(request, token):
    """The link in the confirmation email: a button, so that a mail scanner opening links confirms nothing."""
    try:
        pk = read_confirmation_token(token)
    except BadLink as error:
        return bad_link(request, expired=error.expired)
    subscription = Subscription.objects.filter(pk=pk).first()
    if subscription is None:
        return gone(request)
    if request.method == "POST":
        subscription.confirm()
        messages.success(
            request,
            "Confirmed. " + ("Your job alert is on." if subscription.is_alert else "You will get LOTI's weeknotes."),
        )
        return redirect("subscriptions:manage", token=manage_token(subscription))
    return render(request, "subscriptions/confirm.html", {"subscription": subscription})


@never_cache
@login_not_required
def manage(request, token):
    try:
        pk = read_manage_token(token)
    except BadLink as error:
        return bad_link(request, expired=error.expired)
    subscription = Subscription.objects.filter(pk=pk).first()
    if subscription is None:
        return gone(request)
    form = FrequencyForm(initial={"frequency": subscription.frequency}) if subscription.is_alert else None
    if request.method == "POST" and subscription.is_alert:
        form = FrequencyForm(request.POST)
        if form.is_valid():
            subscription.change_frequency(form.cleaned_data["frequency"])
            messages.success(request, f"Saved. You will get emails {subscription.get_frequency_display().lower()}.")
            return redirect(request.path)
        status = 400
    else:
        status = 200
    context = {
        "subscription": subscription,
        "form": form,
        "unsubscribe_url": reverse("subscriptions:unsubscribe", args=[token]),
    }
    return render(request, "subscriptions/manage.html", context, status=status)


@never_cache
@csrf_exempt  # RFC 8058: mail clients POST here with no cookie; the signed link is the proof
@login_not_required
def unsubscribe(request, token):
    """GET: a page with a button. POST (the button, or a mail client's one click): deleted at once."""
    try:
        pk = read_manage_token(token)
    except BadLink as error:
        return bad_link(request, expired=error.expired)
    subscription = Subscription.objects.filter(pk=pk).first()
    if request.method == "POST":
        if subscription is not None:
            subscription.delete()
        # Already gone is done too: a second click, or the mail client's POST after the button's.
        return render(request, "subscriptions/unsubscribed.html", {"subscription": subscription})
    if subscription is None:
        return render(request, "subscriptions/unsubscribed.html", {"subscription": None})
    return render(request, "subscriptions/unsubscribe.html", {"subscription": subscription})
