"""The text index: event_terms (word, event), filled from the evidence of each event's mentions.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tacitus.store.models import TERM_LEN, search_terms

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TERM_T = sa.String(length=TERM_LEN).with_variant(sa.String(length=TERM_LEN, collation="C"), "postgresql")
JSON_T = sa.JSON()


def upgrade() -> None:
    op.create_table('event_terms',
    sa.Column('term', TERM_T, nullable=False),
    sa.Column('event_id', sa.String(length=24), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_terms_event_id_events'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('term', 'event_id', name=op.f('pk_event_terms'))
    )
    with op.batch_alter_table('event_terms', schema=None) as batch_op:
        batch_op.create_index('ix_event_terms_event_id_term', ['event_id', 'term'], unique=False)
    # Index the events a database already holds, one event at a time (memory stays flat).
    conn = op.get_bind()
    mentions = sa.table('mentions', sa.column('event_id', sa.String), sa.column('record', JSON_T))
    terms = sa.table('event_terms', sa.column('term', sa.String), sa.column('event_id', sa.String))
    current: str | None = None
    texts: list[str] = []

    def flush() -> None:
        if current is not None:
            words = sorted(search_terms(texts))
            if words:
                conn.execute(sa.insert(terms), [{"term": w, "event_id": current} for w in words])

    rows = conn.execute(sa.select(mentions.c.event_id, mentions.c.record)
                        .where(mentions.c.event_id.is_not(None)).order_by(mentions.c.event_id)
                        .execution_options(stream_results=True, yield_per=1000))  # this statement only
    for eid, rec in rows:
        if eid != current:
            flush()
            current, texts = eid, []
        for e in (rec or {}).get("evidence") or []:
            if isinstance(e, dict):
                texts.append(str(e.get("text") or ""))
    flush()


def downgrade() -> None:
    with op.batch_alter_table('event_terms', schema=None) as batch_op:
        batch_op.drop_index('ix_event_terms_event_id_term')
    op.drop_table('event_terms')
