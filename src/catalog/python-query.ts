import { section } from './section.js';

/** Python rules of the query category: how the ORM and the Supabase client are used. */
export const PYTHON_QUERY = section('python', {
  'n-plus-one-in-loop': {
    category: 'query',
    severity: 'medium',
    title: 'Query inside a loop over query results (N+1)',
    rationale:
      'Running one query per row of a previous result turns one request into N+1 database (or PostgREST) round trips: ' +
      'latency grows with the page size and the pool is held for the whole loop. Load the related rows in one go: ' +
      '`selectinload` / `joinedload`, a single `WHERE id IN (...)` / `= ANY($1)` query grouped in Python, a join or ' +
      'an embedded select / view / RPC for Supabase.',
    anchors: ['SQLAlchemy docs: relationship loading techniques', 'semgrep batch-import', 'Supabase docs: embedded resources'],
    plan: { service: 4, performance: 1 },
    examples: {
      bad: `
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def history(db: AsyncSession):
            orders = (await db.scalars(select(Order).limit(20))).all()
            out = []
            for order in orders:
                items = (await db.scalars(select(OrderItem).where(OrderItem.order_id == order.id))).all()
                out.append((order, items))
            return out`,
      good: `
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession
        from sqlalchemy.orm import selectinload

        async def history(db: AsyncSession):
            stmt = select(Order).options(selectinload(Order.items)).limit(20)
            return [(order, order.items) for order in (await db.scalars(stmt)).all()]`,
    },
  },
  'orm-unindexed-foreign-key': {
    category: 'query',
    severity: 'medium',
    title: 'Foreign key column without an index in an ORM model',
    rationale:
      'PostgreSQL indexes the referenced primary key, never the referencing column. A `ForeignKey(...)` / SQLModel ' +
      '`Field(foreign_key=...)` column without `index=True` makes every join and filter on it (loading the children ' +
      'of a parent, `selectinload`, ownership checks) a scan of the child table, and every delete of a parent row ' +
      '(and every ON DELETE CASCADE) scans it too. Declare `index=True`, or lead an `Index` / unique constraint with ' +
      'the column; Alembic autogenerate then creates the index in the migration. A key of a model the application ' +
      'queries, but never by that key (no filter, join or read collection on it), is not reported.',
    anchors: ['splinter 0001 unindexed_foreign_keys', 'PostgreSQL docs: 5.5.5 Foreign Keys (indexing the referencing columns)', 'SQLAlchemy docs: Column.index'],
    plan: { performance: 6 },
    examples: {
      bad: `
        from sqlalchemy import ForeignKey
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

        class Base(DeclarativeBase):
            pass

        class Review(Base):
            __tablename__ = "reviews"
            id: Mapped[int] = mapped_column(primary_key=True)
            book_id: Mapped[int] = mapped_column(ForeignKey("books.id"))`,
      good: `
        from sqlalchemy import ForeignKey
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

        class Base(DeclarativeBase):
            pass

        class Review(Base):
            __tablename__ = "reviews"
            id: Mapped[int] = mapped_column(primary_key=True)
            book_id: Mapped[int] = mapped_column(ForeignKey("books.id"), index=True)`,
    },
  },
  'unbounded-select': {
    category: 'query',
    severity: 'medium',
    title: 'List endpoint returns every row',
    rationale:
      'A list route that returns `.scalars().all()`, `session.query(X).all()` or a PostgREST `select` with no `limit` ' +
      '/ `range` returns the whole (filtered) table: response size, memory and latency grow with the data until ' +
      'requests time out. Paginate with `limit` / `offset` (or keyset pagination) and a bounded page size, e.g. ' +
      '`limit: Annotated[int, Query(le=100)] = 20`, or `.range(start, end)` for Supabase.',
    anchors: ['FastAPI SQL databases tutorial (offset / limit)', 'semgrep len-all-count', 'Supabase docs: range()'],
    plan: { service: 5, performance: 2 },
    examples: {
      bad: `
        from fastapi import APIRouter, Depends
        from sqlalchemy import select

        router = APIRouter()

        @router.get("/audit-events")
        async def events(db=Depends()):
            result = await db.execute(select(AuditEvent).order_by(AuditEvent.created_at.desc()))
            return result.scalars().all()`,
      good: `
        from fastapi import APIRouter, Depends
        from sqlalchemy import select

        router = APIRouter()

        @router.get("/audit-events")
        async def events(limit: int = 50, offset: int = 0, db=Depends()):
            stmt = select(AuditEvent).order_by(AuditEvent.created_at.desc()).limit(min(limit, 200)).offset(offset)
            return (await db.execute(stmt)).scalars().all()`,
    },
  },
  'filter-in-python': {
    category: 'query',
    severity: 'medium',
    title: 'Whole table loaded, then filtered in Python',
    rationale:
      'Selecting every row and keeping the matching ones in a comprehension or loop transfers and materialises the ' +
      'whole table on every request, and ignores the indexes the database would use. Put the conditions (and the ' +
      'limit) in the query: `.where(...)`, `.eq(...)`, or a `WHERE` clause with bound parameters.',
    anchors: ['SQLAlchemy ORM querying guide (WHERE)', 'Supabase docs: filters'],
    examples: {
      bad: `
        from sqlalchemy import select

        async def document_audit(db, doc_id: int):
            events = (await db.scalars(select(AuditEvent).order_by(AuditEvent.created_at))).all()
            return [e for e in events if e.document_id == doc_id]`,
      good: `
        from sqlalchemy import select

        async def document_audit(db, doc_id: int):
            stmt = select(AuditEvent).where(AuditEvent.document_id == doc_id).order_by(AuditEvent.created_at)
            return (await db.scalars(stmt)).all()`,
    },
  },
  'sqla-async-implicit-lazy-load': {
    category: 'query',
    severity: 'high',
    title: 'Lazy-loaded relationship touched in async code',
    rationale:
      'Under `AsyncSession`, touching a relationship that was not loaded eagerly triggers implicit I/O, which raises ' +
      '`MissingGreenlet` (or, with greenlet shims, issues one query per object: N+1 inside loops). Load it with the ' +
      'query: `.options(selectinload(Parent.children), joinedload(Child.parent))`, set `lazy="selectin"` / ' +
      '`lazy="raise"` on the relationship, or use `await obj.awaitable_attrs.rel`.',
    anchors: ['SQLAlchemy docs: Preventing Implicit IO when Using AsyncSession', 'SQLAlchemy docs: relationship loading techniques'],
    examples: {
      bad: `
        from sqlalchemy import ForeignKey, select
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

        class Base(DeclarativeBase):
            pass

        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
            email: Mapped[str]

        class Project(Base):
            __tablename__ = "projects"
            id: Mapped[int] = mapped_column(primary_key=True)
            owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
            owner: Mapped[User] = relationship()

        async def owner_email(db, project_id: int) -> str:
            project = await db.scalar(select(Project).where(Project.id == project_id))
            return project.owner.email`,
      good: `
        from sqlalchemy import ForeignKey, select
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload

        class Base(DeclarativeBase):
            pass

        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
            email: Mapped[str]

        class Project(Base):
            __tablename__ = "projects"
            id: Mapped[int] = mapped_column(primary_key=True)
            owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
            owner: Mapped[User] = relationship()

        async def owner_email(db, project_id: int) -> str:
            project = await db.scalar(select(Project).options(selectinload(Project.owner)).where(Project.id == project_id))
            return project.owner.email`,
    },
  },
  'select-star': {
    category: 'query',
    severity: 'low',
    title: 'SELECT * in raw SQL',
    rationale:
      '`SELECT *` in hand-written SQL fetches every column (large text / JSON columns included), defeats index-only ' +
      'scans and silently changes what the endpoint returns or exports when a column is added (including sensitive ' +
      'ones). List the columns the code needs.',
    anchors: ['SQLFluff AM04', 'sqruff AM04'],
    plan: { performance: 3 },
    examples: {
      bad: `
        from sqlalchemy import text

        async def export(db, pid: int):
            return (await db.execute(text("SELECT * FROM tasks WHERE project_id = :pid"), {"pid": pid})).all()`,
      good: `
        from sqlalchemy import text

        async def export(db, pid: int):
            return (await db.execute(text("SELECT id, title, status FROM tasks WHERE project_id = :pid"), {"pid": pid})).all()`,
    },
  },
  'count-by-loading-rows': {
    category: 'query',
    severity: 'medium',
    title: 'Rows loaded only to be counted',
    rationale:
      '`len(session.scalars(select(X)).all())` (or `len(response.data)` of an unlimited PostgREST select) transfers ' +
      'and materialises every matching row just to count them. Ask the database: ' +
      '`select(func.count()).select_from(...)`, `SELECT count(*)`, or `.select("id", count="exact", head=True)` with ' +
      'supabase.',
    anchors: ['semgrep sqlalchemy len-all-count', 'SQLAlchemy docs: func.count'],
    examples: {
      bad: `
        from sqlalchemy import select

        async def stats(db, shop_id: int):
            orders = (await db.scalars(select(Order).where(Order.shop_id == shop_id))).all()
            return {"orders": len(orders)}`,
      good: `
        from sqlalchemy import func, select

        async def stats(db, shop_id: int):
            return {"orders": await db.scalar(select(func.count()).select_from(Order).where(Order.shop_id == shop_id))}`,
    },
  },
});
