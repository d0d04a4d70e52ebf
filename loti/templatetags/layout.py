"""The service navigation and footer every page shows, drawn in Python.

They are on every page, so drawn through the template engine they were a
fixed cost of about 1.5 ms a request (a loop of `{% url %}` and `{% if %}`
tags). Their links depend only on the URL configuration, so each is reversed
once a process; only the signed-in items (the person's links, email and CSRF
token) are drawn for each request.
"""

from functools import cache

from django import template
from django.conf import settings
from django.template.defaulttags import CsrfTokenNode
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html, format_html_join

from loti.context_processors import NAV_ITEMS

register = template.Library()


@cache
def _reversed(url_name, prefix, urlconf):
    return reverse(url_name, urlconf=urlconf)


def url(url_name):
    """reverse(url_name), kept per URL name, script prefix and URL configuration (tests override them)."""
    return _reversed(url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


def nav_item(label, href, active):
    """One item, marked as the current section (with the fallback GOV.UK Frontend gives it) when active."""
    if not active:
        return format_html(
            '<li class="govuk-service-navigation__item">'
            '<a class="govuk-service-navigation__link" href="{}">{}</a></li>',
            href,
            label,
        )
    return format_html(
        '<li class="govuk-service-navigation__item govuk-service-navigation__item--active">'
        '<a class="govuk-service-navigation__link" href="{}" aria-current="page">'
        '<strong class="govuk-service-navigation__active-fallback">{}</strong></a></li>',
        href,
        label,
    )


def signed_in_items(context, section):
    user, html = context["user"], []
    if context.get("can_report_commitments") and context["can_report_commitments"]():
        html.append(nav_item("My borough", url("projects:my_borough"), section == "my_borough"))
    if user.is_central_team:
        html.append(nav_item("Admin", url("admin:index"), False))
    html.append(nav_item("Your account", url("account"), section == "account"))
    html.append(
        format_html(
            '<li class="govuk-service-navigation__item"><form method="post" action="{}" class="loti-inline-form">'
            "{}"
            '<button type="submit" class="govuk-service-navigation__link loti-link-button">'
            'Sign out<span class="govuk-visually-hidden"> ({})</span></button></form></li>',
            url("logout"),
            CsrfTokenNode().render(context),
            user.email,
        )
    )
    return html


@register.simple_tag(takes_context=True)
def service_navigation(context):
    """GOV.UK service navigation: the site's sections, then signing in or the signed-in person's links.

    Error pages (`error_page` in the context) show only the sections: nothing
    there may depend on the session or the database.
    """
    section = context.get("nav_section")
    items = [nav_item(label, url(url_name), section == name) for name, label, url_name in NAV_ITEMS]
    user = context.get("user")
    if context.get("error_page") or user is None:
        pass
    elif user.is_authenticated:
        items += signed_in_items(context, section)
    else:
        items.append(nav_item("Sign in", url("login"), section == "login"))
    return format_html(
        '<section class="govuk-service-navigation" aria-label="Site" data-module="govuk-service-navigation">'
        '<div class="govuk-width-container"><div class="govuk-service-navigation__container">'
        '<nav aria-label="Menu" class="govuk-service-navigation__wrapper">'
        '<button type="button" class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle" '
        'aria-controls="navigation" hidden>Menu</button>'
        '<ul class="govuk-service-navigation__list" id="navigation">{}</ul></nav></div></div></section>',
        format_html_join("", "{}", ((item,) for item in items)),
    )


FOOTER_LINKS = [
    ("Accessibility statement", "accessibility"),
    ("Privacy notice", "privacy"),
    ("Weeknotes", "weeknotes:list"),
    ("Open data API", "api:docs"),
]


@register.simple_tag
def site_footer():
    """The GOV.UK footer: the support links, how to contact LOTI, and the copyright line."""
    links = format_html_join(
        "",
        '<li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="{}">{}</a></li>',
        ((url(url_name), label) for label, url_name in FOOTER_LINKS),
    )
    return format_html(
        '<footer class="govuk-footer"><div class="govuk-width-container"><div class="govuk-footer__meta">'
        '<div class="govuk-footer__meta-item govuk-footer__meta-item--grow">'
        '<h2 class="govuk-visually-hidden">Support links</h2><ul class="govuk-footer__inline-list">{}'
        '<li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="mailto:{}">Contact LOTI</a>'
        '</li></ul><p class="govuk-body-s">The London Office of Technology and Innovation helps London boroughs '
        "work together on digital, technology and data.</p></div>"
        '<div class="govuk-footer__meta-item"><p class="govuk-body-s">© London Office of Technology and Innovation'
        "</p></div></div></div></footer>",
        links,
        settings.LOTI_CONTACT_EMAIL,
    )
