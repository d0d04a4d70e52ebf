"""The London grid map of LOTI membership, for the boroughs list."""

from django import template

from boroughs.gridmap import MapState, london_map

register = template.Library()

MEMBER = MapState("member", "LOTI member", "member", "✓")
NOT_A_MEMBER = MapState("not-member", "Not a member", "none", "")


@register.simple_tag
def membership_map(boroughs, table_id):
    """`boroughs`: the Borough rows the page already has, so drawing costs no query."""
    members = {b.slug: MEMBER.key for b in boroughs if b.is_member}
    return london_map(
        members,
        key=[MEMBER],
        empty=NOT_A_MEMBER,
        label=f"{len(members)} of London's 33 local authorities are LOTI members",
        table_id=table_id,
    )
