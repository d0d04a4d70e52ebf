"""Work about accounts that the task worker does, away from any request."""

from urllib.parse import urlsplit

from django.conf import settings
from django.tasks import task

from boroughs.forms import EmailPasswordResetForm


@task
def password_reset_send(*, email):
    """Email a reset link to the active account with this address, if there is one.

    Queued by the password reset view once its answer has gone, so that
    looking the account up, making its token and rendering the email never
    happen inside the request. The link is built from SITE_URL, never from the
    Host a request named.
    """
    form = EmailPasswordResetForm({"email": email})
    if not form.is_valid():
        return
    site = urlsplit(settings.SITE_URL)
    form.save(
        domain_override=site.netloc,
        use_https=site.scheme == "https",
        email_template_name="registration/password_reset_email.txt",
        subject_template_name="registration/password_reset_subject.txt",
    )
