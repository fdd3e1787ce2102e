import { findingsOf, py } from '../../review-python.js';

/**
 * The blocking rules stay quiet where the stall cannot happen on a request: a function nothing in
 * the repository calls, a helper mode the caller switches off, a helper that memoises its fetch.
 * Each class is checked next to the shape that still blocks.
 */

const MAIL = py`
  import requests

  async def send_welcome(email: str):
      requests.post("https://mail.example/send", json={"to": email}, timeout=5)

  async def send_receipt(email: str):
      requests.post("https://mail.example/send", json={"to": email, "kind": "receipt"}, timeout=5)
`;

const ROUTES = py`
  from fastapi import APIRouter
  from app.services.mail import send_welcome, send_receipt

  router = APIRouter()

  @router.post("/signup")
  async def signup(email: str):
      # send_welcome is mentioned in a comment only
      await send_receipt(email)
      return {"ok": True}
`;

describe('blocking rules: dead code', () => {
  it('drops a function that is only imported, never called, and keeps the called one', async () => {
    const found = await findingsOf('async-blocking-http', [
      { path: 'app/services/mail.py', head: MAIL },
      { path: 'app/routers/auth.py', head: ROUTES },
    ]);
    expect(found.map((f) => `${f.path}:${f.line}`)).toEqual(['app/services/mail.py:7']);
  });

  it('drops a function whose only caller is itself dead, and keeps it once a live function calls that caller', async () => {
    const parser = py`
      import requests

      async def fetch_form(url: str):
          return requests.get(url, timeout=5).text

      async def document_from_url(url: str):
          return await fetch_form(url)
    `;
    const routes = (body: string) => py`
      from fastapi import APIRouter
      from app.rag import parser

      router = APIRouter()

      @router.post("/documents")
      async def add_document(url: str):
          ${body}
    `;
    const run = async (body: string) =>
      (await findingsOf('async-blocking-http', [{ path: 'app/rag/parser.py', head: parser }, { path: 'app/routers/docs.py', head: routes(body) }])).map((f) => `${f.path}:${f.line}`);
    expect(await run('return {"url": url}')).toEqual([]);
    expect(await run('return await parser.document_from_url(url)')).toEqual(['app/rag/parser.py:4']);
  });

  it('keeps every function of a module nothing imports (it may be loaded by path or by name)', async () => {
    const found = await findingsOf('async-blocking-http', [{ path: 'app/services/mail.py', head: MAIL }]);
    expect(found.map((f) => f.line)).toEqual([4, 7]);
  });

  it('keeps a function used through an alias, a string or a module attribute', async () => {
    for (const use of ['from app.services.mail import send_welcome as welcome\nwelcome("a@b.c")', 'HANDLERS = {"welcome": "send_welcome"}\nimport app.services.mail', 'import app.services.mail as mail\nmail.send_welcome("a@b.c")']) {
      const found = await findingsOf('async-blocking-http', [{ path: 'app/services/mail.py', head: MAIL }], {
        'app/routers/auth.py': ROUTES,
        'app/jobs/welcome.py': use + '\n',
      });
      expect(found.map((f) => f.line)).toEqual([4, 7]);
    }
  });

  it("drops a function whose name only another module's own function of that name uses (a copy of the module), keeps it once one calls this one", async () => {
    const copy = (call: string) => py`
      import requests

      async def send_welcome(email: str):
          requests.post("https://legacy.example/send", json={"to": email}, timeout=5)

      async def main(emails: list[str]):
          for email in emails:
              await ${call}("a@b.c")
    `;
    const mail = MAIL.replace('async def send_receipt', '# send_welcome(email) is no longer called here\nasync def send_receipt');
    const found = async (call: string) => (await findingsOf('async-blocking-http', [
      { path: 'app/services/mail.py', head: mail },
      { path: 'app/legacy/mail_copy.py', head: (call === 'shared' ? 'from app.services import mail as shared\n' : '') + copy(call === 'shared' ? 'shared.send_welcome' : call) },
      { path: 'app/routers/auth.py', head: ROUTES },
    ])).filter((f) => f.path === 'app/services/mail.py').map((f) => f.line);
    expect(await found('send_welcome')).toEqual([8]);
    expect(await found('shared')).toEqual([4, 8]);
  });

  it('drops a private method of a base-less class that no call reaches, keeps the one it calls', async () => {
    const service = py`
      import requests

      class Notifier:
          def __init__(self, url: str):
              self.url = url

          async def _asend(self, text: str):
              return self.send(text)

          async def send_now(self, text: str):
              requests.post(self.url, json={"text": text}, timeout=5)

          def send(self, text: str):
              return requests.post(self.url, json={"text": text}, timeout=5)
    `;
    const other = py`
      class Other:
          async def _asend(self, text: str):
              return text

      async def run(n):
          other = Other()
          await other._asend("x")
          await n.send_now("y")
    `;
    const files = [
      { path: 'app/services/notifier.py', head: service },
      { path: 'app/jobs/run.py', head: `from app.services.notifier import Notifier\nNOTIFIER = Notifier("https://hooks.example")\n${other}` },
    ];
    const found = await findingsOf('async-blocking-http', files);
    expect(found.map((f) => `${f.path}:${f.line}`)).toEqual(['app/services/notifier.py:11']);
  });

  it('resolves a call through an attribute set to None first and to a factory result later', async () => {
    const service = py`
      import requests

      class Notifier:
          def __init__(self, url: str):
              self.url = url

          async def _asend(self, text: str):
              return self.send(text)

          def send(self, text: str):
              return requests.post(self.url, json={"text": text}, timeout=5)
    `;
    // The only other `_asend` call goes through `self.client`: None in __init__, then what `make_client()` returns.
    const job = (factory: string) => py`
      from app.services.notifier import Notifier

      NOTIFIER = Notifier("https://hooks.example")

      class Other:
          async def _asend(self, text: str):
              return text

      def make_client() -> ${factory}:
          return ${factory}(${factory === 'Notifier' ? '"https://hooks.example"' : ''})

      class Job:
          def __init__(self):
              self.client = None

          async def run(self):
              if self.client is None:
                  self.client = make_client()
              await self.client._asend("x")
    `;
    const quiet = await findingsOf('async-blocking-http', [
      { path: 'app/services/notifier.py', head: service },
      { path: 'app/jobs/run.py', head: job('Other') },
    ]);
    expect(quiet).toEqual([]);
    const reached = await findingsOf('async-blocking-http', [
      { path: 'app/services/notifier.py', head: service },
      { path: 'app/jobs/run.py', head: job('Notifier') },
    ]);
    expect(reached.map((f) => `${f.path}:${f.line}`)).toEqual(['app/services/notifier.py:8']);
  });

  it('keeps a method of a class with a framework base (the framework calls it)', async () => {
    const tool = py`
      import requests
      from langchain.tools import BaseTool

      class PriceTool(BaseTool):
          async def _arun(self, symbol: str):
              return requests.get("https://prices.example/" + symbol, timeout=5).json()
    `;
    const found = await findingsOf('async-blocking-http', [
      { path: 'app/tools/price.py', head: tool },
      { path: 'app/tools/registry.py', head: 'from app.tools.price import PriceTool\nTOOLS = [PriceTool()]\n' },
    ]);
    expect(found.map((f) => f.line)).toEqual([6]);
  });
});

