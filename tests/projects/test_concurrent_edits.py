"""Two people saving the same row at the same moment, against the real PostgreSQL."""

import threading

import pytest
from django.db import connection, connections

from projects.forms import RowChange
from projects.models import DeliverableStatus
from projects.services import CommitmentConflict, commitments_save
from tests.conftest import load_reference_data
from tests.factories import DeliverableFactory, DeliverableStatusFactory, UserFactory, borough

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def save_at_once(changes_by_user):
    """Run commitments_save for each (user, change) in its own thread, released together."""
    barrier = threading.Barrier(len(changes_by_user))
    outcomes = []

    def run(user, change):
        try:
            barrier.wait()
            commitments_save(changes=[change], by=user)
            outcomes.append(("saved", user))
        except CommitmentConflict:
            outcomes.append(("conflict", user))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in changes_by_user]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def change_for(status_or_deliverable, camden, state, version, changed=True):
    if isinstance(status_or_deliverable, DeliverableStatus):
        deliverable = status_or_deliverable.deliverable
        row = status_or_deliverable
    else:
        deliverable = status_or_deliverable
        row = DeliverableStatus(deliverable=deliverable, borough=camden)
    return RowChange(
        row=row,
        project_id=deliverable.project_id,
        lookup={"deliverable_id": deliverable.pk, "borough_id": camden.pk},
        values={"state": state},
        version=version,
        label=deliverable.name,
        changed=changed,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("row_exists", [True, False], ids=["existing row", "first save creates the row"])
def test_one_of_two_simultaneous_saves_wins_and_the_other_is_told(row_exists):
    load_reference_data()  # a transactional test starts from an emptied database
    camden = borough("camden")
    first, second = UserFactory(editor=True), UserFactory(cdio=True)
    deliverable = DeliverableFactory(name="GovWifi")
    version = 0
    if row_exists:
        status = DeliverableStatusFactory(deliverable=deliverable, borough=camden, state="not_started", version=1)
        version = 1
        source = status
    else:
        source = deliverable

    outcomes = save_at_once(
        [
            (first, change_for(source, camden, "done", version)),
            (second, change_for(source, camden, "in_progress", version)),
        ]
    )

    assert sorted(kind for kind, _ in outcomes) == ["conflict", "saved"]
    winner = next(user for kind, user in outcomes if kind == "saved")
    saved = DeliverableStatus.objects.get(deliverable=deliverable, borough=camden)
    assert saved.updated_by == winner
    assert saved.state == ("done" if winner == first else "in_progress")
    assert saved.version == version + 1
    assert saved.history.filter(history_user__in=[first, second]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_confirming_a_row_unchanged_at_the_same_moment_as_a_change_is_also_refused_once():
    """ "Confirm nothing has changed" saves the row too: it must not stamp a value its person never saw."""
    load_reference_data()
    camden = borough("camden")
    changer, checker = UserFactory(editor=True), UserFactory(cdio=True)
    status = DeliverableStatusFactory(deliverable=DeliverableFactory(name="GovWifi"), borough=camden, version=1)

    outcomes = save_at_once(
        [
            (changer, change_for(status, camden, "done", 1)),
            (checker, change_for(status, camden, "not_started", 1, changed=False)),
        ]
    )

    assert sorted(kind for kind, _ in outcomes) == ["conflict", "saved"]
    saved = DeliverableStatus.objects.get(pk=status.pk)
    assert saved.version == 2
    winner = next(user for kind, user in outcomes if kind == "saved")
    assert (saved.state, saved.updated_by) == ("done" if winner == changer else "not_started", winner)
