import { linesOf, py } from '../review-python.js';

const RULE = 'async-blocking-file-io';

describe(RULE, () => {
  it('flags open() and Path I/O in async def', async () => {
    const src = py`
      from pathlib import Path

      EXPORTS = Path("/srv/exports")

      class Reports:
          async def export(self, name: str, data: str) -> Path:
              target = EXPORTS / f"{name}.csv"
              with open(target, "w") as fh:
                  fh.write(data)
              return target

      async def read_logo() -> bytes:
          return (EXPORTS / "logo.png").read_bytes()
    `;
    expect(await linesOf(RULE, 'app/services/reports.py', src)).toEqual([8, 13]);
  });

  it('does not flag path arithmetic, aiofiles, to_thread, or the lifespan', async () => {
    const src = py`
      import asyncio
      import json
      from contextlib import asynccontextmanager
      from pathlib import Path

      import aiofiles

      BASE = Path("/srv")

      async def paths(name: str):
          p = BASE / name
          return p.with_suffix(".gz").name

      async def read(name: str):
          async with aiofiles.open(BASE / name) as fh:
              return await fh.read()

      async def offload(name: str):
          return await asyncio.to_thread((BASE / name).read_text)

      @asynccontextmanager
      async def lifespan(app):
          with open("config.json") as fh:
              app.state.config = json.load(fh)
          yield
    `;
    expect(await linesOf(RULE, 'app/io.py', src)).toEqual([]);
  });
});
