"""Names reach email greetings and headers: a line break in one is refused, in the admin too (issue 14, item 9)."""

import pytest
from django.core import mail

from boroughs.models import User
from tests.factories import borough

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_inviting_someone_with_a_line_break_in_a_name_is_refused(central_client, field):
    data = {
        "email": "new.person@camden.example",
        "first_name": "New",
        "last_name": "Person",
        "borough": borough("camden").pk,
        "role": "editor",
        field: "New\r\nBcc: everyone@camden.example",
    }
    response = central_client.post("/admin/boroughs/user/add/", data)
    assert response.status_code == 200  # the admin shows the form again
    assert "must be on one line: remove the line breaks" in response.text
    assert not User.objects.filter(email="new.person@camden.example").exists()
    assert mail.outbox == []
