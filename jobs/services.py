"""Writes with side effects: contributions, moderation with its emails, suggestions and imports."""

from django.db import transaction

from jobs.emails import email_unproven_address, job_context
from jobs.models import JobDescription, SalaryBenchmark, Suggestion
from jobs.uploads import uploads_kept_only_if_committed

# Contributions -------------------------------------------------------------------


def job_description_contribute(*, fields, document=None, file_type="", confirm=True):
    """Store a contributed job description for moderation and acknowledge it by email.

    `document` is an upload that has passed jobs.uploads.check_upload; it is
    saved under a random name in the private uploads folder, and deleted
    again if the row never commits. `confirm` False sends no acknowledgement:
    the address or the client has had its share (jobs.antispam.confirmation_allowed).
    """
    with uploads_kept_only_if_committed(), transaction.atomic():
        jd = JobDescription(**fields, state=JobDescription.State.PENDING)
        if document is not None:
            jd.file_type, jd.file_size = file_type, document.size
            jd.file = document
        jd.save()
        JobDescription.objects.filter(pk=jd.pk).update_search_vectors()
    if confirm:
        email_unproven_address(
            "jobs/email/received.txt", "We have received your job description", jd.contributor_email, job_context(jd)
        )
    return jd


# Moderation ----------------------------------------------------------------------


@transaction.atomic
def job_description_publish(*, jd, by):
    jd.publish(by=by)
    jd.save()
    SalaryBenchmark.objects.rebuild_on_commit()
    email_unproven_address(
        "jobs/email/published.txt", "Your job description is in the LOTI library", jd.contributor_email, job_context(jd)
    )
    return jd


@transaction.atomic
def job_description_reject(*, jd, by, reason):
    jd.reject(by=by, reason=reason)
    jd.save()
    email_unproven_address(
        "jobs/email/rejected.txt",
        "We could not publish your job description",
        jd.contributor_email,
        {**job_context(jd), "reason": jd.rejection_reason},
    )
    return jd


@transaction.atomic
def job_description_withdraw(*, jd, by):
    """Take a job description out of the library (at its council's request, say). No email."""
    jd.withdraw(by=by)
    jd.save()
    SalaryBenchmark.objects.rebuild_on_commit()
    return jd


# Suggestions ---------------------------------------------------------------------


@transaction.atomic
def suggestion_submit(*, jd, body, name, email, confirm=True):
    suggestion = Suggestion.objects.create(job_description=jd, body=body, name=name, email=email.lower())
    if confirm:
        email_unproven_address(
            "jobs/email/suggestion_received.txt", "We have received your suggestion", suggestion.email, job_context(jd)
        )
    return suggestion


@transaction.atomic
def suggestion_approve(*, suggestion, by):
    suggestion.approve(by=by)
    suggestion.save()
    email_unproven_address(
        "jobs/email/suggestion_approved.txt",
        "Your suggestion is on the LOTI job description library",
        suggestion.email,
        job_context(suggestion.job_description),
    )
    return suggestion


@transaction.atomic
def suggestion_reject(*, suggestion, by, reason):
    suggestion.reject(by=by, reason=reason)
    suggestion.save()
    email_unproven_address(
        "jobs/email/suggestion_rejected.txt",
        "About your suggestion to the LOTI job description library",
        suggestion.email,
        {**job_context(suggestion.job_description), "reason": suggestion.rejection_reason},
    )
    return suggestion


# Import --------------------------------------------------------------------------


@transaction.atomic
def job_descriptions_import(*, rows, by, publish):
    """Create job descriptions from checked import rows (jobs.imports), all or none.

    Imported job descriptions are links the central team has gathered, so
    they may be published at once; no contributor is emailed.
    """
    created = []
    for fields in rows:
        jd = JobDescription(**fields, state=JobDescription.State.PENDING)
        jd._history_user = by
        jd.save()
        if publish:
            jd.publish(by=by)
            jd.save()
        created.append(jd)
    JobDescription.objects.filter(pk__in=[jd.pk for jd in created]).update_search_vectors()
    if publish:
        SalaryBenchmark.objects.rebuild_on_commit()  # once for the whole file
    return created
