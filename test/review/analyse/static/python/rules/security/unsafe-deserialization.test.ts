import { findingsOf, linesOf, py } from '../../review-python.js';

const RULE = 'unsafe-deserialization';

describe(RULE, () => {
  it('flags yaml.load with an unsafe loader (with a safe_load suggestion) and pickle.loads in a route', async () => {
    const src = py`
      import base64
      import pickle
      import yaml
      from fastapi import APIRouter, Request

      router = APIRouter()

      @router.post("/import")
      async def import_users(request: Request):
          document = yaml.load(await request.body(), Loader=yaml.Loader)
          return document

      @router.post("/resume")
      def resume(state: str):
          return pickle.loads(base64.b64decode(state))
    `;
    const found = await findingsOf(RULE, [{ path: 'app/routers/admin.py', head: src }]);
    expect(found.map((f) => f.line)).toEqual([10, 15]);
    expect(found[0].suggestion).toBe('    document = yaml.safe_load(await request.body())');
  });

  it('flags pickle.loads imported under another name', async () => {
    const src = py`
      from fastapi import APIRouter
      from pickle import loads as unpickle

      router = APIRouter()

      @router.post("/restore")
      def restore(blob: bytes):
          return unpickle(blob)
    `;
    expect(await linesOf(RULE, 'app/routers/restore.py', src)).toEqual([8]);
  });

  it('does not flag safe_load, SafeLoader, or pickle of trusted cache data outside request handlers', async () => {
    const src = py`
      import pickle
      import yaml

      def load_config(path: str):
          with open(path) as fh:
              a = yaml.safe_load(fh)
              b = yaml.load(fh, Loader=yaml.SafeLoader)
          return a, b

      def from_cache(redis_blob: bytes):
          return pickle.loads(redis_blob)
    `;
    expect(await linesOf(RULE, 'app/config_loader.py', src)).toEqual([]);
  });
});
