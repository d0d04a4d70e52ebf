"""The GOV.UK pagination component: which pages it shows, and links that keep the filters."""

import re
from html import unescape

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.template import RequestContext, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from govuk.pagination import CappedPaginator, page_items
from jobs.models import JobDescription
from tests.factories import JobDescriptionFactory


@pytest.mark.parametrize(
    ("number", "last", "expected"),
    [
        (1, 1, [1]),
        (1, 2, [1, 2]),
        (2, 2, [1, 2]),
        (1, 3, [1, 2, 3]),
        (1, 10, [1, 2, None, 10]),
        (2, 10, [1, 2, 3, None, 10]),
        (5, 10, [1, None, 4, 5, 6, None, 10]),
        (9, 10, [1, None, 8, 9, 10]),
        (10, 10, [1, None, 9, 10]),
    ],
)
def test_page_items_show_first_last_and_neighbours_with_ellipses_between(number, last, expected):
    assert page_items(number, last) == expected


@pytest.mark.parametrize(("number", "expected"), [(3, [1, 2, 3, 4, None, 10]), (4, [1, 2, 3, 4, 5, None, 10])])
def test_an_ellipsis_never_stands_for_a_single_page(number, expected):
    assert page_items(number, 10) == expected


def test_page_items_can_show_two_pages_either_side():
    assert page_items(5, 10, around=2) == [1, 2, 3, 4, 5, 6, 7, None, 10]


def draw(number, query="", count=250):
    request = RequestFactory().get("/projects/" + query)
    page = Paginator(range(count), 25).get_page(number)
    return render_to_string("includes/pagination.html", {"page": page}, request=request)


def links(html):
    return [(unescape(href), label) for href, label in re.findall(r'href="([^"]*)"[^>]*aria-label="([^"]+)"', html)]


def test_pagination_links_keep_the_filters_and_mark_the_current_page():
    html = draw(5, "?theme=cyber-security&phase=beta&page=5")
    assert links(html) == [
        ("?theme=cyber-security&phase=beta&page=1", "Page 1"),
        ("?theme=cyber-security&phase=beta&page=4", "Page 4"),
        ("?theme=cyber-security&phase=beta&page=5", "Page 5 of 10"),
        ("?theme=cyber-security&phase=beta&page=6", "Page 6"),
        ("?theme=cyber-security&phase=beta&page=10", "Page 10"),
    ]
    (current,) = re.findall(r"<a [^>]*aria-current=\"page\"[^>]*>(\d+)</a>", html)
    assert current == "5"
    assert html.count("govuk-pagination__item--ellipsis") == 2
    assert re.search(r'href="\?theme=cyber-security&amp;phase=beta&amp;page=4" rel="prev"', html)
    assert re.search(r'href="\?theme=cyber-security&amp;phase=beta&amp;page=6" rel="next"', html)


def test_first_and_last_pages_have_no_previous_or_next_link():
    first, last = draw(1), draw(10)
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_one_page_draws_no_pagination():
    assert draw(1, count=25).strip() == ""


# A paginator that counts no further than its cap ---------------------------------


def capped(cap, per_page=2):
    ordered = JobDescription.objects.published().order_by("-pk")
    return CappedPaginator(ordered, per_page, rows=JobDescription.objects.all(), cap=cap)


@pytest.mark.django_db
def test_a_capped_paginator_counts_exactly_up_to_its_cap():
    JobDescriptionFactory.create_batch(3)
    paginator = capped(cap=3)
    assert (paginator.count, paginator.is_capped, paginator.num_pages) == (3, False, 2)


@pytest.mark.django_db
def test_a_capped_paginator_past_its_cap_pages_only_through_the_cap():
    jds = JobDescriptionFactory.create_batch(6)
    paginator = capped(cap=4)
    assert paginator.is_capped and paginator.cap_in_words == "4"
    assert paginator.num_pages == 2
    last = paginator.get_page(99)  # past the end: the cap's last page
    assert last.number == 2 and not last.has_next()
    assert [jd.pk for jd in last.object_list] == [jds[3].pk, jds[2].pk]


@pytest.mark.django_db
def test_a_capped_count_reads_no_more_than_the_cap_and_never_sorts():
    JobDescriptionFactory.create_batch(3)
    paginator = capped(cap=2)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 3  # the cap and one more: enough to know there are more
    (sql,) = [query["sql"] for query in queries]
    assert "LIMIT 3" in sql and "ORDER BY" not in sql


# The include as it was, drawn by the template engine, before it was drawn in Python.
OLD_INCLUDE = """{% load govuk %}{# The GOV.UK pagination component for a Django Page `page`: every link keeps the other query parameters (the filters). #}
{% if page.has_other_pages %}
  <nav class="govuk-pagination" aria-label="Pages of results">
    {% if page.has_previous %}
      <div class="govuk-pagination__prev">
        <a class="govuk-link govuk-pagination__link" href="{% querystring page=page.previous_page_number %}" rel="prev">
          <svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path></svg>
          <span class="govuk-pagination__link-title">Previous<span class="govuk-visually-hidden"> page</span></span>
        </a>
      </div>
    {% endif %}
    <ul class="govuk-pagination__list">
      {% pagination_items page as items %}
      {% for number in items %}
        {% if number is None %}
          <li class="govuk-pagination__item govuk-pagination__item--ellipsis">&ctdot;</li>
        {% elif number == page.number %}
          <li class="govuk-pagination__item govuk-pagination__item--current">
            <a class="govuk-link govuk-pagination__link" href="{% querystring page=number %}" aria-label="Page {{ number }} of {{ page.paginator.num_pages }}" aria-current="page">{{ number }}</a>
          </li>
        {% else %}
          <li class="govuk-pagination__item">
            <a class="govuk-link govuk-pagination__link" href="{% querystring page=number %}" aria-label="Page {{ number }}">{{ number }}</a>
          </li>
        {% endif %}
      {% endfor %}
    </ul>
    {% if page.has_next %}
      <div class="govuk-pagination__next">
        <a class="govuk-link govuk-pagination__link" href="{% querystring page=page.next_page_number %}" rel="next">
          <span class="govuk-pagination__link-title">Next<span class="govuk-visually-hidden"> page</span></span>
          <svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path></svg>
        </a>
      </div>
    {% endif %}
  </nav>
{% endif %}
"""  # noqa: E501


@pytest.mark.parametrize(
    ("number", "count", "query"),
    [
        (1, 25, ""),
        (1, 26, ""),
        (2, 26, "?page=2"),
        (1, 250, "?theme=cyber-security"),
        (5, 250, "?theme=cyber-security&page=5&phase=beta"),
        (3, 250, "?page=3&page=4&q=a+%26+b%3Cc%3E&q=%22x%22"),
        (10, 250, "?sort=salary_low"),
        (4, 1000, "?q=caf%C3%A9+data&area="),
        (9, 250, "?q=x"),
    ],
)
def test_the_pagination_drawn_in_python_is_the_old_includes_markup(number, count, query):
    request = RequestFactory().get("/jobs/" + query)
    page = Paginator(range(count), 25).get_page(number)
    old = Template(OLD_INCLUDE).render(RequestContext(request, {"page": page}))
    assert render_to_string("includes/pagination.html", {"page": page}, request=request) == old
    assert Template("{% load govuk %}{% pagination page %}").render(RequestContext(request, {"page": page})) == old
