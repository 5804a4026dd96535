"""job.exposure_id: the 曝光台 entry whose phone held a post (was hold_reason 曝光台:<id>)

Revision ID: 0010_job_exposure
Revises: 0009_exposure
Create Date: 2026-12-06 15:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010_job_exposure'
down_revision: str | None = '0009_exposure'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PREFIX = "曝光台:"  # how a post held for its phone was marked before this column

job = sa.table("job", sa.column("id", sa.Integer()), sa.column("hold_reason", sa.String()),
               sa.column("exposure_id", sa.Integer()))


def upgrade() -> None:
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('exposure_id', sa.Integer(), nullable=True))
    # The rows are read and written one by one in Python: casting the text after the prefix
    # is spelled differently on SQLite and PostgreSQL, and these are a handful of held posts.
    conn = op.get_bind()
    rows = conn.execute(sa.select(job.c.id, job.c.hold_reason).where(
        job.c.hold_reason.like(PREFIX + "%"))).all()
    for job_id, reason in rows:
        number = reason.removeprefix(PREFIX)
        if number.isdigit():  # always, as written; anything else stays as it was
            conn.execute(job.update().where(job.c.id == job_id).values(
                exposure_id=int(number), hold_reason=None))


def downgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.select(job.c.id, job.c.exposure_id).where(
        job.c.exposure_id.is_not(None))).all()
    for job_id, entry_id in rows:
        conn.execute(job.update().where(job.c.id == job_id).values(
            hold_reason=f"{PREFIX}{entry_id}"))
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_column('exposure_id')
