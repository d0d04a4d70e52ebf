from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from govuk.markup import markdown_to_safe_html
from weeknotes.models import WeekNote

FEED_LENGTH = 20


class WeekNotesFeed(Feed):
    """Published weeknotes, newest first, each in full."""

    feed_type = Atom1Feed
    title = "LOTI Portal: weeknotes"
    subtitle = "What LOTI and London's boroughs did together, week by week."

    def link(self):
        return reverse("weeknotes:list")

    def items(self):
        return WeekNote.objects.published().with_list_data().order_by("-week_starting")[:FEED_LENGTH]

    def item_description(self, note):
        return markdown_to_safe_html(note.body)

    def item_pubdate(self, note):
        return note.published_at

    def item_updateddate(self, note):
        return note.published_at

    def item_author_name(self, note):
        return note.author.get_full_name() if note.author else "LOTI"
