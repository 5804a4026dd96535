"""Read-only views of the state for officers and checks (``lingong jobs --json``)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from storage.models import Claim, Job, Person

PUBLIC_STATUS = {"draft": "open", "held": "open"}


def jobs_json(session: Session) -> list[dict[str, Any]]:
    """One object per job, as the chat-script contract specifies."""
    names = {p.id: p.name for p in session.exec(select(Person))}
    cancelled = set(session.exec(select(Job.id).where(Job.status == "cancelled")))
    # One claim per person and job: the live one, else the latest. Someone who withdrew and
    # signed up again has a place, not a place and a withdrawal; two accounts merged into one
    # person keep the place, not the duplicate claim that went.
    claims: dict[int, dict[int, dict[str, Any]]] = {}
    for claim in session.exec(select(Claim).order_by(col(Claim.id))):
        # A claim on a job taken down is over, whatever it was.
        over = claim.status == "no_show" or claim.job_id in cancelled
        status = "cancelled" if over else claim.status
        mine = claims.setdefault(claim.job_id, {})
        held = mine.get(claim.person_id)
        if held is not None and held["status"] != "cancelled" and status == "cancelled":
            continue
        mine[claim.person_id] = {"person": names.get(claim.person_id, "?"),
                                 "count": claim.count, "status": status}
    out = []
    for job in session.exec(select(Job).order_by(col(Job.id))):
        assert job.id is not None
        out.append(
            {
                "id": job.id,
                "work_type": job.work_type,
                "headcount": job.headcount,
                # The chat-script contract's four states; ``state`` says draft or held.
                "status": PUBLIC_STATUS.get(job.status, job.status),
                "township": job.township,
                "village": job.village,
                "start_date": job.start_date.isoformat() if job.start_date else None,
                "wage_min": job.wage_min,
                "wage_max": job.wage_max,
                "wage_unit": job.wage_unit,
                "poster": names.get(job.poster_id, "?"),
                "claims": list(claims.get(job.id, {}).values()),
                "state": job.status,
            }
        )
    return out
