import { linesOf, py } from '../../review-python.js';

const RULE = 'fastapi-debug-enabled';

describe(RULE, () => {
  it('flags debug=True on FastAPI', async () => {
    const src = py`
      from fastapi import FastAPI

      app = FastAPI(
          title="api",
          debug=True,
      )
    `;
    expect(await linesOf(RULE, 'app/main.py', src)).toEqual([5]);
  });

  it('does not flag debug driven by settings', async () => {
    const src = py`
      from fastapi import FastAPI
      from app.config import settings

      app = FastAPI(debug=settings.debug)
    `;
    expect(await linesOf(RULE, 'app/main.py', src)).toEqual([]);
  });

  it('flags debug=True through a module constant or an imported one', async () => {
    const src = py`
      from fastapi import FastAPI
      from app.config import DEBUG

      LOCAL_DEBUG = True
      app = FastAPI(debug=DEBUG)
      admin = FastAPI(debug=LOCAL_DEBUG)
    `;
    expect(await linesOf(RULE, 'app/main.py', src, { 'app/config.py': 'DEBUG = True\n' })).toEqual([5, 6]);
  });

  it('does not flag a constant that is False or read from the environment', async () => {
    const src = py`
      import os
      from fastapi import FastAPI

      DEBUG = False
      ENV_DEBUG = os.getenv("DEBUG", "0") == "1"
      app = FastAPI(debug=DEBUG)
      other = FastAPI(debug=ENV_DEBUG)
    `;
    expect(await linesOf(RULE, 'app/main.py', src)).toEqual([]);
  });
});