describe('blocking rules: helper modes and memoised helpers', () => {
  const TRACER = py`
    import psutil

    def system_metrics() -> dict:
        return {"cpu": psutil.cpu_percent(interval=0.1)}

    def start_trace(trace_name: str = "session", tags=None) -> dict:
        attributes = {"name": trace_name}
        if trace_name == "session":
            attributes.update(system_metrics())
        return attributes
  `;

  it('drops a stall that only the helper default mode reaches when the caller passes another value', async () => {
    const caller = py`
      from app.tracing import start_trace

      async def traced(name: str):
          return start_trace(trace_name=name)

      async def traced_literal():
          return start_trace("checkout")
    `;
    const found = await findingsOf('async-sync-sdk-call', [{ path: 'app/api/traced.py', head: caller }], { 'app/tracing.py': TRACER });
    expect(found).toEqual([]);
  });

  it('keeps it when the caller leaves the default or asks for that mode', async () => {
    const caller = py`
      from app.tracing import start_trace

      async def session_trace():
          return start_trace()

      async def named_session():
          return start_trace(trace_name="session")
    `;
    const found = await findingsOf('async-sync-sdk-call', [{ path: 'app/api/traced.py', head: caller }], { 'app/tracing.py': TRACER });
    expect(found.map((f) => f.line)).toEqual([4]);
    expect(found[0].message).toContain('`start_trace()` → `system_metrics()` → `psutil.cpu_percent()`');
    expect(found[0].message).toContain('The same call blocks in 1 other place of this change (in `app/api/traced.py` at line 7)');
  });

  const billing = (early: string) => py`
    import stripe

    class Pricing:
        def __init__(self):
            self._cache = None

        def fresh(self) -> bool:
            return self._cache is not None

        def prices(self) -> dict:
            ${early}
            price = stripe.Price.retrieve("price_123")
            self._cache = {"unit": price.unit_amount}
            return self._cache

    pricing = Pricing()

    async def quote(units: int) -> int:
        return pricing.prices()["unit"] * units
  `;

  it('drops a helper that returns its stored value early and stores what it fetches (memoised)', async () => {
    const found = await findingsOf('async-sync-sdk-call', [{ path: 'app/services/billing.py', head: billing('if self.fresh():\n                return self._cache') }]);
    expect(found).toEqual([]);
  });

  it('keeps a helper that fetches on every call', async () => {
    const found = await findingsOf('async-sync-sdk-call', [{ path: 'app/services/billing.py', head: billing('pass') }]);
    expect(found.map((f) => f.line)).toEqual([19]);
  });

  it('drops file work a helper does only for keys its in-memory constant lacks (a fallback after `if key in PROMPTS: return`)', async () => {
    const src = (guard: string) => py`
      import os

      PROMPTS = {"memgpt_chat": "You are a helpful agent."}


      def get_system_text(key: str) -> str:
          ${guard}
          path = os.path.join(os.path.expanduser("~/.app/prompts"), f"{key}.txt")
          with open(path, encoding="utf-8") as fh:
              return fh.read()


      async def build_agent(name: str) -> str:
          return get_system_text("memgpt_chat")
    `;
    expect(await findingsOf('async-blocking-file-io', [{ path: 'app/prompts.py', head: src('if key in PROMPTS:\n              return PROMPTS[key]') }])).toEqual([]);
    expect((await findingsOf('async-blocking-file-io', [{ path: 'app/prompts.py', head: src('key = key.strip()') }])).map((f) => f.line)).toEqual([14]);
  });

  it('drops a helper whose work runs once per object (under `if self._x is None:`, which sets it), keeps one that does not set it', async () => {
    const repo = (store: string) => py`
      import subprocess


      class Repo:
          def __init__(self):
              self._git = None

          def _check_git(self) -> None:
              if self._git is None:
                  subprocess.run(["git", "--version"], check=True)
                  ${store}

          async def history(self) -> list[str]:
              self._check_git()
              return []
    `;
    expect(await findingsOf('async-blocking-subprocess', [{ path: 'app/repo.py', head: repo('self._git = True') }])).toEqual([]);
    expect((await findingsOf('async-blocking-subprocess', [{ path: 'app/repo.py', head: repo('print("checked")') }])).map((f) => f.line)).toEqual([14]);
  });
});

