"""subscriptions keep a pause's first day and an availability's last day

「明天不接活」 pauses tomorrow only (paused_from), 「下周有空」 is free all next week
(available_until).

Revision ID: 0006_subscribe
Revises: 0005_spine
Create Date: 2026-12-06 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006_subscribe'
down_revision: str | None = '0005_spine'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('subscription', schema=None) as batch_op:
        batch_op.add_column(sa.Column('available_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('paused_from', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('subscription', schema=None) as batch_op:
        batch_op.drop_column('paused_from')
        batch_op.drop_column('available_until')
