import { linesOf, py } from '../../review-python.js';

const RULE = 'asyncio-dangling-task';

describe(RULE, () => {
  it('flags a dropped create_task / ensure_future', async () => {
    const src = py`
      import asyncio

      async def job():
          ...

      async def handler():
          asyncio.create_task(job())
          asyncio.get_running_loop().create_task(job())
          asyncio.ensure_future(job())
    `;
    expect(await linesOf(RULE, 'app/x.py', src)).toEqual([7, 8, 9]);
  });

  it('does not flag stored tasks or TaskGroup tasks', async () => {
    const src = py`
      import asyncio

      BACKGROUND = set()

      async def job():
          ...

      async def handler():
          task = asyncio.create_task(job())
          BACKGROUND.add(task)
          async with asyncio.TaskGroup() as tg:
              tg.create_task(job())
    `;
    expect(await linesOf(RULE, 'app/x.py', src)).toEqual([]);
  });
});