describe('blocking rules: a job on a loop of its own', () => {
  const JOB = py`
    import time
    from app.db import get_supabase

    async def ingest(file_id: str):
        time.sleep(2)
        get_supabase().table("files").update({"done": True}).eq("id", file_id).execute()

    async def ingest_all(ids: list[str]):
        for i in ids:
            await ingest(i)
  `;
  const WORKER = py`
    import asyncio
    from celery import Celery
    from app.jobs.ingest import ingest, ingest_all

    celery = Celery("worker")

    @celery.task
    def ingest_task(file_id: str):
        loop = asyncio.get_event_loop()
        loop.run_until_complete(ingest(file_id))

    @celery.task
    def ingest_many(ids: list[str]):
        asyncio.run(asyncio.wait_for(ingest_all(ids), 600))
  `;

  it('drops a stall in a coroutine that only Celery tasks run with asyncio.run / run_until_complete, directly or through another coroutine', async () => {
    const found = await findingsOf('async-blocking-sleep', [{ path: 'app/jobs/ingest.py', head: JOB }, { path: 'app/worker.py', head: WORKER }]);
    expect(found).toEqual([]);
  });

  it('drops it when a beat schedule labels its entry with the coroutine\'s name, and keeps it when a string looks it up', async () => {
    const beat = `${WORKER}\ncelery.conf.beat_schedule = {\n    "ingest": {"task": "ingest_task", "schedule": 60.0},\n}\n`;
    expect(await findingsOf('async-blocking-sleep', [{ path: 'app/jobs/ingest.py', head: JOB }, { path: 'app/worker.py', head: beat }])).toEqual([]);
    const lookup = `${WORKER}\nJOBS = {"ingest": "app.jobs.ingest"}\n`;
    expect((await findingsOf('async-blocking-sleep', [{ path: 'app/jobs/ingest.py', head: JOB }, { path: 'app/worker.py', head: lookup }])).map((f) => f.line)).toEqual([5]);
  });

  it('drops it when only the job changed: the unchanged worker that runs it is loaded as its caller', async () => {
    expect(await findingsOf('async-blocking-sleep', [{ path: 'app/jobs/ingest.py', head: JOB }], { 'app/worker.py': WORKER })).toEqual([]);
    // A test that awaits the job directly says nothing of where it runs in production.
    const test = 'import asyncio\nfrom app.jobs.ingest import ingest\n\ndef test_ingest():\n    asyncio.run(ingest("f1"))\n\nasync def test_ingest_async():\n    await ingest("f2")\n';
    expect(await findingsOf('async-blocking-sleep', [{ path: 'app/jobs/ingest.py', head: JOB }], { 'app/worker.py': WORKER, 'tests/test_ingest.py': test })).toEqual([]);
  });

  it('drops it when a task hands the coroutine to a project helper that drives a loop of its own, as a factory or as a coroutine', async () => {
    const runner = py`
      import asyncio

      def run_async_task(factory):
          loop = asyncio.new_event_loop()
          try:
              return loop.run_until_complete(factory())
          finally:
              loop.close()

      def run_coro(coro):
          return asyncio.run(coro)

      def schedule_later(factory):
          return factory
    `;
    const worker = (call: string) => py`
      from celery import Celery
      from app.jobs.ingest import ingest, ingest_all
      from app.runner import run_async_task, run_coro, schedule_later

      celery = Celery("worker")

      # Registered under the coroutine's own name: a label, not a lookup.
      @celery.task(name="ingest")
      def ingest_task(file_id: str):
          return ${call}

      @celery.task
      def ingest_many(ids: list[str]):
          return run_coro(ingest_all(ids))
    `;
    const files = (call: string) => [{ path: 'app/jobs/ingest.py', head: JOB }, { path: 'app/runner.py', head: runner }, { path: 'app/worker.py', head: worker(call) }];
    expect(await findingsOf('async-blocking-sleep', files('run_async_task(lambda: ingest(file_id))'))).toEqual([]);
    // A helper that only keeps the factory runs nothing on a loop of its own.
    expect((await findingsOf('async-blocking-sleep', files('schedule_later(lambda: ingest(file_id))'))).map((f) => f.line)).toEqual([5]);
    // A string that looks the coroutine up elsewhere still leaves where it runs unknown.
    const lookup = [...files('run_async_task(lambda: ingest(file_id))'), { path: 'app/registry.py', head: 'JOBS = {"ingest": "app.jobs.ingest"}\n' }];
    expect((await findingsOf('async-blocking-sleep', lookup)).map((f) => f.line)).toEqual([5]);
  });

  it('keeps it when a route also awaits the coroutine, or when the coroutine is handed over as a value', async () => {
    const route = py`
      from fastapi import APIRouter
      from app.jobs.ingest import ingest

      router = APIRouter()

      @router.post("/files/{file_id}/ingest")
      async def ingest_now(file_id: str):
          await ingest(file_id)
    `;
    const withRoute = await findingsOf('async-blocking-sleep', [{ path: 'app/jobs/ingest.py', head: JOB }, { path: 'app/worker.py', head: WORKER }, { path: 'app/routes.py', head: route }]);
    expect(withRoute.map((f) => f.line)).toEqual([5]);
    // `coro = ingest(...)` handed to something else: not provably a private loop.
    const handed = WORKER.replace('loop.run_until_complete(ingest(file_id))', 'schedule(ingest(file_id))');
    const found = await findingsOf('async-blocking-sleep', [{ path: 'app/jobs/ingest.py', head: JOB }, { path: 'app/worker.py', head: handed }]);
    expect(found.map((f) => f.line)).toEqual([5]);
  });

  // A provider method reached through an object typed by its base class (virtual dispatch), by a method of a
  // common name (`sync`, also a local variable elsewhere), from a coroutine the package re-exports in `__all__`.
  const PROVIDERS = py`
    import requests

    class BaseSource:
        async def download(self, url: str) -> bytes:
            raise NotImplementedError

    class GitHubSource(BaseSource):
        async def download(self, url: str) -> bytes:
            return requests.get(url, timeout=30).content
  `;
  const SYNCER = py`
    from app.sync.providers import BaseSource

    class Syncer:
        def __init__(self, source: BaseSource):
            self.source = source

        async def fetch(self, url: str) -> bytes:
            return await self.source.download(url)

        async def sync(self, urls: list[str]) -> None:
            for u in urls:
                await self.fetch(u)
  `;
  const JOBS = py`
    from app.sync.providers import GitHubSource
    from app.sync.syncer import Syncer

    async def run_all_syncs(urls: list[str]) -> None:
        sync = Syncer(GitHubSource())
        await sync.sync(urls)
  `;
  const RUNNER = py`
    import asyncio
    from celery import Celery
    from app.jobs import run_all_syncs

    celery = Celery("worker")

    @celery.task
    def sync_task(urls: list[str]):
        asyncio.get_event_loop().run_until_complete(run_all_syncs(urls))
  `;
  const files = (jobs = JOBS) => [
    { path: 'app/sync/providers.py', head: PROVIDERS },
    { path: 'app/sync/syncer.py', head: SYNCER },
    { path: 'app/jobs/run.py', head: jobs },
    { path: 'app/jobs/__init__.py', head: 'from .run import run_all_syncs\n\n__all__ = ["run_all_syncs"]\n' },
    { path: 'app/worker.py', head: RUNNER },
  ];

  it('follows a method called through its base class or an object the model cannot type, and a coroutine listed in __all__', async () => {
    expect(await findingsOf('async-blocking-http', files())).toEqual([]);
  });

  it('keeps the stall when some caller of the method name runs on a shared loop, or the method is looked up by name', async () => {
    const route = py`
      from fastapi import APIRouter, Depends
      from app.sync.providers import BaseSource

      router = APIRouter()

      @router.get("/preview")
      async def preview(url: str, source: BaseSource = Depends()):
          return await source.download(url)
    `;
    const withRoute = await findingsOf('async-blocking-http', [...files(), { path: 'app/routes.py', head: route }]);
    expect(withRoute.map((f) => `${f.path}:${f.line}`)).toEqual(['app/sync/providers.py:9']);
    const byName = JOBS.replace('await sync.sync(urls)', 'await getattr(sync, "sync")(urls)');
    expect((await findingsOf('async-blocking-http', files(byName))).map((f) => `${f.path}:${f.line}`)).toEqual(['app/sync/providers.py:9']);
  });
});

