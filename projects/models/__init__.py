from projects.models.commitments import (
    Agreement,
    Deliverable,
    DeliverableStatus,
    Measure,
    MeasureContribution,
    Signatory,
)
from projects.models.portfolio import (
    Follow,
    Health,
    Participation,
    Phase,
    Project,
    ProjectUpdate,
    StaleReminder,
    Theme,
)

__all__ = [
    "Agreement",
    "Deliverable",
    "DeliverableStatus",
    "Follow",
    "Health",
    "Measure",
    "MeasureContribution",
    "Participation",
    "Phase",
    "Project",
    "ProjectUpdate",
    "Signatory",
    "StaleReminder",
    "Theme",
]
