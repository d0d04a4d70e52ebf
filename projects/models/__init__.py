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
    project_audience,
)
from projects.models.status import CommitmentSummary
from projects.models.tasks import TaskSummary

__all__ = [
    "Agreement",
    "CommitmentSummary",
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
    "TaskSummary",
    "Theme",
    "project_audience",
]
