"""The shapes of the API's responses, which the OpenAPI document publishes.

Conventions: ids and slugs never change; dates are ISO 8601 (times with
their offset); money is whole pounds with its currency named; choices are
stable codes (their labels are on the HTML pages and in /api/).
"""

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

Area = Literal["inner", "outer"]
CouncilArea = Literal["inner", "outer", "elsewhere"]


class Links(Schema):
    html: str = Field(description="The same record's page on the portal.")


class TopLinks(Links):
    licence: str = Field(description="The licence the data is published under: Open Government Licence v3.0.")
    csv: str | None = Field(None, description="The same data as CSV, where there is a download.")
    atom: str | None = Field(None, description="An Atom feed of new records, where there is one.")


class Page(Schema):
    count: int = Field(description="How many records match, on every page together.")
    next: str | None = Field(description="The next page's address, or null on the last page.")
    previous: str | None = Field(description="The previous page's address, or null on the first page.")
    links: TopLinks


class ProblemDetails(Schema):
    """RFC 9457 problem details: every error the API gives has this shape."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[dict] | None = Field(None, description="For invalid parameters: each parameter and what was wrong.")


# Boroughs --------------------------------------------------------------------------


class BoroughRef(Schema):
    slug: str
    name: str


class Borough(BoroughRef):
    official_name: str
    gss_code: str = Field(description="The Government Statistical Service code, E09000001 to E09000033.")
    area: Area
    is_member: bool = Field(description="Whether the borough is a LOTI member.")
    member_since: date | None
    website: str | None
    links: Links


class BoroughPage(Page):
    results: list[Borough]


class BoroughDetail(Borough):
    links: TopLinks


# Projects ---------------------------------------------------------------------------

Phase = Literal["discovery", "alpha", "beta", "live", "closed"]
Health = Literal["on_track", "at_risk", "off_track"]
ParticipationRole = Literal["lead", "participant", "observer"]
ParticipationStatus = Literal["not_started", "in_progress", "done", "blocked"]


class Theme(Schema):
    slug: str
    name: str


class BoroughPart(Schema):
    borough: BoroughRef
    role: ParticipationRole
    status: ParticipationStatus = Field(description="Worked out from the borough's commitments where it has any.")


class Project(Schema):
    slug: str
    title: str
    summary: str
    theme: Theme
    phase: Phase
    health: Health
    lead_borough: BoroughRef | None
    started_on: date | None
    ends_on: date | None
    last_updated_at: datetime
    boroughs: list[BoroughPart]
    links: Links


class ProjectPage(Page):
    results: list[Project]


class DeliverableState(Schema):
    deliverable: str
    state: Literal["not_started", "in_progress", "done"]


class Pledge(Schema):
    measure: str
    unit: str
    value: int


class Signature(Schema):
    agreement: str
    state: Literal["invited", "reviewing", "signed", "declined"]
    signed_on: date | None


class BoroughCommitments(BoroughPart):
    note: str
    last_changed_at: datetime | None
    deliverables: list[DeliverableState]
    pledges: list[Pledge]
    signatures: list[Signature]


class MeasureProgress(Schema):
    name: str
    unit: str
    target: int
    total: int
    due_on: date | None


class Party(Schema):
    name: str
    borough: BoroughRef | None
    state: Literal["invited", "reviewing", "signed", "declined"]
    signed_on: date | None


class Agreement(Schema):
    title: str
    kind: str
    opened_on: date
    document_url: str | None
    parties: list[Party]


class Update(Schema):
    title: str
    body: str = Field(description="Markdown, as posted.")
    phase: Phase
    health: Health
    published_at: datetime


class ProjectDetail(Schema):
    slug: str
    title: str
    summary: str
    description: str = Field(description="Markdown.")
    theme: Theme
    phase: Phase
    health: Health
    lead_borough: BoroughRef | None
    started_on: date | None
    ends_on: date | None
    website: str | None
    last_updated_at: datetime
    boroughs: list[BoroughCommitments]
    measures: list[MeasureProgress]
    agreements: list[Agreement]
    updates: list[Update] = Field(description="The 20 latest, newest first.")
    links: TopLinks


# OKRs --------------------------------------------------------------------------------


class CheckIn(Schema):
    checked_on: date
    value: float
    confidence: Literal["low", "medium", "high"]
    comment: str


class KeyResult(Schema):
    number: int
    title: str
    description: str
    status: Literal["not_started", "on_track", "at_risk", "done", "dropped"]
    unit: str
    progress: float = Field(description="The latest check-in, or the linked project measure's total.")
    target: float
    automatic: bool = Field(description="Fed by a project measure rather than by check-ins.")
    lead_borough: BoroughRef | None
    supporting_boroughs: list[BoroughRef]
    project: str | None = Field(description="The slug of the public project it belongs to, if any.")
    check_ins: list[CheckIn]
    links: Links


class Objective(Schema):
    title: str
    key_results: list[KeyResult]


class Quarter(Schema):
    year: int = Field(description="LOTI's year: Year 1 began on 16 July 2019.")
    number: int
    heading: str
    starts_on: date
    ends_on: date
    links: Links


class QuarterPage(Page):
    results: list[Quarter]


class QuarterDetail(Quarter):
    introduction: str
    objectives: list[Objective]
    links: TopLinks


# Jobs --------------------------------------------------------------------------------


class RoleRef(Schema):
    slug: str
    name: str
    family: str


class Salary(Schema):
    minimum: int
    maximum: int
    currency: Literal["GBP"] = "GBP"
    london_weighting: Literal["included", "on_top", "none"]


class File(Schema):
    type: Literal["pdf", "docx", "odt"]
    size: int = Field(description="Bytes.")
    url: str


class JobDescription(Schema):
    id: int
    title: str
    role: RoleRef
    council: str
    borough: BoroughRef | None
    area: CouncilArea
    based_on: str | None
    grade: str | None
    salary: Salary
    advertised_on: date
    published_at: datetime
    summary: str
    file: File | None
    external_url: str | None
    links: Links


class JobDescriptionPage(Page):
    results: list[JobDescription]


class JobDescriptionDetail(JobDescription):
    links: TopLinks


class Benchmark(Schema):
    count: int
    minimum: int
    lower_quartile: int
    median: int
    upper_quartile: int
    maximum: int
    currency: Literal["GBP"] = "GBP"


class Benchmarks(Schema):
    """Each published job description counts once, at the midpoint of its range; null where there are none."""

    all: Benchmark | None
    inner: Benchmark | None
    outer: Benchmark | None
    elsewhere: Benchmark | None


class Role(Schema):
    slug: str
    name: str
    family: str
    level: Literal["entry", "practitioner", "senior", "lead", "head"]
    summary: str
    ddat_role: str | None
    ddat_level: str | None
    benchmarks: Benchmarks
    links: Links


class RolePage(Page):
    results: list[Role]


class RoleDetail(Role):
    links: TopLinks


class Vacancy(Schema):
    id: int
    title: str
    role: RoleRef
    council: str
    borough: BoroughRef | None
    area: CouncilArea
    grade: str | None
    salary: Salary
    summary: str
    apply_url: str
    posted_on: date
    closing_on: date
    job_description: int | None = Field(description="The id of the job description in the library, if it is there.")
    links: Links


class VacancyPage(Page):
    results: list[Vacancy]


class VacancyDetail(Vacancy):
    links: TopLinks


# Ideas --------------------------------------------------------------------------------


class Result(Schema):
    rank: int
    tied: bool
    title: str
    theme: str
    borough: BoroughRef | None = Field(description="The borough it came from; null for the LOTI central team.")
    votes: int
    outcome: Literal["selected", "not_progressed", "to_be_decided"]
    project: str | None = Field(description="The slug of the public project it became, if any.")


class IdeaCall(Schema):
    slug: str
    title: str
    workshop_on: date
    voting_closed_at: datetime
    votes_per_borough: int
    results: list[Result]
    links: Links


class IdeaCallPage(Page):
    results: list[IdeaCall]


class IdeaCallDetail(IdeaCall):
    links: TopLinks
