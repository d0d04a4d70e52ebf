class IdConverter:
    """Like Django's `int`, but at most 9 digits.

    A longer number would overflow the database's integer columns and turn a
    mangled address into a server error instead of a 404.
    """

    regex = "[0-9]{1,9}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
