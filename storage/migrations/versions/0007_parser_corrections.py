"""parser corrections: each field a poster corrected on a job card

Revision ID: 0007_parser
Revises: 0006_subscribe
Create Date: 2026-12-06 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.models

revision: str = '0007_parser'
down_revision: str | None = '0006_subscribe'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'parsercorrection',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('job_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('field_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('old_value', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('new_value', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('said', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('created_at', storage.models.AwareDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['job_id'], ['job.id'], ),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('parsercorrection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parsercorrection_job_id'), ['job_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_parsercorrection_person_id'), ['person_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_parsercorrection_field_name'), ['field_name'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_parsercorrection_created_at'), ['created_at'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('parsercorrection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parsercorrection_created_at'))
        batch_op.drop_index(batch_op.f('ix_parsercorrection_field_name'))
        batch_op.drop_index(batch_op.f('ix_parsercorrection_person_id'))
        batch_op.drop_index(batch_op.f('ix_parsercorrection_job_id'))
    op.drop_table('parsercorrection')
