import { findingsOf, linesOf, py } from '../../review-python.js';

const RULE = 'client-or-engine-per-request';

describe(RULE, () => {
  it('flags an engine built in a dependency and an httpx client bound to a service in a route, not an ad-hoc one', async () => {
    const src = py`
      import httpx
      from fastapi import APIRouter, Depends
      from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
      from app.config import settings

      router = APIRouter()

      async def get_replica():
          engine = create_async_engine("postgresql+asyncpg://replica/app")
          async with AsyncSession(engine) as s:
              yield s
          await engine.dispose()

      @router.post("/refunds")
      async def refund(db: AsyncSession = Depends(get_replica)):
          async with httpx.AsyncClient(base_url=settings.psp_url, timeout=10) as client:
              return (await client.post("/refunds")).json()

      @router.get("/preview")
      async def preview(url: str):
          async with httpx.AsyncClient(timeout=10) as client:
              return (await client.get(url)).text
    `;
    expect(await linesOf(RULE, 'app/routers/refunds.py', src)).toEqual([9, 16]);
  });

  it('does not flag the lifespan, cached factories, user-scoped supabase clients or plain helpers', async () => {
    const src = py`
      from contextlib import asynccontextmanager
      from functools import lru_cache
      import httpx
      from fastapi import APIRouter, Depends, FastAPI, Header
      from supabase import create_client

      @asynccontextmanager
      async def lifespan(app: FastAPI):
          app.state.http = httpx.AsyncClient()
          yield

      @lru_cache
      def get_admin():
          return create_client("https://x.supabase.co", "service-key-from-env")

      def user_client(authorization: str = Header(...)):
          client = create_client("https://x.supabase.co", "anon")
          client.postgrest.auth(authorization.split()[1])
          return client

      def build_client():
          return httpx.Client()

      router = APIRouter()

      @router.get("/x")
      def x(sb=Depends(user_client), admin=Depends(get_admin)):
          return {}
    `;
    expect(await linesOf(RULE, 'app/routers/ok.py', src)).toEqual([]);
  });

  it('leaves a lazy singleton created on first use, and flags one rebuilt on every call', async () => {
    const src = py`
      import asyncpg
      from fastapi import APIRouter, Depends

      router = APIRouter()

      class DataBase:
          pool = None

      db = DataBase()

      async def get_database():
          if not db.pool:
              db.pool = await asyncpg.create_pool("postgresql://app")
          return db

      async def get_fresh():
          db.pool = await asyncpg.create_pool("postgresql://app")
          return db

      @router.get("/items")
      async def items(a=Depends(get_database), b=Depends(get_fresh)):
          return []
    `;
    expect(await linesOf(RULE, 'app/db.py', src)).toEqual([17]);
  });

  it('leaves a sync HTTP client inside async def to the blocking-call finding', async () => {
    const src = py`
      import httpx
      from fastapi import APIRouter

      router = APIRouter()

      @router.get("/a")
      async def a():
          with httpx.Client(timeout=5) as c:
              return c.get("https://x").json()

      @router.get("/b")
      def b():
          with httpx.Client(base_url="https://x", timeout=5) as c:
              return c.get("/").json()
    `;
    expect(await linesOf(RULE, 'app/routers/x.py', src)).toEqual([13]);
  });

  it('leaves a service-role supabase client built in a handler to the RLS finding, not one built in a dependency', async () => {
    const src = py`
      import os
      from fastapi import APIRouter, Depends
      from supabase import create_client

      router = APIRouter()

      def admin_client():
          return create_client(os.environ["SUPABASE_URL"], os.environ["SUPABASE_SERVICE_ROLE_KEY"])

      @router.get("/profiles/{profile_id}")
      def profile(profile_id: str):
          sb = create_client(os.environ["SUPABASE_URL"], os.environ["SUPABASE_SERVICE_ROLE_KEY"])
          return sb.table("profiles").select("id").eq("id", profile_id).limit(1).execute().data

      @router.get("/admin/stats")
      def stats(sb=Depends(admin_client)):
          return sb.table("profiles").select("id").limit(1).execute().data
    `;
    expect(await linesOf(RULE, 'app/routers/profiles.py', src)).toEqual([8]);
  });

  it('flags a direct connection per request only when the app has a pool it bypasses', async () => {
    const deps = py`
      import asyncpg
      from app.config import settings

      async def get_conn():
          conn = await asyncpg.connect(settings.dsn)
          try:
              yield conn
          finally:
              await conn.close()

      async def listen_conn():
          conn = await asyncpg.connect(settings.dsn)
          await conn.add_listener("events", print)
          yield conn
    `;
    const router = py`
      from fastapi import APIRouter, Depends
      from app.deps import get_conn, listen_conn

      router = APIRouter()

      @router.get("/x")
      async def x(conn=Depends(get_conn), events=Depends(listen_conn)):
          return await conn.fetchval("SELECT 1")
    `;
    const main = py`
      import asyncpg
      from fastapi import FastAPI
      from app.routers import x

      async def lifespan(app: FastAPI):
          app.state.pool = await asyncpg.create_pool("postgresql://db/app")
          yield

      app = FastAPI(lifespan=lifespan)
      app.include_router(x.router)
    `;
    const changes = [{ path: 'app/deps.py', head: deps }];
    const others = { 'app/routers/x.py': router };
    expect((await findingsOf(RULE, changes, { ...others, 'app/main.py': main })).map((f) => f.line)).toEqual([5]);
    const noPool = main.replace('app.state.pool = await asyncpg.create_pool("postgresql://db/app")', 'pass');
    expect(await findingsOf(RULE, changes, { ...others, 'app/main.py': noPool })).toEqual([]);
  });
});
