import pytest
from django.db import models
from django.template import Context, Template
from django.urls import clear_script_prefix, set_script_prefix

from govuk.tags import tag, tag_filter


class Weather(models.TextChoices):
    SUN = "sun", "Sunny"
    RAIN = "rain", "Rain <heavy>"


def test_a_tag_filter_draws_each_state_in_its_colour():
    draw = tag_filter(Weather, {Weather.SUN: "yellow"})
    assert draw("sun") == '<strong class="govuk-tag govuk-tag--yellow">Sunny</strong>'


def test_states_without_a_colour_are_grey_and_labels_are_escaped():
    draw = tag_filter(Weather, {Weather.SUN: "yellow"})
    assert draw("rain") == '<strong class="govuk-tag govuk-tag--grey">Rain &lt;heavy&gt;</strong>'


def test_an_unknown_value_draws_nothing():
    assert tag_filter(Weather, {})("snow") == ""


def test_a_single_tag():
    assert tag("Needs checking", "orange") == '<strong class="govuk-tag govuk-tag--orange">Needs checking</strong>'


@pytest.mark.parametrize(
    ("name", "args"),
    [("jobs:list", ""), ("jobs:feed", ""), ("subscriptions:alert_new", " 'job-descriptions'"), ("jobs:contribute", "")],
)
def test_the_path_tag_gives_what_the_url_tag_gives(name, args):
    def both():
        drawn = Template(f"{{% load govuk %}}{{% url '{name}'{args} %}}|{{% path '{name}'{args} %}}").render(Context())
        return drawn.split("|")

    url, path = both()
    assert path == url and url.startswith("/")
    set_script_prefix("/portal/")  # served under a path prefix: its own paths, not the ones kept for "/"
    try:
        url, path = both()
        assert path == url and url.startswith("/portal/")
    finally:
        clear_script_prefix()
    assert both()[1] == both()[0] and not both()[1].startswith("/portal/")
