from jobs.models.descriptions import JobDescription, LondonWeighting, ModerationError, Suggestion
from jobs.models.roles import Level, Role, RoleFamily
from jobs.models.salaries import SalaryBenchmark
from jobs.models.throttle import FormSubmission
from jobs.models.vacancies import Vacancy

__all__ = [
    "FormSubmission",
    "JobDescription",
    "Level",
    "LondonWeighting",
    "ModerationError",
    "Role",
    "RoleFamily",
    "SalaryBenchmark",
    "Suggestion",
    "Vacancy",
]
