"""{% cached_for "group" ... [by value ...] %}shared HTML{% endcached_for %}: see pagecache/fragments.py."""

from django import template
from django.utils.safestring import mark_safe

from pagecache.fragments import cached_fragment, is_on

register = template.Library()


class CachedForNode(template.Node):
    def __init__(self, nodelist, name, groups, vary_on):
        self.nodelist, self.name, self.groups, self.vary_on = nodelist, name, groups, vary_on

    def render(self, context):
        if not is_on():
            return self.nodelist.render(context)
        groups = [group.resolve(context) for group in self.groups]
        vary_on = [value.resolve(context) for value in self.vary_on]
        draw = lambda: self.nodelist.render(context)  # noqa: E731
        return mark_safe(cached_fragment(self.name, groups, vary_on, draw, context.get("request")))


@register.tag
def cached_for(parser, token):
    bits = token.split_contents()[1:]
    if "by" in bits:
        at = bits.index("by")
        groups, vary_on = bits[:at], bits[at + 1 :]
    else:
        groups, vary_on = bits, []
    if not groups:
        raise template.TemplateSyntaxError("cached_for needs the content groups the part shows")
    nodelist = parser.parse(("endcached_for",))
    parser.delete_first_token()
    # The part's name: where it is, so two parts of one template never share a copy.
    name = f"{parser.origin.template_name}:{token.lineno}"
    return CachedForNode(
        nodelist, name, [parser.compile_filter(g) for g in groups], [parser.compile_filter(v) for v in vary_on]
    )
