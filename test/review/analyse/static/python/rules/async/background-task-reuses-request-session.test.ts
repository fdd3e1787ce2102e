import { linesOf, py } from '../../review-python.js';

const RULE = 'background-task-reuses-request-session';

const DB = py`
  from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

  SessionLocal = async_sessionmaker(create_async_engine("postgresql+asyncpg://db/app"))

  async def get_db():
      async with SessionLocal() as session:
          yield session
`;

describe(RULE, () => {
  it('flags a yield-dependency session handed to a background task', async () => {
    const src = py`
      from fastapi import APIRouter, BackgroundTasks, Depends
      from sqlalchemy.ext.asyncio import AsyncSession
      from app.db import get_db

      router = APIRouter()

      async def send_receipt(db: AsyncSession, order_id: int):
          ...

      @router.post("/orders/{order_id}/pay")
      async def pay(order_id: int, tasks: BackgroundTasks, db: AsyncSession = Depends(get_db)):
          tasks.add_task(send_receipt, db, order_id)
          return {}
    `;
    expect(await linesOf(RULE, 'app/routers/orders.py', src, { 'app/db.py': DB })).toEqual([12]);
  });

  it('does not flag passing ids, or a session that is not request-scoped', async () => {
    const src = py`
      from fastapi import APIRouter, BackgroundTasks, Depends
      from sqlalchemy.ext.asyncio import AsyncSession
      from app.db import get_db

      router = APIRouter()

      async def send_receipt(order_id: int):
          ...

      @router.post("/orders/{order_id}/pay")
      async def pay(order_id: int, tasks: BackgroundTasks, db: AsyncSession = Depends(get_db)):
          tasks.add_task(send_receipt, order_id)
          return {}
    `;
    expect(await linesOf(RULE, 'app/routers/orders.py', src, { 'app/db.py': DB })).toEqual([]);
  });
});
