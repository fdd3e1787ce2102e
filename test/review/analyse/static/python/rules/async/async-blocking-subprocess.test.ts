import { linesOf, py } from '../../review-python.js';

const RULE = 'async-blocking-subprocess';

describe(RULE, () => {
  it('flags subprocess.run and os.system in async code', async () => {
    const src = py`
      import os
      import subprocess as sp

      async def compress(path: str):
          sp.run(["gzip", "-f", path], check=True)

      async def cleanup():
          os.system("rm -rf /tmp/cache")
    `;
    expect(await linesOf(RULE, 'app/jobs.py', src)).toEqual([5, 8]);
  });

  it('does not flag asyncio subprocesses or to_thread offloading', async () => {
    const src = py`
      import asyncio
      import subprocess

      async def compress(path: str):
          proc = await asyncio.create_subprocess_exec("gzip", "-f", path)
          await proc.wait()
          await asyncio.to_thread(subprocess.run, ["sync"], check=True)
    `;
    expect(await linesOf(RULE, 'app/jobs.py', src)).toEqual([]);
  });
});
