import { linesOf, py } from '../review-python.js';

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
});
