from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.template.defaultfilters import linebreaks
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import format_html

from govuk.formats import gbp_range
from jobs.models import JobDescription, Vacancy

FEED_LENGTH = 30


class NewJobDescriptionsFeed(Feed):
    """Job descriptions as they are published, newest first. Never the contributor's name or email."""

    feed_type = Atom1Feed
    title = "LOTI Portal: new job descriptions"
    subtitle = "Councils' digital, data, technology and innovation job descriptions, as they join the library."

    def link(self):
        return reverse("jobs:list")

    def items(self):
        return JobDescription.objects.published().with_list_data().order_by("-published_at")[:FEED_LENGTH]

    def item_title(self, jd):
        return f"{jd.title}, {jd.council_name}"

    def item_description(self, jd):
        return format_html(
            "<p>{} · {} · {}</p>{}",
            jd.role.name,
            gbp_range(jd.salary_min, jd.salary_max),
            jd.get_london_weighting_display(),
            linebreaks(jd.summary) if jd.summary else "",
        )

    def item_pubdate(self, jd):
        return jd.published_at

    def item_updateddate(self, jd):
        return jd.published_at

    def item_author_name(self, jd):
        return jd.council_name


class OpenVacanciesFeed(Feed):
    """Open vacancies, newest first: a closed vacancy drops out of the feed as it leaves the board."""

    feed_type = Atom1Feed
    title = "LOTI Portal: vacancies"
    subtitle = "Digital, data, technology and innovation jobs open at councils now."

    def link(self):
        return reverse("jobs:vacancies")

    def items(self):
        return Vacancy.objects.open().with_list_data().order_by("-posted_on", "-pk")[:FEED_LENGTH]

    def item_title(self, vacancy):
        return f"{vacancy.title}, {vacancy.council_name}"

    def item_description(self, vacancy):
        return format_html(
            "<p>{} · Closes {}</p>{}",
            gbp_range(vacancy.salary_min, vacancy.salary_max),
            date_format(vacancy.closing_on, "j F Y"),
            linebreaks(vacancy.summary),
        )

    def item_pubdate(self, vacancy):
        # Posted on a day: call it the start of that day in London.
        return timezone.make_aware(datetime.combine(vacancy.posted_on, time.min))

    def item_author_name(self, vacancy):
        return vacancy.council_name
