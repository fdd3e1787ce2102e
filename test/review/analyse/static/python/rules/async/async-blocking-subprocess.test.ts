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

  it('flags a Popen the function waits for (wait, communicate, output read, with block), not one it only starts', async () => {
    const src = py`
      import subprocess

      async def start_browser(cmd: list[str]):
          subprocess.Popen(cmd, stdout=subprocess.DEVNULL)

      async def start_and_track(cmd: list[str]):
          proc = subprocess.Popen(cmd)
          return proc.pid

      async def convert(cmd: list[str]):
          proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)
          out, _ = proc.communicate()
          return out

      async def convert_chained(cmd: list[str]):
          return subprocess.Popen(cmd, stdout=subprocess.PIPE).communicate()[0]

      async def convert_in_block(cmd: list[str]):
          with subprocess.Popen(cmd) as proc:
              pass
    `;
    expect(await linesOf(RULE, 'app/browser.py', src)).toEqual([11, 16, 19]);
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
