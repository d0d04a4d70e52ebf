import pytest
pytestmark = pytest.mark.e2e
@pytest.mark.parametrize("n", [1, 2])
def test_dbg(page, n, request):
    from django.db import connection
    from boroughs.models import Borough
    print("FIX", request.fixturenames)
    print("SER", hasattr(connection, "_test_serialized_contents"))
    print("COUNT", n, Borough.objects.count())
