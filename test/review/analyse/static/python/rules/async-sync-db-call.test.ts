import { findingsOf, linesOf, py } from '../review-python.js';

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
