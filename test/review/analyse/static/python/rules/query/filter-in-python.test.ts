import { linesOf, py } from '../../review-python.js';

const RULE = 'filter-in-python';

describe(RULE, () => {
  it('flags a whole-table load filtered by a comprehension or a loop', async () => {
    const src = py`
      from sqlalchemy import select
      from app.models import AuditEvent

      async def document_audit(db, doc_id: int):
          events = (await db.scalars(select(AuditEvent).order_by(AuditEvent.created_at))).all()
          events = [e for e in events if e.document_id == doc_id]
          return events[:200]

      def active(sb):
          rows = sb.table("members").select("*").execute().data
          out = []
          for r in rows:
              if r["team_id"] != 3:
                  continue
              out.append(r)
          return out
    `;
    expect(await linesOf(RULE, 'app/services/audit.py', src)).toEqual([5, 10]);
  });

  it('does not flag filtered queries or transformations without a condition', async () => {
    const src = py`
      from sqlalchemy import select
      from app.models import AuditEvent

      async def ok(db, doc_id: int):
          events = (await db.scalars(select(AuditEvent).where(AuditEvent.document_id == doc_id))).all()
          recent = [e for e in events if e.created_at]
          rows = (await db.scalars(select(AuditEvent).limit(100))).all()
          return [e.id for e in rows], recent
    `;
    expect(await linesOf(RULE, 'app/services/audit.py', src)).toEqual([]);
  });
});
