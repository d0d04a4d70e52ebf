from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from projects.models import Project, ProjectUpdate

FEED_LENGTH = 30


class AllUpdatesFeed(Feed):
    """Updates of every public project, newest first."""

    feed_type = Atom1Feed
    title = "LOTI Portal: project updates"
    subtitle = "Updates from the projects London boroughs run together through LOTI."

    def link(self):
        return reverse("projects:list")

    def items(self):
        return (
            ProjectUpdate.objects.filter(project__is_public=True)
            .select_related("project", "author")
            .order_by("-published_at")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return f"{item.project.title}: {item.title}"

    def item_description(self, item):
        return item.body_html  # sanitised when the update was saved

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.author.get_full_name() if item.author else "LOTI"


class ProjectUpdatesFeed(AllUpdatesFeed):
    """One public project's updates."""

    def get_object(self, request, slug):
        return get_object_or_404(Project.objects.public(), slug=slug)

    def title(self, project):
        return f"LOTI Portal: {project.title} updates"

    def subtitle(self, project):
        return project.summary

    def link(self, project):
        return project.get_absolute_url()

    def items(self, project):
        return project.updates.select_related("project", "author").order_by("-published_at")[:FEED_LENGTH]
