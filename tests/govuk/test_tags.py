from django.db import models

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