describe('blocking rules: the callers of a method are loaded, even for a change that spent the imports budget', () => {
  // The builder imports many modules (the imports' budget is spent on them) and is run by an unchanged module that
  // names it through its package (`from app.assembly import AppBuilder`), only from the app's lifespan.
  const many = Array.from({ length: 45 }, (_, i) => `app/parts/p${i}.py`);
  const BUILDER = [
    'import subprocess',
    ...many.map((p) => `import ${p.replace(/\.py$/, '').replace(/\//g, '.')}`),
    '',
    'class AppBuilder:',
    '    def __init__(self, config):',
    '        self.config = config',
    '',
    '    async def build(self):',
    '        subprocess.run(["pip", "install", "-r", "tools.txt"], check=True)',
    '        return self.config',
    '',
  ].join('\n');
  const ENTRY = py`
    from contextlib import asynccontextmanager
    from fastapi import FastAPI
    from app.assembly import AppBuilder

    async def create_app_state(config):
        builder = AppBuilder(config)
        return await builder.build()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.built = await create_app_state({})
        yield

    app_instance = FastAPI(lifespan=lifespan)
  `;
  // Other objects' `.build()` (a query builder) in modules that never name the class come first alphabetically.
  const queries = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`app/a_queries/q${i}.py`, `def q(qb):\n    return qb.where("x").build()\n`]));
  const others = {
    ...Object.fromEntries(many.map((p) => [p, 'X = 1\n'])),
    ...queries,
    'app/assembly/__init__.py': 'from .builder import AppBuilder\n\n__all__ = ["AppBuilder"]\n',
    'app/boot.py': ENTRY,
  };

  it('drops the stall when the only caller is the lifespan, through a package re-export', async () => {
    expect(await findingsOf('async-blocking-subprocess', [{ path: 'app/assembly/builder.py', head: BUILDER }], others)).toEqual([]);
  });

  it('keeps it when a route builds too', async () => {
    const route = 'from fastapi import APIRouter\nfrom app.assembly import AppBuilder\n\nrouter = APIRouter()\n\n@router.post("/rebuild")\nasync def rebuild():\n    return await AppBuilder({}).build()\n';
    const found = await findingsOf('async-blocking-subprocess', [{ path: 'app/assembly/builder.py', head: BUILDER }], { ...others, 'app/b_routes.py': route });
    expect(found.map((f) => f.line)).toEqual([53]);
  });

  describe('one blocking helper called from many coroutines', () => {
    const telemetry = py`
      import shutil

      def send_event(name: str, spool: str):
          shutil.copytree(spool, f"{spool}.{name}")
    `;
    const items = py`
      from fastapi import APIRouter
      from app.telemetry import send_event
      from app.audit import audit

      router = APIRouter()

      @router.get("/items")
      async def list_items(spool: str):
          send_event("list", spool)
          return []

      @router.post("/items")
      async def add_item(spool: str, path: str):
          send_event("add", spool)
          await audit()
          return open(path).read()
    `;
    const users = py`
      from fastapi import APIRouter
      from app.telemetry import send_event

      router = APIRouter()

      @router.get("/users")
      async def list_users(spool: str):
          send_event("users", spool)
          return []
    `;

    it('is one finding at its first call, naming the other places; direct calls stay one finding each', async () => {
      const found = await findingsOf('async-blocking-file-io', [{ path: 'app/api/items.py', head: items }, { path: 'app/api/users.py', head: users }], { 'app/telemetry.py': telemetry });
      expect(found.map((f) => `${f.path}:${f.line}`)).toEqual(['app/api/items.py:9', 'app/api/items.py:16']);
      expect(found[0].message).toContain('The same call blocks in 2 other places of this change (in `app/api/items.py` at line 14; in `app/api/users.py` at line 8): one fix in `send_event()`');
      expect(found[1].message).not.toContain('other place');
    });

    it('keeps a finding per coroutine when only one calls it', async () => {
      const found = await findingsOf('async-blocking-file-io', [{ path: 'app/api/users.py', head: users }], { 'app/telemetry.py': telemetry });
      expect(found.map((f) => `${f.path}:${f.line}`)).toEqual(['app/api/users.py:8']);
      expect(found[0].message).not.toContain('other place');
    });
  });
});
