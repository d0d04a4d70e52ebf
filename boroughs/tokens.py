from django.contrib.auth.tokens import PasswordResetTokenGenerator


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Set-password links in invitation emails.

    Like a password reset token, it is single use: it stops working as soon as
    the password is set or the person signs in. Its own salt keeps invitation
    and reset links apart, so neither page accepts the other's link.
    """

    key_salt = "boroughs.tokens.InvitationTokenGenerator"


invitation_token_generator = InvitationTokenGenerator()
