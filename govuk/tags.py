"""GOV.UK tags (coloured status labels): the one way every state in the portal is drawn.

Each app says which colour each of its states has, once, with `tag_filter`,
and registers the result as a template filter. The tags are drawn when the
filter is made, so a page with hundreds of them only looks each one up.
"""

from django.utils.html import format_html

TAG = '<strong class="govuk-tag govuk-tag--{}">{}</strong>'


def tag(label, colour):
    return format_html(TAG, colour, label)


def tag_filter(choices, colours, default="grey"):
    """A filter drawing a value of `choices` (a Django choices enum) as its tag; unknown values draw nothing."""
    tags = {value: tag(label, colours.get(value, default)) for value, label in choices.choices}

    def draw(value):
        return tags.get(value, "")

    return draw
