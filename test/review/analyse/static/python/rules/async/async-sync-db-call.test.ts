import { findingsOf, linesOf, py } from '../../review-python.js';

const RULE = 'async-sync-db-call';

const DB = py`
  from sqlalchemy import create_engine
  from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
  from sqlalchemy.orm import Session, sessionmaker

  engine = create_engine("postgresql://app@db/app")
  SessionLocal = sessionmaker(engine)
  AsyncSessionLocal = async_sessionmaker(create_async_engine("postgresql+asyncpg://app@db/app"))

  def get_sync_db():
      db = SessionLocal()
      try:
          yield db
      finally:
          db.close()
`;

describe(RULE, () => {
  it('flags a sync SessionLocal from another module, once per function', async () => {
    const src = py`
      from app.db import SessionLocal
      from app.models import Item

      async def low_stock(threshold: int):
          with SessionLocal() as session:
              items = session.query(Item).filter(Item.qty < threshold).all()
              session.commit()
          return items
    `;
    const found = await findingsOf(RULE, [{ path: 'app/routers/items.py', head: src }], { 'app/db.py': DB });
    expect(found.map((f) => f.line)).toEqual([6]);
    expect(found[0].message).toContain('line 7');
  });

  it('reports a function once even when awaits split its sync session calls: the fix is the whole function', async () => {
    const src = py`
      import httpx
      from app.db import SessionLocal
      from app.models import Item

      async def restock(item_id: int):
          session = SessionLocal()
          try:
              item = session.get(Item, item_id)
              async with httpx.AsyncClient() as client:
                  await client.post("https://supplier.example/orders", json={"sku": item.sku})
              item.qty += 10
              session.commit()
          except Exception:
              session.rollback()
              raise
    `;
    const found = await findingsOf(RULE, [{ path: 'app/jobs/restock.py', head: src }], { 'app/db.py': DB });
    expect(found.map((f) => f.line)).toEqual([8]);
    expect(found[0].message).toContain('The same happens on lines 12, 14.');
  });

  it('flags a Session-typed dependency and psycopg2 in async functions', async () => {
    const src = py`
      import psycopg2
      from fastapi import Depends
      from sqlalchemy.orm import Session
      from app.db import get_sync_db

      async def list_items(db: Session = Depends(get_sync_db)):
          return db.execute("select 1").all()

      async def push(dsn: str):
          conn = psycopg2.connect(dsn)
          with conn.cursor() as cur:
              cur.execute("update items set qty = 0")
    `;
    expect(await linesOf(RULE, 'app/routers/x.py', src, { 'app/db.py': DB })).toEqual([7, 10]);
  });

  it('does not flag AsyncSession, sync def routes or asyncpg', async () => {
    const src = py`
      import asyncpg
      from fastapi import Depends
      from sqlalchemy import select
      from sqlalchemy.ext.asyncio import AsyncSession
      from sqlalchemy.orm import Session
      from app.db import SessionLocal, get_sync_db

      async def ok(db: AsyncSession):
          return (await db.execute(select(1))).all()

      def sync_route(db: Session = Depends(get_sync_db)):
          return db.query(1).all()

      async def pg(dsn: str):
          conn = await asyncpg.connect(dsn)
          return await conn.fetch("select 1")
    `;
    expect(await linesOf(RULE, 'app/routers/ok.py', src, { 'app/db.py': DB })).toEqual([]);
  });

  it('flags SQLModel Session.exec in async def, not in a plain def or on its AsyncSession', async () => {
    const src = py`
      from typing import Annotated
      from fastapi import Depends
      from sqlmodel import Session, select
      from sqlmodel.ext.asyncio.session import AsyncSession
      from app.db import get_session

      SessionDep = Annotated[Session, Depends(get_session)]

      async def top(session: SessionDep):
          return session.exec(select(1)).all()

      def top_sync(session: SessionDep):
          return session.exec(select(1)).all()

      async def top_async(session: AsyncSession):
          return (await session.exec(select(1))).all()
    `;
    expect(await linesOf(RULE, 'app/routers/teams.py', src)).toEqual([10]);
  });
});

