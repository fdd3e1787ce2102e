import { findingsOf, linesOf, py } from '../review-python.js';

const RULE = 'missing-await';

describe(RULE, () => {
  it('flags an un-awaited AsyncSession.commit and suggests adding await', async () => {
    const src = py`
      from fastapi import Depends
      from sqlalchemy.ext.asyncio import AsyncSession
      from app.db import get_session

      async def delete_bookmark(bookmark_id: int, db: AsyncSession = Depends(get_session)):
          bm = await db.get(Bookmark, bookmark_id)
          await db.delete(bm)
          db.commit()
    `;
    const [f] = await findingsOf(RULE, [{ path: 'app/routers/b.py', head: src }]);
    expect(f.line).toBe(8);
    expect(f.suggestion).toBe('    await db.commit()');
  });

  it('flags asyncio.sleep, a project coroutine and a result used as if awaited', async () => {
    const src = py`
      import asyncio
      from sqlalchemy import select
      from sqlalchemy.ext.asyncio import AsyncSession

      class Repo:
          def __init__(self, db):
              self.db = db

          async def save(self, obj):
              self.db.add(obj)

      async def notify(user_id: int) -> None:
          ...

      async def run(repo: Repo, db: "AsyncSession", uid: int):
          asyncio.sleep(0.1)
          notify(uid)
          repo.save(object())
          result = db.execute(select(1))
          return result.scalars().all()
    `;
    expect(await linesOf(RULE, 'app/services/run.py', src)).toEqual([16, 17, 18, 19]);
  });

  it('does not flag coroutines that are awaited later, scheduled, gathered, returned or in a sync helper of add', async () => {
    const src = py`
      import asyncio
      from fastapi import BackgroundTasks
      from sqlalchemy.ext.asyncio import AsyncSession

      async def send(uid: int) -> None:
          ...

      async def fan_out(ids: list[int], db: AsyncSession, tasks: BackgroundTasks):
          pending = send(ids[0])
          await pending
          await asyncio.gather(*(send(i) for i in ids))
          task = asyncio.create_task(send(1))
          coros = [send(i) for i in ids]
          await asyncio.wait_for(send(2), timeout=1)
          tasks.add_task(send, 3)
          db.add(object())
          db.add_all([])
          await task
          return send(4)
    `;
    expect(await linesOf(RULE, 'app/services/fan.py', src)).toEqual([]);
  });

  it('does not treat a sync Session as async', async () => {
    const src = py`
      from sqlalchemy.orm import Session

      def save(db: Session, obj):
          db.add(obj)
          db.commit()
    `;
    expect(await linesOf(RULE, 'app/services/save.py', src)).toEqual([]);
  });

  it('flags an un-awaited SQLModel AsyncSession.exec', async () => {
    const src = py`
      from sqlmodel import select
      from sqlmodel.ext.asyncio.session import AsyncSession

      async def heroes(session: AsyncSession):
          result = session.exec(select(1))
          return result.all()
    `;
    expect(await linesOf(RULE, 'app/services/heroes.py', src)).toEqual([5]);
  });
});
