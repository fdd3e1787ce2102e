import { findingsOf, linesOf, py } from '../../review-python.js';

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

  it('does not flag a many-to-one load of reference data, which the identity map serves once per distinct row', async () => {
    const models = py`
      from sqlalchemy import ForeignKey
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

      class Base(DeclarativeBase):
          pass

      class IncidentPriority(Base):
          __tablename__ = "incident_priorities"
          id: Mapped[int] = mapped_column(primary_key=True)
          name: Mapped[str]

      class Reporter(Base):
          __tablename__ = "reporters"
          id: Mapped[int] = mapped_column(primary_key=True)
          name: Mapped[str]

      class Incident(Base):
          __tablename__ = "incidents"
          id: Mapped[int] = mapped_column(primary_key=True)
          priority_id: Mapped[int] = mapped_column(ForeignKey("incident_priorities.id"))
          incident_priority: Mapped[IncidentPriority] = relationship()
          reporter_id: Mapped[int] = mapped_column(ForeignKey("reporters.id"))
          reporter: Mapped[Reporter] = relationship()
    `;
    const src = py`
      from sqlalchemy import select
      from sqlalchemy.orm import Session
      from app.models import Incident

      def priorities(db: Session):
          incidents = db.scalars(select(Incident).limit(100)).all()
          return [(i.id, i.incident_priority.name) for i in incidents]

      def reporters(db: Session):
          incidents = db.scalars(select(Incident).limit(100)).all()
          return [(i.id, i.reporter.name) for i in incidents]
    `;
    expect(await linesOf(RULE, 'app/services/report.py', src, { 'app/models.py': models })).toEqual([11]);
  });

  it('does not flag periodic background jobs (a scheduler, repeat_every, a cron), only request paths', async () => {
    const body = (decorator: string) => py`
      from sqlalchemy import select
      from sqlalchemy.orm import Session
      from app.models import Order, OrderItem
      from app.scheduler import scheduler, every

      ${decorator}
      def remind(db: Session):
          orders = db.scalars(select(Order).limit(100)).all()
          for order in orders:
              items = db.scalars(select(OrderItem).where(OrderItem.order_id == order.id)).all()
              notify(order, items)
    `;
    expect(await linesOf(RULE, 'app/orders/scheduled.py', body('@scheduler.add(every(1).hours, name="remind")'))).toEqual([]);
    expect(await linesOf(RULE, 'app/orders/scheduled.py', body('@repeat_every(seconds=3600)'))).toEqual([]);
    expect(await linesOf(RULE, 'app/orders/scheduled.py', body('@timer'))).toEqual([10]);
  });

  it('does not flag a backfill that fills the NULL column of the rows it walks, but does a loop that only reads them', async () => {
    const src = (assign: string) => py`
      from sqlalchemy import select
      from sqlalchemy.orm import Session
      from app.models import Grant, Member

      def attach_members(db: Session, org_id: int):
          grants = db.scalars(select(Grant).where(Grant.org_id == org_id, Grant.member_id.is_(None))).all()
          for grant in grants:
              member = db.scalars(select(Member).where(Member.customer_id == grant.customer_id)).first()
              ${assign}
          db.commit()
    `;
    expect(await linesOf(RULE, 'app/grants.py', src('grant.member_id = member.id'))).toEqual([]);
    expect(await linesOf(RULE, 'app/grants.py', src('notify(grant, member)'))).toEqual([8]);
  });

  it('does not flag a helper that tears each row down or writes each one (a status change, a commit), but does one that only reads per row', async () => {
    const src = (helper: string, body: string) => py`
      from sqlalchemy import select
      from sqlalchemy.ext.asyncio import AsyncSession
      from app.models import Agent, Block

      async def ${helper}(db: AsyncSession, agent_id: int):
          blocks = (await db.scalars(select(Block).where(Block.agent_id == agent_id).with_for_update())).all()
          for block in blocks:
              ${body}

      @router.delete("/deployments/{deployment_id}")
      async def delete_deployment(deployment_id: int, db: AsyncSession = Depends(get_db)):
          agents = (await db.scalars(select(Agent).where(Agent.deployment_id == deployment_id))).all()
          for agent in agents:
              await ${helper}(db, agent.id)
    `;
    expect(await linesOf(RULE, 'app/deployments.py', src('delete_agent', 'print(block.id)'))).toEqual([]);
    // Named for what it reads, but it writes what it read, one agent at a time: per-item work.
    expect(await linesOf(RULE, 'app/deployments.py', src('load_agent_blocks', 'block.stale = True\n              await db.commit()'))).toEqual([]);
    expect(await linesOf(RULE, 'app/deployments.py', src('load_agent_blocks', 'print(block.id)'))).toEqual([14]);
  });

  it('does not flag a helper only the start-up hook calls, but does once a request path calls it too', async () => {
    const src = (extra: string) => py`
      from contextlib import asynccontextmanager
      from fastapi import FastAPI
      from sqlalchemy import select
      from sqlalchemy.orm import Session
      from app.models import Session as BrowserSession, Event

      def close_stale(db: Session):
          sessions = db.scalars(select(BrowserSession).limit(100)).all()
          for s in sessions:
              events = db.scalars(select(Event).where(Event.session_id == s.id)).all()
              archive(s, events)

      @asynccontextmanager
      async def lifespan(app: FastAPI):
          close_stale(get_db())
          yield
      ${extra}
    `;
    expect(await linesOf(RULE, 'app/main.py', src(''))).toEqual([]);
    expect(await linesOf(RULE, 'app/main.py', src('\n@router.post("/close")\ndef close_now(db: Session):\n    close_stale(db)\n'))).toEqual([10]);
  });

  it('does not flag a helper that only periodic jobs call, but does once a request path calls it too', async () => {
    const src = (extra: string) => py`
      from sqlalchemy import select
      from sqlalchemy.orm import Session
      from app.models import Order, OrderItem
      from app.scheduler import scheduled_project_task

      def send_reminders(db: Session):
          orders = db.scalars(select(Order).limit(100)).all()
          for order in orders:
              items = db.scalars(select(OrderItem).where(OrderItem.order_id == order.id)).all()
              notify(order, items)

      @scheduled_project_task
      def nightly(db: Session):
          send_reminders(db)
      ${extra}
    `;
    expect(await linesOf(RULE, 'app/orders/jobs.py', src(''))).toEqual([]);
    expect(await linesOf(RULE, 'app/orders/jobs.py', src('\n@router.post("/remind")\ndef remind_now(db: Session):\n    send_reminders(db)\n'))).toEqual([9]);
  });

  it('does not flag a query keyed only by the items of an inner loop over text, but does when it reads the row', async () => {
    const src = (key: string) => py`
      import re
      from sqlalchemy import select
      from sqlalchemy.orm import Session
      from app.models import Monitor, Plugin

      LINK = re.compile(r"https://\\S+")

      def monitors(db: Session, text: str):
          plugins = db.scalars(select(Plugin).limit(20)).all()
          for p in plugins:
              for match in LINK.finditer(text):
                  link = match.group(0)
                  db.scalars(select(Monitor).where(Monitor.weblink == ${key})).first()
    `;
    expect(await linesOf(RULE, 'app/services/monitors.py', src('link'))).toEqual([]);
    expect(await linesOf(RULE, 'app/services/monitors.py', src('p.url + link'))).toEqual([13]);
  });

  it('does not flag a query per row of a table the code declares (install code writes one row per item of a list in the code), but does once other code writes its rows', async () => {
    const models = py`
      from sqlalchemy import Column, ForeignKey, Integer, String
      from sqlalchemy.orm import relationship
      from app.db import Base

      class Plugin(Base):
          id = Column(Integer, primary_key=True)
          slug = Column(String, unique=True)

      class PluginEvent(Base):
          id = Column(Integer, primary_key=True)
          slug = Column(String, unique=True)
          plugin_id = Column(Integer, ForeignKey(Plugin.id))
          plugin = relationship(Plugin)

      class Activity(Base):
          id = Column(Integer, primary_key=True)
          plugin_event_id = Column(Integer, ForeignKey(PluginEvent.id))
          plugin_event = relationship(PluginEvent)
    `;
    const plugins = (attr: string) => py`
      class BasePlugin:
          slug = "base"
          plugin_events: list = []

      class SlackPlugin(BasePlugin):
          slug = "slack"
          ${attr}
    `;
    const cli = (loop: string) => py`
      import click
      from app.db import SessionLocal
      from app.models import Plugin, PluginEvent
      from app.registry import registry

      @click.command()
      def install_plugins():
          db = SessionLocal()
          for p in registry.all():
              record = db.query(Plugin).filter(Plugin.slug == p.slug).one_or_none()
              for event_in in ${loop}:
                  db.add(PluginEvent(slug=event_in.slug, plugin=record))
          db.commit()
    `;
    const service = (extra: string) => py`
      from fastapi import APIRouter
      from sqlalchemy.orm import Session
      from app.models import Activity, PluginEvent

      router = APIRouter()

      def get_all_events_for_plugin(db: Session, plugin_id: int) -> list[PluginEvent]:
          return db.query(PluginEvent).filter(PluginEvent.plugin_id == plugin_id).all()

      def create_plugin_event(db: Session, event_in) -> PluginEvent:
          event = PluginEvent(**event_in.dict())
          db.add(event)
          return event

      @router.get("/plugins/{plugin_id}/activities")
      def activities(db: Session, plugin_id: int):
          out = []
          for plugin_event in get_all_events_for_plugin(db, plugin_id):
              out.extend(db.query(Activity).filter(Activity.plugin_event_id == plugin_event.id).all())
          return out
      ${extra}
    `;
    const test = py`
      from app.service import create_plugin_event

      def test_create(db):
          assert create_plugin_event(db, None)
    `;
    const run = async (p: { attr?: string; loop?: string; extra?: string }) =>
      (await findingsOf(RULE, [
        { path: 'app/models.py', head: models },
        { path: 'app/plugins.py', head: plugins(p.attr ?? 'plugin_events = [ChannelActivityEvent, ThreadActivityEvent]') },
        { path: 'app/cli.py', head: cli(p.loop ?? 'p.plugin_events') },
        { path: 'app/service.py', head: service(p.extra ?? '') },
        { path: 'tests/test_service.py', head: test },
      ])).map((f) => `${f.path}:${f.line}`);
    expect(await run({})).toEqual([]);
    // A route that writes the rows from a request: the table grows with the data.
    expect(await run({ extra: '\n@router.post("/plugin_events")\ndef add_event(db: Session, body: dict):\n    db.add(PluginEvent(**body))\n' })).toEqual(['app/service.py:19']);
    // The same through the models module.
    expect(await run({ extra: '\nfrom app import models\n\n@router.post("/plugin_events")\ndef add_event(db: Session, body: dict):\n    db.add(models.PluginEvent(**body))\n' })).toEqual(['app/service.py:19']);
    // Rows written in SQL text.
    expect(await run({ extra: '\n@router.post("/plugin_events")\ndef add_event(db: Session, slug: str):\n    db.execute(text("INSERT INTO plugin_event (slug) VALUES (:slug)"), {"slug": slug})\n' })).toEqual(['app/service.py:19']);
    // A list each plugin builds at run time is no list in the code.
    expect(await run({ attr: 'def __init__(self, events):\n              self.plugin_events = events' })).toEqual(['app/service.py:19']);
    // Install code writing one row per row of another table.
    expect(await run({ loop: 'db.query(PluginEvent).filter(PluginEvent.plugin_id == record.id).all()' })).toEqual(['app/service.py:19']);
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

  it('does not flag a search that looks one row up and leaves the loop, but does when it goes on to the next row', async () => {
    const src = (leave: string) => py`
      from fastapi import HTTPException
      from sqlalchemy import select
      from sqlalchemy.orm import Session
      from app.models import APIKey, User
      from app.security import verify_hash

      def user_for_key(key: str, db: Session) -> list[User]:
          found = []
          candidates = db.execute(select(APIKey).where(APIKey.prefix == key[:8]).limit(10)).scalars().all()
          for candidate in candidates:
              if verify_hash(key, candidate.key_hash):
                  user = db.get(User, candidate.owner_id)
                  if user is None:
                      raise HTTPException(status_code=401)
                  found.append(user)
                  ${leave}
          raise HTTPException(status_code=401)
    `;
    expect(await linesOf(RULE, 'app/auth.py', src('return found'))).toEqual([]);
    expect(await linesOf(RULE, 'app/auth.py', src('break'))).toEqual([]);
    expect(await linesOf(RULE, 'app/auth.py', src('continue'))).toEqual([12]);
  });

  it('does not flag a query under a test of a key-value row\'s key against one literal (it runs for one row), but does one under a test of another column', async () => {
    const src = (test: string) => py`
      from fastapi import APIRouter, Depends
      from sqlalchemy import select
      from sqlalchemy.orm import Session
      from app.models import AgentConfig, Tool
      from app.db import get_db

      router = APIRouter()

      @router.post("/agents/{agent_id}/template")
      def save_template(agent_id: int, db: Session = Depends(get_db)):
          configs = db.scalars(select(AgentConfig).where(AgentConfig.agent_id == agent_id)).all()
          for config in configs:
              value = config.value
              if ${test}:
                  value = db.scalars(select(Tool.name).where(Tool.id.in_(config.tool_ids))).all()
              db.add(AgentConfig(agent_id=agent_id, key=config.key, value=value))
          db.commit()
    `;
    expect(await linesOf(RULE, 'app/routers/templates.py', src('config.key == "tools"'))).toEqual([]);
    expect(await linesOf(RULE, 'app/routers/templates.py', src('config.status == "active"'))).toEqual([15]);
  });

  it('does not flag a maintenance script that walks its rows once', async () => {
    const src = py`
      from sqlalchemy import select
      from sqlalchemy.orm import Session
      from app.models import Order, OrderItem

      def recompute_totals(db: Session):
          for order in db.scalars(select(Order).limit(500)).all():
              items = db.scalars(select(OrderItem).where(OrderItem.order_id == order.id)).all()
              order.total = sum(i.price for i in items)
          db.commit()
    `;
    expect(await linesOf(RULE, 'server/scripts/backfill_totals.py', src)).toEqual([]);
    expect(await linesOf(RULE, 'app/services/totals.py', src)).toEqual([7]);
    // A private backfill step of a task module, by its name.
    expect(await linesOf(RULE, 'app/services/totals.py', src.replace('def recompute_totals', 'def _backfill_totals'))).toEqual([]);
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

  describe('async relationship loads per row', () => {
    // SQLModel entities in one module, the parent in another, as real projects split them.
    const FOLDER = py`
      from typing import TYPE_CHECKING, List
      from sqlalchemy.ext.asyncio import AsyncAttrs
      from sqlmodel import Field, Relationship, SQLModel

      if TYPE_CHECKING:
          from app.entities.doc import Doc

      class Folder(AsyncAttrs, SQLModel, table=True):
          id: int | None = Field(default=None, primary_key=True)
          docs: List["Doc"] = Relationship(back_populates="folder")
    `;
    const DOC = py`
      from typing import Optional
      from sqlalchemy.ext.asyncio import AsyncAttrs
      from sqlmodel import Field, Relationship, SQLModel
      from app.entities.folder import Folder

      class Doc(AsyncAttrs, SQLModel, table=True):
          id: int | None = Field(default=None, primary_key=True)
          folder_id: int = Field(foreign_key="folder.id", index=True)
          folder: Optional[Folder] = Relationship(back_populates="docs")
          tags: list["Tag"] = Relationship(back_populates="doc")
          owner: Optional["Owner"] = Relationship(sa_relationship_kwargs={"lazy": "selectin"})

          async def summary(self) -> dict:
              tags = await self.awaitable_attrs.tags
              return {"id": self.id, "tags": [t.name for t in tags]}

          async def label(self) -> str:
              owner = await self.awaitable_attrs.owner
              return f"{self.id} by {owner.name}"

          async def to_dto(self, with_tags: bool = True, with_folder: bool = False) -> dict:
              tags = await self.awaitable_attrs.tags if with_tags else []
              if with_folder:
                  folder = await self.awaitable_attrs.folder
              return {"id": self.id, "tags": [t.name for t in tags]}
    `;
    const REPO = py`
      from sqlmodel import select
      from sqlmodel.ext.asyncio.session import AsyncSession
      from app.entities.folder import Folder
      from app.entities.doc import Doc

      class FolderRepository:
          def __init__(self, session: AsyncSession):
              self.session = session

          async def get(self, folder_id: int) -> Folder:
              result = await self.session.exec(select(Folder).where(Folder.id == folder_id))
              return result.one()

          async def recent_docs(self) -> list[Doc]:
              result = await self.session.exec(select(Doc).limit(50))
              return result.all()
    `;
    const others = { 'app/entities/folder.py': FOLDER, 'app/entities/doc.py': DOC, 'app/repositories/folders.py': REPO };

    it('flags awaitable_attrs, a row method that awaits them and session.refresh per row of query results', async () => {
      const src = py`
        from sqlmodel.ext.asyncio.session import AsyncSession
        from app.repositories.folders import FolderRepository

        class FolderService:
            def __init__(self, repository: FolderRepository, session: AsyncSession):
                self.repository = repository
                self.session = session

            async def listing(self, folder_id: int):
                folder = await self.repository.get(folder_id)
                docs = await folder.awaitable_attrs.docs
                return [await doc.summary() for doc in docs]

            async def folders_of_recent(self):
                out = []
                for doc in await self.repository.recent_docs():
                    out.append(await doc.awaitable_attrs.folder)
                return out

            async def reload(self):
                docs = await self.repository.recent_docs()
                for doc in docs:
                    await self.session.refresh(doc, ["tags"])
                return docs
      `;
      const found = await linesOf(RULE, 'app/services/folders.py', src, others);
      expect(found).toEqual([12, 17, 23]);
    });

    it('follows the flags a row method is called with: a load the call switches off runs no query', async () => {
      const src = py`
        from app.repositories.folders import FolderRepository

        async def light(repository: FolderRepository):
            return [await d.to_dto(with_tags=False) for d in await repository.recent_docs()]

        async def positional_off(repository: FolderRepository):
            return [await d.to_dto(False, None) for d in await repository.recent_docs()]

        async def full(repository: FolderRepository):
            return [await d.to_dto() for d in await repository.recent_docs()]

        async def with_folder(repository: FolderRepository):
            return [await d.to_dto(with_tags=False, with_folder=True) for d in await repository.recent_docs()]
      `;
      expect(await linesOf(RULE, 'app/services/dto.py', src, others)).toEqual([10, 13]);
    });

    it('does not flag eager relationships, loaders on the query, one parent load, or rows that are not ORM results', async () => {
      const src = py`
        from sqlalchemy.orm import selectinload
        from sqlmodel import select
        from sqlmodel.ext.asyncio.session import AsyncSession
        from app.entities.doc import Doc
        from app.repositories.folders import FolderRepository

        async def labels(repository: FolderRepository):
            docs = await repository.recent_docs()
            return [await doc.label() for doc in docs]

        async def with_tags(session: AsyncSession):
            result = await session.exec(select(Doc).options(selectinload(Doc.tags)).limit(50))
            return [await d.summary() for d in result.all()]

        async def one_folder(repository: FolderRepository, folder_id: int):
            folder = await repository.get(folder_id)
            return await folder.awaitable_attrs.docs

        async def payloads(items: list[dict], session: AsyncSession):
            for item in items:
                await item.awaitable_attrs.tags
      `;
      expect(await linesOf(RULE, 'app/services/ok.py', src, others)).toEqual([]);
    });
  });
});

