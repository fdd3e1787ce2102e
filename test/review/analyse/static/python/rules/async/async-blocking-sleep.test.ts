import { findingsOf, linesOf, py } from '../../review-python.js';

const RULE = 'async-blocking-sleep';

describe(RULE, () => {
  it('flags time.sleep imported as sleep and suggests await asyncio.sleep', async () => {
    const src = py`
      import asyncio
      from time import sleep

      async def retry(job):
          for attempt in range(3):
              if await job():
                  return True
              sleep(0.5 * (attempt + 1))
    `;
    const [f] = await findingsOf(RULE, [{ path: 'app/retry.py', head: src }]);
    expect(f.line).toBe(8);
    expect(f.suggestion).toBe('        await asyncio.sleep(0.5 * (attempt + 1))');
  });

  it('flags time.sleep imported under another name (from time import sleep as pause)', async () => {
    const src = py`
      import asyncio
      from time import sleep as pause

      async def poll(read):
          while not await read():
              pause(0.25)
    `;
    const [f] = await findingsOf(RULE, [{ path: 'app/poll.py', head: src }]);
    expect(f.line).toBe(6);
    expect(f.suggestion).toBe('        await asyncio.sleep(0.25)');
  });

  it('gives no suggestion when asyncio is not imported (it would not run)', async () => {
    const src = py`
      import time

      async def wait():
          time.sleep(1)
    `;
    const [f] = await findingsOf(RULE, [{ path: 'app/w.py', head: src }]);
    expect(f.line).toBe(4);
    expect(f.suggestion).toBeUndefined();
  });

  it('does not flag asyncio.sleep, a sync def, or a shadowed sleep', async () => {
    const src = py`
      import asyncio
      import time

      async def ok():
          await asyncio.sleep(1)

      def worker():
          time.sleep(1)

      async def shadowed():
          def sleep(x):
              return x
          sleep(1)
    `;
    expect(await linesOf(RULE, 'app/ok.py', src)).toEqual([]);
  });
});
