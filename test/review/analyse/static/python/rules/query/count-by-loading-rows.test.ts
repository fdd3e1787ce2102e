import { linesOf, py } from '../../review-python.js';

const RULE = 'count-by-loading-rows';

describe(RULE, () => {
  it('flags len() of a whole result loaded only to count it', async () => {
    const src = py`
      from sqlalchemy import select
      from app.models import Order

      async def stats(db, shop_id: int):
          orders = (await db.scalars(select(Order).where(Order.shop_id == shop_id))).all()
          return {"orders": len(orders)}

      def supa_stats(sb):
          return len(sb.table("orders").select("id").execute().data)
    `;
    expect(await linesOf(RULE, 'app/services/stats.py', src)).toEqual([6, 9]);
  });

  it('flags len() of a relationship collection loaded only to count it, not a dynamic one, a scalar one, one its module also walks, or a property of the model itself', async () => {
    const models = py`
      from sqlalchemy import ForeignKey, Integer, String
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

      class Base(DeclarativeBase):
          pass

      class IndexAttempt(Base):
          __tablename__ = "index_attempt"
          id: Mapped[int] = mapped_column(Integer, primary_key=True)
          error_rows: Mapped[list["IndexAttemptError"]] = relationship("IndexAttemptError", back_populates="attempt")
          logs = relationship("AttemptLog", lazy="dynamic")
          owner = relationship("User")
          warnings = relationship("IndexAttemptError", cascade="all, delete-orphan")
          last_error = relationship("IndexAttemptError", uselist=False)

          @property
          def error_count(self) -> int:
              return len(self.error_rows)

      class IndexAttemptError(Base):
          __tablename__ = "index_attempt_errors"
          id: Mapped[int] = mapped_column(Integer, primary_key=True)
          index_attempt_id: Mapped[int] = mapped_column(ForeignKey("index_attempt.id"))
          attempt: Mapped[IndexAttempt] = relationship("IndexAttempt", back_populates="error_rows")
    `;
    const src = py`
      from pydantic import BaseModel
      from app.models import IndexAttempt

      class Snapshot(BaseModel):
          id: int
          error_count: int

          @classmethod
          def from_db(cls, attempt: IndexAttempt) -> "Snapshot":
              return cls(id=attempt.id, error_count=len(attempt.error_rows))

      def counts(attempt: IndexAttempt) -> dict:
          return {"logs": len(attempt.logs), "warnings": len(attempt.warnings), "last": len(attempt.last_error)}
    `;
    expect(await linesOf(RULE, 'app/schemas.py', src, { 'app/models.py': models })).toEqual([10, 13]);
    // A module that walks the collection as well loads it for that work: the count costs no query of its own.
    const report = py`
      from app.models import IndexAttempt

      def review_hours(attempt: IndexAttempt) -> float:
          return len(attempt.error_rows) * 0.5

      def error_ids(attempt: IndexAttempt) -> list[int]:
          return [e.id for e in attempt.error_rows]
    `;
    expect(await linesOf(RULE, 'app/report.py', report, { 'app/models.py': models })).toEqual([]);
    // The model's own property: the query that loaded the object decides whether the rows came with it.
    expect(await linesOf(RULE, 'app/models.py', models)).toEqual([]);
  });

  it('does not flag counting rows that are also used, a paginated page or a SQL count', async () => {
    const src = py`
      from sqlalchemy import func, select
      from app.models import Order

      async def page(db):
          orders = (await db.scalars(select(Order).limit(20))).all()
          everything = (await db.scalars(select(Order))).all()
          total = await db.scalar(select(func.count()).select_from(Order))
          return {"items": everything, "n": len(everything), "page": len(orders), "total": total}

      def purge(sb, cutoff: str) -> int:
          resp = sb.table("tasks").delete().lt("completed_at", cutoff).execute()
          return len(resp.data)
    `;
    expect(await linesOf(RULE, 'app/services/page.py', src)).toEqual([]);
  });

  it('does not flag counting one person\'s own rows (their memberships), only a list that grows with the table', async () => {
    const src = py`
      from sqlalchemy import select
      from app.models import Membership

      async def is_first_org(db, user_id: int) -> bool:
          mine = (await db.scalars(select(Membership).where(Membership.user_id == user_id))).all()
          return len(mine) == 0

      async def members_of(db, org_id: int) -> int:
          members = (await db.scalars(select(Membership).where(Membership.org_id == org_id))).all()
          return len(members)
    `;
    expect(await linesOf(RULE, 'app/services/orgs.py', src)).toEqual([10]);
  });
});
