import pytest
from django.core.management import CommandError, call_command

from boroughs.demo import DEMO_PASSWORD
from boroughs.models import User
from ideas.models import Idea, Vote
from jobs.models import JobDescription, Role, Vacancy
from okrs.models import CheckIn, KeyResult, Quarter
from projects.models import Participation, Project, Signatory

pytestmark = pytest.mark.django_db


def test_demo_data_creates_one_login_per_role_in_two_boroughs(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo_data")
    central = User.objects.get(email="central@loti.example")
    assert central.is_staff and central.borough is None
    assert central.groups.filter(name="Central team").exists()
    for slug in ["camden", "hackney"]:
        roles = set(User.objects.filter(borough__slug=slug).values_list("role", flat=True))
        assert roles == {"member", "editor", "cdio"}
    assert all(user.check_password(DEMO_PASSWORD) for user in User.objects.all())
    out = capsys.readouterr().out
    assert "cdio@camden.example" in out and DEMO_PASSWORD in out
    # Only the CDIOs agree to be named on their borough's page.
    assert set(User.objects.named_on_borough_pages().values_list("email", flat=True)) == {
        "cdio@camden.example",
        "cdio@hackney.example",
    }


def test_demo_accounts_that_need_two_factor_get_the_public_demo_secret(settings, capsys):
    from base64 import b32decode

    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from boroughs.demo import DEMO_TOTP_SECRET

    settings.DEBUG = True
    call_command("load_demo_data")
    call_command("load_demo_data")  # again: still one app each
    with_app = set(TOTPDevice.objects.filter(confirmed=True).values_list("user__email", flat=True))
    assert with_app == {"central@loti.example", "cdio@camden.example", "cdio@hackney.example"}
    # The code the printed one-liner makes is the one the sign-in takes.
    out = capsys.readouterr().out
    assert f"oathtool --totp -b {DEMO_TOTP_SECRET}" in out
    code = "%06d" % totp(b32decode(DEMO_TOTP_SECRET))
    assert TOTPDevice.objects.get(user__email="cdio@camden.example").verify_token(code)


def test_demo_data_can_be_loaded_twice(settings):
    settings.DEBUG = True
    call_command("load_demo_data")
    call_command("load_demo_data")
    assert User.objects.count() == 7


def test_demo_data_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing"):
        call_command("load_demo_data")
    assert not User.objects.exists()


def demo_counts():
    models = [User, Project, Participation, Signatory, Quarter, KeyResult, CheckIn, JobDescription, Role, Vacancy]
    return {model.__name__: model.objects.count() for model in [*models, Idea, Vote]}


def test_loading_the_whole_demo_twice_creates_nothing_twice(settings):
    settings.DEBUG = True
    call_command("load_demo_data")
    first = demo_counts()
    call_command("load_demo_data")
    assert demo_counts() == first


def test_home_page_shows_this_quarter_with_the_demo_data(settings, client):
    settings.DEBUG = True
    call_command("load_demo_data")
    current = Quarter.objects.published().current()
    html = client.get("/").text
    assert "This quarter:" in html and "Latest published quarter" not in html
    assert f"{current.starts_on:%-d %B %Y} to {current.ends_on:%-d %B %Y}" in html
    assert JobDescription.objects.published().filter(based_on="the Royal Borough of Greenwich").count() == 45