describe(`${RULE} through sync helpers in other modules`, () => {
  const SESSION = py`
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    SessionLocal = sessionmaker(bind=create_engine("postgresql://app@db/app"))

    def get_db():
        db = SessionLocal()
        try:
            yield db
        finally:
            db.close()
  `;
  const ACCOUNTS = py`
    from functools import lru_cache
    from app.models import Account

    def find_account(db, email: str):
        return db.query(Account).filter(Account.email == email).first()

    def rename_account(db, email: str, name: str):
        account = find_account(db, email)
        account.name = name
        return account

    def close_account(session, email: str):
        account = find_account(session, email)
        session.delete(account)
        session.commit()

    def deep(db, email: str):
        return rename_account(db, email, "x")

    def build_filter(db, email: str):
        return {"email": email, "db": db}

    @lru_cache
    def plan_names(db):
        return [p.name for p in db.query(Account).all()]
  `;
  // A package that gathers its submodules with `from .x import *`.
  const INIT = 'from .accounts import *\n';

  it('reports the call site with the call chain, one and two helpers deep, with the session passed as an argument', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from sqlalchemy.orm import Session
      from app.db import get_db
      from app.services import close_account, rename_account

      router = APIRouter()

      @router.delete("/accounts/{email}")
      async def close(email: str, db: Session = Depends(get_db)):
          close_account(db, email)

      @router.patch("/accounts/{email}")
      async def rename(email: str, name: str, db: Session = Depends(get_db)):
          return rename_account(db=db, email=email, name=name)
    `;
    const found = await findingsOf(RULE, [{ path: 'app/routers/accounts.py', head: src }], {
      'app/db.py': SESSION, 'app/services/__init__.py': INIT, 'app/services/accounts.py': ACCOUNTS,
    });
    expect(found.map((f) => f.line)).toEqual([10, 14]);
    expect(found[0].message).toContain('`close_account()` → `session.delete()` on a sync SQLAlchemy Session');
    expect(found[1].message).toContain('`rename_account()` → `find_account()` → `db.query()` on a sync SQLAlchemy Session');
  });

  it("flags a function of the project's own package that the review did not read, handed the sync session; not a factory, an awaited call, a library or a helper it read", async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from sqlalchemy.orm import Session
      from pandas import read_sql
      from app.db import get_db
      from app.services import build_filter
      from app.search.chats import search_chat_sessions, get_chat_service, search_async

      router = APIRouter()

      @router.get("/chats/search")
      async def search(q: str, db_session: Session = Depends(get_db)):
          sessions, more = search_chat_sessions(user_id=1, db_session=db_session, query=q)
          service = get_chat_service(db_session)
          found = await search_async(db_session, q)
          frame = read_sql("select 1", db_session.bind)
          where = build_filter(db_session, q)
          return {"sessions": sessions, "more": more}
    `;
    const found = await findingsOf(RULE, [{ path: 'app/routers/chats.py', head: src }], {
      'app/__init__.py': '', 'app/db.py': SESSION, 'app/services/__init__.py': INIT, 'app/services/accounts.py': ACCOUNTS,
    });
    expect(found.map((f) => f.line)).toEqual([12]);
    expect(found[0].message).toContain('`search_chat_sessions()`, handed the sync SQLAlchemy Session `db_session`, blocks the event loop inside `async def search`');
  });

  it('does not pair arguments with parameters of a call that cannot fill them (a broken call)', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from sqlalchemy.orm import Session
      from app.db import get_db
      from app.oauth import OauthService

      router = APIRouter()

      @router.post("/google")
      async def google(payload: dict, db: Session = Depends(get_db)):
          return OauthService().create(payload, db)
    `;
    const oauth = 'class OauthService:\n    def create(self, background_tasks, payload, db):\n        return payload.get("email")\n';
    const others = { 'app/db.py': SESSION, 'app/oauth.py': oauth };
    expect(await findingsOf(RULE, [{ path: 'app/routers/google.py', head: src }], others)).toEqual([]);
    // Filled, the same positions do pair: the session really is `payload` there.
    const filled = src.replace('create(payload, db)', 'create(None, db, payload)');
    expect((await findingsOf(RULE, [{ path: 'app/routers/google.py', head: filled }], others)).map((f) => f.line)).toEqual([10]);
    // A helper whose own annotation makes it blocking: a call that cannot fill it never runs its body.
    const typed = 'from sqlalchemy.orm import Session\n\nclass OauthService:\n    def create(self, background_tasks, payload, db: Session):\n        return db.query(payload).first()\n';
    const typedOthers = { 'app/db.py': SESSION, 'app/oauth.py': typed };
    expect(await findingsOf(RULE, [{ path: 'app/routers/google.py', head: src }], typedOthers)).toEqual([]);
    expect((await findingsOf(RULE, [{ path: 'app/routers/google.py', head: filled }], typedOthers)).map((f) => f.line)).toEqual([10]);
  });

  it('stays silent for offloaded, cached, three-deep or I/O-free helpers, async sessions, startup hooks and sync routes', async () => {
    const src = py`
      import asyncio
      from fastapi import Depends, FastAPI
      from fastapi.concurrency import run_in_threadpool
      from sqlalchemy.ext.asyncio import AsyncSession
      from sqlalchemy.orm import Session
      from app.db import SessionLocal, get_db
      from app.services import build_filter, close_account, deep, plan_names, rename_account

      app = FastAPI()

      @app.delete("/a/{email}")
      async def offloaded(email: str, db: Session = Depends(get_db)):
          await run_in_threadpool(close_account, db, email)
          await asyncio.to_thread(rename_account, db, email, "n")
          names = plan_names(db)
          where = build_filter(db, email)
          return deep(db, email), names, where

      @app.get("/b/{email}")
      async def with_async_session(email: str, db: AsyncSession):
          return rename_account(db, email, "n")

      @app.on_event("startup")
      async def seed():
          with SessionLocal() as db:
              close_account(db, "seed@example.com")

      @app.get("/c/{email}")
      def sync_route(email: str, db: Session = Depends(get_db)):
          return rename_account(db, email, "n")
    `;
    const found = await findingsOf(RULE, [{ path: 'app/routers/ok.py', head: src }], {
      'app/db.py': SESSION, 'app/services/__init__.py': INIT, 'app/services/accounts.py': ACCOUNTS,
    });
    expect(found).toEqual([]);
  });

  describe('library-global and proxy sessions', () => {
    const MODELS = py`
      from sqlalchemy import Column, Integer, String
      from sqlalchemy.orm import declarative_base

      Base = declarative_base()

      class ModelsConfig(Base):
          __tablename__ = "models_config"
          id = Column(Integer, primary_key=True)
          org_id = Column(Integer)
          provider = Column(String)

          @classmethod
          def fetch_api_keys(cls, session, organisation_id):
              return session.query(ModelsConfig.provider).filter(ModelsConfig.org_id == organisation_id).all()

          @classmethod
          def describe(cls, session, organisation_id):
              return f"{organisation_id}"
    `;

    it("flags fastapi-sqlalchemy's global db.session (sync) used directly and passed into a classmethod that queries it", async () => {
      const src = py`
        from fastapi import APIRouter
        from fastapi_sqlalchemy import db
        from app.models import ModelsConfig

        router = APIRouter()

        @router.get("/configs/{cid}")
        async def one(cid: int):
            return db.session.query(ModelsConfig).filter(ModelsConfig.id == cid).first()

        @router.get("/api-keys/{org}")
        async def api_keys(org: int):
            return ModelsConfig.fetch_api_keys(db.session, org)

        @router.get("/describe/{org}")
        async def describe(org: int):
            return ModelsConfig.describe(db.session, org)

        @router.get("/sync/{cid}")
        def sync_one(cid: int):
            return db.session.query(ModelsConfig).get(cid)
      `;
      const found = await findingsOf(RULE, [{ path: 'app/routers/configs.py', head: src }], { 'app/models.py': MODELS });
      expect(found.map((f) => f.line)).toEqual([9, 13]);
      expect(found[0].message).toContain('`db.session.query()` on a sync SQLAlchemy Session');
      expect(found[1].message).toContain('`fetch_api_keys()` → `session.query()` on a sync SQLAlchemy Session');
    });

    it("does not flag fastapi-async-sqlalchemy's global session (an AsyncSession)", async () => {
      const src = py`
        from fastapi import APIRouter
        from fastapi_async_sqlalchemy import db
        from sqlalchemy import select
        from app.models import ModelsConfig

        router = APIRouter()

        @router.get("/configs/{cid}")
        async def one(cid: int):
            return (await db.session.execute(select(ModelsConfig).where(ModelsConfig.id == cid))).scalar_one()
      `;
      expect(await findingsOf(RULE, [{ path: 'app/routers/configs.py', head: src }], { 'app/models.py': MODELS })).toEqual([]);
    });

    it("flags Flask-SQLAlchemy's db.session and a scoped_session proxy, not the session the registry gives to a thread", async () => {
      const ext = py`
        from flask_sqlalchemy import SQLAlchemy
        from sqlalchemy import create_engine
        from sqlalchemy.orm import scoped_session, sessionmaker

        db = SQLAlchemy()
        Session = scoped_session(sessionmaker(bind=create_engine("postgresql://app@db/app")))
      `;
      const src = py`
        import asyncio
        from fastapi import APIRouter
        from app.ext import Session, db
        from app.models import ModelsConfig

        router = APIRouter()

        @router.get("/a/{cid}")
        async def a(cid: int):
            row = db.session.get(ModelsConfig, cid)
            db.session.commit()
            return row

        @router.get("/b/{cid}")
        async def b(cid: int):
            return Session.query(ModelsConfig).get(cid)

        @router.get("/c/{cid}")
        async def c(cid: int):
            return await asyncio.to_thread(lambda: Session().get(ModelsConfig, cid))
      `;
      const found = await findingsOf(RULE, [{ path: 'app/routers/flaskish.py', head: src }], { 'app/models.py': MODELS, 'app/ext.py': ext });
      expect(found.map((f) => f.line)).toEqual([10, 16]);
      expect(found[0].message).toContain('line 11');
      expect(found[1].message).toContain('sync SQLAlchemy scoped_session');
    });
  });
});

describe(`${RULE}: a sync Redis client`, () => {
  it('does not report single-key commands (one sub-millisecond round trip), but reports a scan of the keyspace or a whole collection', async () => {
    const src = (calls: string) => py`
      import redis
      from fastapi import APIRouter

      cache = redis.Redis.from_url("redis://cache:6379/0")
      router = APIRouter()

      @router.get("/status/{job_id}")
      async def status(job_id: str):
          ${calls}
          return {}
    `;
    expect(await linesOf(RULE, 'app/routes/status.py', src('cache.setex(f"hb:{job_id}", 60, "1"); state = cache.get(f"job:{job_id}")'))).toEqual([]);
    expect(await linesOf(RULE, 'app/routes/status.py', src('names = cache.keys("job:*")'))).toEqual([9]);
    expect(await linesOf(RULE, 'app/routes/status.py', src('state = cache.get(job_id); members = cache.smembers("jobs")'))).toEqual([9]);
  });
});
