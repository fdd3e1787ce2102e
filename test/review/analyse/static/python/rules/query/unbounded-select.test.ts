import { findingsOf, linesOf, py } from '../../review-python.js';

const RULE = 'unbounded-select';

describe(RULE, () => {
  it('flags list routes that return every row (SQLAlchemy, legacy query, supabase)', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from sqlalchemy import select
      from app.models import AuditEvent, Order

      router = APIRouter()

      @router.get("/audit-events")
      async def events(db=Depends()):
          result = await db.execute(select(AuditEvent).order_by(AuditEvent.created_at.desc()))
          return result.scalars().all()

      @router.get("/kitchen/done")
      async def done(restaurant_id: int, db=Depends()):
          stmt = select(Order).where(Order.restaurant_id == restaurant_id)
          return (await db.scalars(stmt)).all()

      @router.get("/orders")
      def legacy(db=Depends()):
          return db.query(Order).filter(Order.status == "open").all()

      @router.get("/payments")
      def payments(org_id: str, db=Depends()):
          return db.table("payments").select("*").eq("org_id", org_id).execute().data
    `;
    expect(await linesOf(RULE, 'app/routers/lists.py', src)).toEqual([9, 14, 19, 23]);
  });

  it("leaves one parent's configuration alone (an organisation's projects, an agent's resources), not its activity or content", async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from sqlalchemy import select, text
      from app.models import AgentExecution, Resource

      router = APIRouter()

      @router.get("/orgs/{org_id}/projects")
      def projects(org_id: str, db=Depends()):
          return db.table("projects").select("*").eq("org_id", org_id).execute().data

      @router.get("/agents/{agent_id}/resources")
      async def resources(agent_id: int, db=Depends()):
          return (await db.scalars(select(Resource).where(Resource.agent_id == agent_id))).all()

      @router.get("/raw-resources")
      async def raw_resources(agent_id: int, db=Depends()):
          return (await db.execute(text("select * from resources r where r.agent_id = :a"), {"a": agent_id})).all()

      @router.get("/agents/{agent_id}/executions")
      def executions(agent_id: int, db=Depends()):
          return db.query(AgentExecution).filter(AgentExecution.agent_id == agent_id).all()

      @router.get("/projects/{project_id}/tasks")
      def tasks(project_id: str, db=Depends()):
          return db.table("tasks").select("*").eq("project_id", project_id).execute().data

      @router.get("/agents/{agent_id}/resources/all")
      async def every_resource(db=Depends()):
          return (await db.scalars(select(Resource))).all()

      @router.get("/orgs/{org_id}/projects/stats")
      def project_stats(org_id: str, db=Depends()):
          projects = db.table("projects").select("*").eq("org_id", org_id).execute().data
          for project in projects:
              project["open"] = db.table("tasks").select("id", count="exact").eq("project_id", project["id"]).execute().count
          return projects
    `;
    expect(await linesOf(RULE, 'app/routers/agents.py', src)).toEqual([21, 25, 29, 33]);
  });

  it('does not ask for pagination when the filter pins the primary key (one row at most)', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from sqlalchemy import select
      from app.models import Note

      router = APIRouter()

      @router.get("/notes/{note_id}")
      def one_note(note_id: int, db=Depends()):
          return db.table("notes").select("*").eq("id", note_id).execute().data

      @router.get("/orm-notes/{note_id}")
      async def orm_note(note_id: int, db=Depends()):
          return (await db.scalars(select(Note).where(Note.id == note_id))).all()

      @router.get("/legacy-notes/{note_id}")
      def legacy_note(note_id: int, db=Depends()):
          return db.query(Note).filter_by(id=note_id).all()

      @router.get("/tags/{tag_id}/notes")
      def by_tag(tag_id: str, db=Depends()):
          return db.table("notes").select("*").eq("tag_id", tag_id).execute().data
    `;
    expect(await linesOf(RULE, 'app/routers/notes.py', src)).toEqual([21]);
  });

  it("leaves one person's own list alone: it grows with what they create, not with the table", async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from sqlalchemy import select, text
      from app.models import Task

      router = APIRouter()

      @router.get("/tasks")
      def my_tasks(user=Depends(current_user), db=Depends()):
          return db.table("tasks").select("*").eq("user_id", user.id).execute().data

      @router.get("/orm-tasks")
      async def orm_tasks(user=Depends(current_user), db=Depends()):
          return (await db.scalars(select(Task).where(Task.owner_id == user.id))).all()

      @router.get("/legacy-tasks")
      def legacy_tasks(user=Depends(current_user), db=Depends()):
          return db.query(Task).filter_by(created_by=user.id).all()

      @router.get("/raw-tasks")
      async def raw_tasks(user=Depends(current_user), db=Depends()):
          return (await db.execute(text("select * from tasks t where t.user_id = :uid"), {"uid": user.id})).all()

      @router.get("/team-tasks")
      def team_tasks(team_id: str, db=Depends()):
          return db.table("tasks").select("*").eq("team_id", team_id).execute().data

      @router.get("/raw-joined")
      async def raw_joined(db=Depends()):
          return (await db.execute(text("select * from tasks t join users u on u.id = t.user_id where u.active"))).all()
    `;
    expect(await linesOf(RULE, 'app/routers/tasks.py', src)).toEqual([25, 29]);
  });

  it('follows rows appended to the returned list, and rows built in a changed repository module', async () => {
    const route = py`
      from fastapi import APIRouter, Depends
      from sqlmodel import Session, select
      from app.models import Hero
      from app.repo import HeroRepo

      router = APIRouter()

      @router.get("/heroes")
      def heroes(session: Session = Depends()):
          out = []
          for hero in session.exec(select(Hero)).all():
              out.append(hero.name)
          return out

      @router.get("/heroes/all")
      async def all_heroes(repo: HeroRepo = Depends()):
          return await repo.everything()
    `;
    const repo = py`
      from sqlalchemy import select
      from sqlalchemy.ext.asyncio import AsyncSession
      from app.models import Hero

      class HeroRepo:
          def __init__(self, session: AsyncSession):
              self.session = session

          async def everything(self):
              return (await self.session.scalars(select(Hero))).all()
    `;
    const found = await findingsOf(RULE, [
      { path: 'app/routers/heroes.py', head: route },
      { path: 'app/repo.py', head: repo },
    ]);
    expect(found.map((f) => `${f.path}:${f.line}`).sort()).toEqual(['app/repo.py:10', 'app/routers/heroes.py:11']);
  });

  it('does not flag a table whose every row seed code writes, one per item the code lists; does once a route creates its rows', async () => {
    const models = py`
      from sqlalchemy import Column, Integer, String
      from app.db import Base

      class AgentWorkflow(Base):
          __tablename__ = "agent_workflows"
          id = Column(Integer, primary_key=True)
          name = Column(String, unique=True)
    `;
    const seed = py`
      from app.models import AgentWorkflow

      WORKFLOWS = ("Goal Based Workflow", "Dynamic Task Workflow", "Fixed Task Workflow")

      def seed_workflows(session):
          for name in WORKFLOWS:
              if session.query(AgentWorkflow).filter(AgentWorkflow.name == name).first() is None:
                  session.add(AgentWorkflow(name=name))
          session.commit()
    `;
    const main = py`
      from fastapi import FastAPI
      from app.db import SessionLocal
      from app.seed import seed_workflows
      from app.routers import workflows

      app = FastAPI()
      app.include_router(workflows.router)

      @app.on_event("startup")
      def startup():
          seed_workflows(SessionLocal())
    `;
    const route = (extra: string) => py`
      from fastapi import APIRouter, Depends
      from app.models import AgentWorkflow

      router = APIRouter()

      @router.get("/agent_workflows")
      def list_workflows(db=Depends()):
          return db.query(AgentWorkflow).all()
      ${extra}
    `;
    const others = { 'app/models.py': models, 'app/seed.py': seed, 'app/main.py': main };
    expect(await linesOf(RULE, 'app/routers/workflows.py', route(''), others)).toEqual([]);
    const creates = '\n@router.post("/agent_workflows")\ndef create(name: str, db=Depends()):\n    db.add(AgentWorkflow(name=name))\n';
    expect(await linesOf(RULE, 'app/routers/workflows.py', route(creates), others)).toEqual([8]);
  });

  it('does not flag paginated queries, single objects, counts, exports or reference tables', async () => {
    const src = py`
      from fastapi import APIRouter, Depends, Query
      from sqlalchemy import func, select
      from app.models import Category, Order

      router = APIRouter()

      @router.get("/orders")
      async def page(limit: int = Query(20, le=100), offset: int = 0, db=Depends()):
          return (await db.scalars(select(Order).limit(limit).offset(offset))).all()

      @router.get("/orders/{oid}")
      async def one(oid: int, db=Depends()):
          return await db.get(Order, oid)

      @router.get("/orders/count")
      async def count(db=Depends()):
          return await db.scalar(select(func.count()).select_from(Order))

      @router.get("/orders/export")
      async def export(db=Depends()):
          return (await db.scalars(select(Order))).all()

      @router.get("/categories")
      async def categories(db=Depends()):
          return (await db.scalars(select(Category))).all()

      @router.post("/orders/bulk")
      async def bulk(db=Depends()):
          return (await db.scalars(select(Order))).all()
    `;
    expect(await linesOf(RULE, 'app/routers/ok.py', src)).toEqual([]);
  });

  it('follows rows a repository function returns into a list the route builds', async () => {
    const repo = py`
      from sqlalchemy import select
      from app.models import Reservation

      async def for_hotel(session, hotel_id: int):
          result = await session.scalars(select(Reservation).where(Reservation.hotel_id == hotel_id))
          return list(result)

      async def recent(session, hotel_id: int, limit: int = 50):
          result = await session.scalars(select(Reservation).where(Reservation.hotel_id == hotel_id).limit(limit))
          return list(result)
    `;
    const route = py`
      from fastapi import APIRouter
      from app import repo

      router = APIRouter()

      @router.get("/hotels/{hotel_id}/reservations")
      async def reservations(hotel_id: int, session):
          rows = await repo.for_hotel(session, hotel_id)
          out = []
          for r in rows:
              out.append({"code": r.code})
          return out

      @router.get("/hotels/{hotel_id}/recent")
      async def recent(hotel_id: int, session):
          rows = await repo.recent(session, hotel_id)
          return [{"code": r.code} for r in rows]
    `;
    const found = await findingsOf(RULE, [
      { path: 'app/routers/front_desk.py', head: route },
      { path: 'app/repo.py', head: repo },
    ]);
    expect(found.map((f) => `${f.path}:${f.line}`)).toEqual(['app/repo.py:5']);
  });

  it('does not ask for pagination when the caller bounds the rows: a list of ids, the table key, a config table', async () => {
    const models = py`
      from sqlalchemy import ForeignKey
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

      class Base(DeclarativeBase):
          pass

      class Trace(Base):
          __tablename__ = "traces"
          trace_id: Mapped[str] = mapped_column(primary_key=True)
          body: Mapped[str]

      class IncidentRole(Base):
          __tablename__ = "incident_roles"
          id: Mapped[int] = mapped_column(primary_key=True)
          role: Mapped[str]
    `;
    const src = py`
      from fastapi import APIRouter, Depends, Query
      from sqlalchemy import select
      from app.models import IncidentRole, Trace

      router = APIRouter()

      @router.get("/traces/batch")
      async def batch(ids: list[str] = Query(...), db=Depends()):
          return (await db.scalars(select(Trace).where(Trace.trace_id.in_(ids)))).all()

      @router.get("/traces/{trace_id}")
      async def one(trace_id: str, db=Depends()):
          return (await db.scalars(select(Trace).where(Trace.trace_id == trace_id))).all()

      @router.get("/ttd/{ttd_id}")
      def ttd(ttd_id: str, db=Depends()):
          return db.table("ttd").select("*").eq("ttd_id", ttd_id).execute().data

      @router.get("/by-ids")
      def by_ids(ids: list[int] = Query(...), db=Depends()):
          return db.table("events").select("*").in_("id", ids).execute().data

      @router.get("/roles/{project_id}")
      def roles(project_id: int, db=Depends()):
          return db.query(IncidentRole).filter(IncidentRole.project_id == project_id).all()
    `;
    expect(await linesOf(RULE, 'app/routers/traces.py', src, { 'app/models.py': models })).toEqual([]);
  });

  it('still flags a list filtered by a sub-select', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from sqlalchemy import select
      from app.models import Order, Restaurant

      router = APIRouter()

      @router.get("/orders/open")
      async def open_orders(city: str, db=Depends()):
          mine = select(Restaurant.id).where(Restaurant.city == city)
          return (await db.scalars(select(Order).where(Order.restaurant_id.in_(select(Restaurant.id).where(Restaurant.city == city))))).all()
    `;
    expect(await linesOf(RULE, 'app/routers/orders.py', src)).toEqual([10]);
  });

  describe('rows driven by a generated series', () => {
    const charts = py`
      from sqlalchemy import func, select

      def week_buckets(start, end):
          return select(func.generate_series(start, end, "1 week").column_valued("week")).cte("weeks")
    `;

    it('counts one row per value of the series as bounded: through a helper, a local variable, or raw SQL', async () => {
      const src = py`
        from datetime import date
        from fastapi import APIRouter, Depends
        from sqlalchemy import func, select, text
        from app.charts import week_buckets
        from app.models import Signup

        router = APIRouter()

        @router.get("/stats/signups")
        async def signups_per_week(start: date, end: date, db=Depends()):
            weeks = week_buckets(start, end)
            first_seen = select(Signup.created_at.label("at"), Signup.source.label("source")).distinct(Signup.source).cte()
            stmt = (
                select(first_seen.c.source, weeks.c.week)
                .select_from(weeks.join(first_seen, first_seen.c.at >= weeks.c.week, isouter=True))
                .order_by(weeks.c.week)
            )
            return (await db.execute(stmt)).all()

        @router.get("/stats/days")
        async def days(start: date, end: date, db=Depends()):
            span = select(func.generate_series(start, end, "1 day").label("day")).subquery()
            return (await db.execute(select(span.c.day).order_by(span.c.day))).all()

        @router.get("/stats/payouts")
        async def payouts(start: date, end: date, db=Depends()):
            sql = text(
                "WITH days AS (SELECT generate_series(:start, :end, interval '1 day')::date AS day), "
                "latest AS (SELECT DISTINCT ON (paid_on) paid_on, amount FROM payouts ORDER BY paid_on, created_at DESC) "
                "SELECT days.day, latest.amount FROM days LEFT JOIN latest ON latest.paid_on = days.day"
            )
            return (await db.execute(sql, {"start": start, "end": end})).all()

        @router.get("/stats/hours")
        async def hours(db=Depends()):
            return (await db.execute(text("SELECT h FROM generate_series(0, 23) AS h ORDER BY h"))).all()
      `;
      expect(await linesOf(RULE, 'app/routers/stats.py', src, { 'app/charts.py': charts })).toEqual([]);
    });

    it('still flags rows of a table: the series only filters them, is joined onto them, or has a table joined to it', async () => {
      const src = py`
        from datetime import date
        from fastapi import APIRouter, Depends
        from sqlalchemy import func, select, text
        from app.charts import week_buckets
        from app.models import Signup

        router = APIRouter()

        @router.get("/signups/by-week")
        async def signups_in_weeks(start: date, end: date, db=Depends()):
            weeks = week_buckets(start, end)
            return (await db.scalars(select(Signup).join(weeks, weeks.c.week == Signup.week))).all()

        @router.get("/signups/per-week")
        async def every_signup_per_week(start: date, end: date, db=Depends()):
            weeks = week_buckets(start, end)
            stmt = select(weeks.c.week, Signup.email).select_from(weeks.join(Signup, Signup.week == weeks.c.week))
            return (await db.execute(stmt)).all()

        @router.get("/signups/in-range")
        async def in_range(start: date, end: date, db=Depends()):
            stmt = select(Signup).where(Signup.day.in_(select(func.generate_series(start, end, "1 day"))))
            return (await db.scalars(stmt)).all()

        @router.get("/signups/raw")
        async def raw(db=Depends()):
            return (await db.execute(text("SELECT d, s.email FROM generate_series(1, 7) AS d JOIN signups s ON s.weekday = d"))).all()

        @router.get("/signups/raw-table-first")
        async def raw_table_first(db=Depends()):
            return (await db.execute(text("SELECT s.* FROM signups s JOIN generate_series(1, 7) AS d ON s.weekday = d"))).all()

        @router.get("/signups")
        async def every_signup(db=Depends()):
            return (await db.scalars(select(Signup))).all()
      `;
      expect(await linesOf(RULE, 'app/routers/signups.py', src, { 'app/charts.py': charts })).toEqual([12, 17, 22, 27, 31, 35]);
    });
  });
});
