import { linesOf, py } from '../review-python.js';

const RULE = 'n-plus-one-in-loop';

describe(RULE, () => {
  it('flags a SQLAlchemy query per row, an asyncpg query per row and a PostgREST call per row', async () => {
    const src = py`
      import asyncpg
      from fastapi import Depends
      from sqlalchemy import select
      from sqlalchemy.ext.asyncio import AsyncSession
      from supabase import Client
      from app.models import Order, OrderItem

      async def history(db: AsyncSession):
          orders = (await db.scalars(select(Order).limit(20))).all()
          out = []
          for order in orders:
              items = (await db.scalars(select(OrderItem).where(OrderItem.order_id == order.id))).all()
              out.append((order, items))
          return out

      async def widgets(pool: asyncpg.Pool, dash_id: int):
          async with pool.acquire() as conn:
              rows = await conn.fetch("SELECT id, metric FROM widgets WHERE dashboard_id = $1", dash_id)
              return [await conn.fetchval("SELECT avg(v) FROM points WHERE metric = $1", r["metric"]) for r in rows]

      def projects(db: Client, org: str):
          projects = db.table("projects").select("id").eq("org_id", org).limit(50).execute().data
          for p in projects:
              p["open"] = db.table("tasks").select("id", count="exact").eq("project_id", p["id"]).execute().count
          return projects
    `;
    expect(await linesOf(RULE, 'app/routers/x.py', src)).toEqual([12, 19, 24]);
  });

  it('flags a lazy relationship read per row in sync code, not an eager-loaded one', async () => {
    const models = py`
      from sqlalchemy import ForeignKey
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

      class Base(DeclarativeBase):
          pass

      class Customer(Base):
          __tablename__ = "customers"
          id: Mapped[int] = mapped_column(primary_key=True)
          name: Mapped[str]

      class Order(Base):
          __tablename__ = "orders"
          id: Mapped[int] = mapped_column(primary_key=True)
          customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
          customer: Mapped[Customer] = relationship()
    `;
    const src = py`
      from sqlalchemy import select
      from sqlalchemy.orm import Session, joinedload
      from app.models import Order

      def report(db: Session):
          orders = db.scalars(select(Order).limit(100)).all()
          return [(o.id, o.customer.name) for o in orders]

      def report_ok(db: Session):
          orders = db.scalars(select(Order).options(joinedload(Order.customer)).limit(100)).all()
          return [(o.id, o.customer.name) for o in orders]
    `;
    expect(await linesOf(RULE, 'app/services/report.py', src, { 'app/models.py': models })).toEqual([7]);
  });

  it('does not flag batched writes over input, loops over ranges, or one IN query', async () => {
    const src = py`
      from sqlalchemy import select
      from sqlalchemy.ext.asyncio import AsyncSession
      from app.models import Bookmark, Order, OrderItem

      async def import_urls(db: AsyncSession, urls: list[str]):
          for start in range(0, len(urls), 200):
              db.add_all([Bookmark(url=u) for u in urls[start : start + 200]])
              await db.flush()
          for url in urls:
              db.add(Bookmark(url=url))
          await db.commit()

      async def history(db: AsyncSession):
          orders = (await db.scalars(select(Order).limit(20))).all()
          ids = [o.id for o in orders]
          items = (await db.scalars(select(OrderItem).where(OrderItem.order_id.in_(ids)))).all()
          return orders, items
    `;
    expect(await linesOf(RULE, 'app/services/ok.py', src)).toEqual([]);
  });

  it('flags a query per row of a comprehension that keeps query rows, or of rows from a repository', async () => {
    const repo = py`
      async def in_region(pool, region: str):
          return await pool.fetch("SELECT id FROM customers WHERE region = $1", region)
    `;
    const src = py`
      from sqlmodel import Session, func, select
      from app import repo
      from app.models import Booking, GymClass

      def timetable(session: Session, studio_id: int):
          classes = session.exec(select(GymClass)).all()
          todays = [c for c in classes if c.studio_id == studio_id]
          for c in todays:
              booked = session.exec(select(func.count()).select_from(Booking).where(Booking.class_id == c.id)).one()

      async def report(pool, region: str):
          rows = await repo.in_region(pool, region)
          for c in rows:
              await pool.fetchval("SELECT sum(total) FROM orders WHERE customer_id = $1", c["id"])

      def titles(session: Session):
          classes = session.exec(select(GymClass).limit(20)).all()
          names = [c.title for c in classes]
          for name in names:
              session.exec(select(Booking).where(Booking.note == name).limit(1)).first()
    `;
    expect(await linesOf(RULE, 'app/services/timetable.py', src, { 'app/repo.py': repo })).toEqual([9, 14]);
  });

  it('flags a repository call per row that queries through a module-level pool, not a pure helper', async () => {
    const repo = py`
      from app.db import pool

      async def todays_classes():
          return await pool.fetch("SELECT id FROM classes WHERE day = current_date LIMIT 100")

      async def count_bookings(class_id: int) -> int:
          return await pool.fetchval("SELECT count(*) FROM bookings WHERE class_id = $1", class_id)

      def label(c) -> str:
          return str(c["id"])
    `;
    const src = py`
      from app import repo

      async def classes():
          out = []
          for c in await repo.todays_classes():
              booked = await repo.count_bookings(c["id"])
              out.append({"label": repo.label(c), "booked": booked})
          return out
    `;
    expect(await linesOf(RULE, 'app/services/classes.py', src, { 'app/repo.py': repo })).toEqual([6]);
  });
});
