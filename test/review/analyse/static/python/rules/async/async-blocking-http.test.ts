import { linesOf, findingsOf, py } from '../../review-python.js';

const RULE = 'async-blocking-http';

describe(RULE, () => {
  it('flags an aliased requests call inside async def, once per function', async () => {
    const src = py`
      import requests as rq
      from fastapi import APIRouter
      router = APIRouter()

      @router.get("/w")
      async def weather(city: str):
          r = rq.get("https://api.example/w", params={"q": city}, timeout=5)
          r2 = rq.post("https://api.example/log", json={}, timeout=5)
          return r.json()
    `;
    expect(await linesOf(RULE, 'app/routers/w.py', src)).toEqual([7]);
    const [f] = await findingsOf(RULE, [{ path: 'app/routers/w.py', head: src }]);
    expect(f.message).toContain('line 8');
    expect(f.category).toBe('async');
  });

  it('flags an httpx.Client built earlier and a urllib call', async () => {
    const src = py`
      import httpx
      from urllib.request import urlopen

      async def sync_both(url: str):
          with httpx.Client(timeout=3) as client:
              client.get(url)

      async def fetch(url: str):
          return urlopen(url).read()
    `;
    expect(await linesOf(RULE, 'app/services/s.py', src)).toEqual([6, 9]);
  });

  it('flags boto3 and smtplib calls inside async def', async () => {
    const src = py`
      import smtplib
      import boto3

      s3 = boto3.client("s3")

      async def upload(key: str, data: bytes):
          s3.put_object(Bucket="b", Key=key, Body=data)

      async def mail(msg):
          with smtplib.SMTP("smtp.example", 587) as smtp:
              smtp.send_message(msg)
    `;
    expect(await linesOf(RULE, 'app/services/io.py', src)).toEqual([7, 10]);
  });

  it('reports a connection used across awaits once, on the stall that opened it; separate calls stay separate', async () => {
    const src = py`
      import smtplib
      import requests

      async def send(msg_factory):
          smtp = smtplib.SMTP("smtp.example", 587)
          smtp.starttls()
          msg = await msg_factory()
          smtp.send_message(msg)
          await audit()
          smtp.quit()

      async def send_with(msg_factory):
          with smtplib.SMTP("smtp.example", 587) as smtp:
              msg = await msg_factory()
              smtp.send_message(msg)

      async def two_calls(url: str):
          requests.get(url, timeout=5)
          await audit()
          requests.get(url, timeout=5)
    `;
    const found = await findingsOf(RULE, [{ path: 'app/services/mail.py', head: src }]);
    expect(found.map((f) => f.line)).toEqual([5, 13, 18, 20]);
    expect(found[0].message).toContain('lines 6, 8, 10');
    expect(found[1].message).toContain('line 15');
  });

  it('follows a plain helper that performs the blocking call', async () => {
    const helper = py`
      import requests

      def geocode(q: str):
          return requests.get("https://geo.example", params={"q": q}, timeout=5).json()
    `;
    const src = py`
      from app.services.geo import geocode

      async def locate(q: str):
          return geocode(q)
    `;
    const found = await findingsOf(RULE, [{ path: 'app/routers/loc.py', head: src }], { 'app/services/geo.py': helper });
    expect(found.map((f) => f.line)).toEqual([4]);
    expect(found[0].message).toContain('geocode()');
  });

  it('does not follow a fire-and-forget helper that posts from a thread', async () => {
    const telemetry = py`
      import threading
      import requests

      def send_event(name: str, blocking: bool = False):
          def post() -> bool:
              return requests.post("https://t.example", json={"e": name}, timeout=2).ok

          if blocking:
              return post()
          threading.Thread(target=post, daemon=True).start()
          return None
    `;
    const src = py`
      from app.telemetry import send_event

      async def on_signup(user_id: int):
          send_event("signup")
    `;
    expect(await linesOf(RULE, 'app/services/signup.py', src, { 'app/telemetry.py': telemetry })).toEqual([]);
  });

  it('does not flag sync routes, threadpool offloading, nested defs, lambdas or httpx.AsyncClient', async () => {
    const src = py`
      import asyncio
      import httpx
      import requests
      from fastapi.concurrency import run_in_threadpool

      def sync_route(url: str):
          return requests.get(url, timeout=5).json()

      async def offloaded(url: str):
          a = await run_in_threadpool(requests.get, url, timeout=5)
          b = await asyncio.to_thread(lambda: requests.get(url, timeout=5))

          def inner():
              return requests.get(url, timeout=5)

          c = await run_in_threadpool(inner)
          async with httpx.AsyncClient() as client:
              d = await client.get(url)
          return a, b, c, d
    `;
    expect(await linesOf(RULE, 'app/routers/ok.py', src)).toEqual([]);
  });

  it('does not flag startup hooks, scripts or tests', async () => {
    const src = py`
      import requests
      from fastapi import FastAPI

      app = FastAPI()

      @app.on_event("startup")
      async def warm():
          requests.get("https://config.example", timeout=5)

      async def main():
          requests.get("https://seed.example", timeout=5)
    `;
    expect(await linesOf(RULE, 'app/main.py', src)).toEqual([11]);
    expect(await linesOf(RULE, 'scripts/seed.py', src)).toEqual([]);
    expect(await linesOf(RULE, 'tests/test_seed.py', src)).toEqual([]);
  });

  it('judges a function by where production code calls it: callers in tests or their set-up never make it start-up work', async () => {
    const sdk = py`
      import requests

      class Documents:
          async def create(self, s3_url: str):
              return requests.get(s3_url).content
    `;
    const caller = py`
      from sdk.documents import Documents

      async def startup():
          await Documents().create("https://bucket.example/doc.pdf")
    `;
    const lines = async (callerPath: string) =>
      (await findingsOf(RULE, [{ path: 'sdk/documents.py', head: sdk }, { path: callerPath, head: caller }])).map((f) => `${f.path}:${f.line}`);
    expect(await lines('app/boot.py')).toEqual([]);
    expect(await lines('tests/conftest.py')).toEqual(['sdk/documents.py:5']);
  });

  it('ignores lines the change did not touch', async () => {
    const base = py`
      import requests

      async def legacy(url: str):
          return requests.get(url, timeout=5).json()
    `;
    const head = base.replace('async def legacy(url: str):', 'async def legacy(url: str):\n    """Kept for old clients."""');
    expect(await linesOf(RULE, 'app/legacy.py', head, {}, base)).toEqual([]);
  });

  it('flags a urllib3 PoolManager request inside async def', async () => {
    const src = py`
      import urllib3

      pool = urllib3.PoolManager()

      async def fetch():
          return pool.request("GET", "https://api.example.com").data

      def fetch_sync():
          return pool.request("GET", "https://api.example.com").data
    `;
    expect(await linesOf(RULE, 'app/services/remote.py', src)).toEqual([6]);
  });

  it('flags a PyJWKClient key lookup (a JWKS fetch over urllib) inside an async dependency, not in a sync one', async () => {
    const src = py`
      import jwt

      jwks = jwt.PyJWKClient("https://idp.example.com/.well-known/jwks.json")

      async def current_user(token: str) -> dict:
          key = jwks.get_signing_key_from_jwt(token)
          return jwt.decode(token, key.key, algorithms=["RS256"], audience="api")

      def current_user_sync(token: str) -> dict:
          key = jwks.get_signing_key_from_jwt(token)
          return jwt.decode(token, key.key, algorithms=["RS256"], audience="api")
    `;
    expect(await linesOf(RULE, 'app/auth.py', src)).toEqual([6]);
  });

  describe('an abstract method called on its own class, implemented by subclasses in other modules', () => {
    const base = py`
      from abc import abstractmethod

      class LLMClient:
          def request(self, data: dict) -> dict:
              raise NotImplementedError

          @abstractmethod
          def build(self, prompt: str) -> dict:
              ...

          async def send(self, prompt: str) -> dict:
              data = self.build(prompt)
              return self.request(data)

          async def send_built(self, prompt: str) -> dict:
              return LLMClient().request({"prompt": prompt})

      async def send_with(client: LLMClient, prompt: str) -> dict:
          return client.request({"prompt": prompt})
    `;
    const blocking = py`
      import requests
      from app.llm.base import LLMClient

      class HttpClient(LLMClient):
          def build(self, prompt: str) -> dict:
              return {"prompt": prompt}

          def request(self, data: dict) -> dict:
              return requests.post("https://llm.example/v1", json=data, timeout=30).json()
    `;
    const local = py`
      from app.llm.base import LLMClient

      class EchoClient(LLMClient):
          def build(self, prompt: str) -> dict:
              return {"prompt": prompt}

          def request(self, data: dict) -> dict:
              return {"echo": data}
    `;
    const route = py`
      from app.llm.base import send_with
      from app.llm.http import HttpClient

      async def answer(prompt: str):
          client = HttpClient()
          await client.send(prompt)
          await client.send_built(prompt)
          return await send_with(client, prompt)
    `;

    it('flags self.request() in the base class and on a parameter typed with it when an implementation blocks, naming it', async () => {
      const found = await findingsOf(RULE, [{ path: 'app/llm/base.py', head: base }], { 'app/llm/http.py': blocking, 'app/llm/echo.py': local, 'app/services/answers.py': route });
      // Both calls run the same method: one finding, naming the other place.
      expect(found.map((f) => f.line)).toEqual([13]);
      expect(found[0].message).toContain('an implementation (`HttpClient.request`) blocks');
      expect(found[0].message).toContain('`HttpClient.request()` → `requests.post`');
      expect(found[0].message).toContain('The same call blocks in 1 other place of this change (in `app/llm/base.py` at line 19): one fix in `request()`');
    });

    it('names the first three blocking implementations and counts the others', async () => {
      const many: Record<string, string> = {};
      for (const name of ['A', 'B', 'C', 'D', 'E']) many[`app/llm/${name.toLowerCase()}.py`] = blocking.replace('class HttpClient', `class ${name}Client`);
      const found = await findingsOf(RULE, [{ path: 'app/llm/base.py', head: base }], { ...many, 'app/services/answers.py': route.replace('app.llm.http import HttpClient', 'app.llm.a import AClient as HttpClient') });
      expect(found.map((f) => f.line)).toEqual([13]);
      expect(found[0].message).toContain('implementations (`AClient.request`, `BClient.request`, `CClient.request` and 2 more) block');
    });

    it('leaves the call when no implementation blocks', async () => {
      expect(await linesOf(RULE, 'app/llm/base.py', base, { 'app/llm/echo.py': local, 'app/services/answers.py': route.replace('app.llm.http import HttpClient', 'app.llm.echo import EchoClient as HttpClient') })).toEqual([]);
    });

    it("leaves a subclass's self: its own methods decide, not its siblings'", async () => {
      const sibling = py`
        from app.llm.base import LLMClient

        class CachedClient(LLMClient):
            async def refresh(self, prompt: str) -> dict:
                return self.request({"prompt": prompt})
      `;
      const caller = py`
        from app.llm.cached import CachedClient

        async def warm():
            return await CachedClient().refresh("x")
      `;
      expect(await linesOf(RULE, 'app/llm/cached.py', sibling, { 'app/llm/base.py': base, 'app/llm/http.py': blocking, 'app/warm.py': caller })).toEqual([]);
    });
  });
});
