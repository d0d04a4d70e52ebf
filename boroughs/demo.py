"""Demo accounts: one central-team user and a CDIO, an editor and a member in two boroughs."""

from base64 import b32decode

from django_otp.plugins.otp_totp.models import TOTPDevice

from boroughs import two_factor
from boroughs.groups import central_team_group
from boroughs.models import Borough, User

DEMO_PASSWORD = "loti-demo-password"
# The authenticator secret of every demo account that must use two-factor
# authentication (the central team and the CDIOs). Public, like the password:
# demo data only, never loaded with DEBUG off (load_demo_data refuses).
DEMO_TOTP_SECRET = "LOTIDEMOLOTIDEMOLOTIDEMOLOTIDEMO"

# email, first name, last name, borough slug (None: central team), role
DEMO_USERS = [
    ("central@loti.example", "Eddie", "Copeland", None, User.Role.MEMBER),
    ("cdio@camden.example", "Priya", "Shah", "camden", User.Role.CDIO),
    ("editor@camden.example", "Fabio", "Negro", "camden", User.Role.EDITOR),
    ("member@camden.example", "Sam", "Okafor", "camden", User.Role.MEMBER),
    ("cdio@hackney.example", "Rob", "Miller", "hackney", User.Role.CDIO),
    ("editor@hackney.example", "Cate", "McLaurin", "hackney", User.Role.EDITOR),
    ("member@hackney.example", "Alex", "Jacobs", "hackney", User.Role.MEMBER),
]


def load_accounts():
    return [demo_user(*row) for row in DEMO_USERS]


def demo_user(email, first_name, last_name, borough_slug, role):
    is_staff = borough_slug is None
    user, _ = User.objects.update_or_create(
        email=email,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "borough": Borough.objects.get(slug=borough_slug) if borough_slug else None,
            "role": role,
            "is_staff": is_staff,
            "is_active": True,
            # The demo CDIOs agree to be named on their borough's page.
            "listed_on_borough_page": role == User.Role.CDIO and not is_staff,
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    if is_staff:
        user.groups.add(central_team_group())
    if two_factor.is_required_for(user):
        demo_authenticator(user)
    return user


def demo_authenticator(user):
    """An authenticator app with the public demo secret, as if set up, with a clean count of wrong codes."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(
        user=user,
        name=two_factor.AUTHENTICATOR_NAME,
        key=b32decode(DEMO_TOTP_SECRET).hex(),
        confirmed=True,
    )
