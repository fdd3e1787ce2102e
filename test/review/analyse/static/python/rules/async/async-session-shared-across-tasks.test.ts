import { linesOf, py } from '../../review-python.js';

const RULE = 'async-session-shared-across-tasks';

describe(RULE, () => {
  it('flags gather over coroutines sharing one AsyncSession', async () => {
    const src = py`
      import asyncio
      from sqlalchemy import select
      from sqlalchemy.ext.asyncio import AsyncSession

      async def load(db: AsyncSession, i: int):
          return await db.get(object, i)

      async def dashboard(db: AsyncSession, ids: list[int]):
          a, b = await asyncio.gather(db.execute(select(1)), db.execute(select(2)))
          rows = await asyncio.gather(*(load(db, i) for i in ids))
          return a, b, rows
    `;
    expect(await linesOf(RULE, 'app/services/dash.py', src)).toEqual([9, 10]);
  });

  it('does not flag gather over independent clients or a single session use', async () => {
    const src = py`
      import asyncio
      import httpx
      from sqlalchemy import select
      from sqlalchemy.ext.asyncio import AsyncSession

      async def dashboard(db: AsyncSession, http: httpx.AsyncClient):
          rows, weather = await asyncio.gather(db.execute(select(1)), http.get("https://w.example"))
          return rows, weather
    `;
    expect(await linesOf(RULE, 'app/services/dash.py', src)).toEqual([]);
  });
});
