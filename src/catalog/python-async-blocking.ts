import { section } from './section.js';

/** Python rules of the async category: blocking calls on the event loop. */
export const PYTHON_ASYNC_BLOCKING = section('python', {
  'async-blocking-http': {
    category: 'async',
    severity: 'high',
    title: 'Blocking HTTP call inside async def',
    rationale:
      'requests, urllib, httpx.Client, boto3 clients and smtplib perform network I/O synchronously. Inside an `async ' +
      'def` route or service the call runs on the event loop, so the whole worker stops serving other requests for ' +
      'the duration of the remote call (and of every retry). Use a shared `httpx.AsyncClient` and `await` it, declare ' +
      'the route as a plain `def` (FastAPI runs it in the threadpool), or offload the call with `run_in_threadpool` / ' +
      '`asyncio.to_thread`.',
    anchors: ['Ruff ASYNC210', 'Ruff ASYNC212', 'flake8-async ASYNC211', 'FastAPI docs: Concurrency and async / await'],
    plan: { async: 1 },
    examples: {
      bad: `
        import requests

        async def fetch_rate(currency: str) -> dict:
            return requests.get(f"https://rates.example/{currency}", timeout=5).json()`,
      good: `
        import httpx

        async def fetch_rate(http: httpx.AsyncClient, currency: str) -> dict:
            return (await http.get(f"https://rates.example/{currency}", timeout=5)).json()`,
    },
  },
  'async-blocking-sleep': {
    category: 'async',
    severity: 'high',
    title: 'time.sleep inside async def',
    rationale:
      '`time.sleep` suspends the whole thread. In an `async def` that thread is the event loop, so no other request ' +
      'is served while it sleeps; retries with back-off multiply the stall. `await asyncio.sleep(...)` yields to the ' +
      'loop instead.',
    anchors: ['Ruff ASYNC251', 'flake8-async ASYNC251'],
    plan: { async: 2 },
    examples: {
      bad: `
        import time

        async def retry_later():
            time.sleep(2)`,
      good: `
        import asyncio

        async def retry_later():
            await asyncio.sleep(2)`,
    },
  },
  'async-blocking-subprocess': {
    category: 'async',
    severity: 'high',
    title: 'Blocking subprocess call inside async def',
    rationale:
      '`subprocess.run`, `check_output`, `os.system` and friends wait for the child process synchronously. Inside an ' +
      '`async def` they freeze the event loop until the process exits. Use `asyncio.create_subprocess_exec` and await ' +
      'it, or run the blocking call with `asyncio.to_thread` / `run_in_threadpool`.',
    anchors: ['Ruff ASYNC220', 'Ruff ASYNC221', 'Ruff ASYNC222'],
    examples: {
      bad: `
        import subprocess

        async def compress(path: str):
            subprocess.run(["gzip", "-f", path], check=True)`,
      good: `
        import asyncio

        async def compress(path: str):
            proc = await asyncio.create_subprocess_exec("gzip", "-f", path)
            await proc.wait()`,
    },
  },
  'async-blocking-file-io': {
    category: 'async',
    severity: 'medium',
    title: 'Blocking file I/O inside async def',
    rationale:
      '`open()`, `Path.read_text()`/`write_bytes()`, `shutil` copies and similar calls do synchronous disk I/O. In an ' +
      '`async def` request path they block the event loop for as long as the disk (or network file system) takes. Use ' +
      '`aiofiles` / `anyio.Path`, or offload with `asyncio.to_thread`. Pure path arithmetic is not I/O and is not ' +
      'flagged, nor are reads in startup hooks, nor reads of files that ship with the code (a path built from ' +
      '`__file__` or the package\'s resources: a prompt, a template). Small metadata-level work is listed with a ' +
      'function\'s real file I/O, never reported alone: settings-sized documents, a file created empty, a file opened ' +
      'only to be streamed by an awaited upload. A capture behind a debug switch (`if debug_dir:`, `settings.DEBUG`) is not flagged.',
    anchors: ['Ruff ASYNC230', 'Ruff ASYNC240', 'flake8-async ASYNC232'],
    examples: {
      bad: `
        async def save_export(path: str, data: str):
            with open(path, "w") as fh:
                fh.write(data)`,
      good: `
        import asyncio
        from pathlib import Path

        async def save_export(path: str, data: str):
            await asyncio.to_thread(Path(path).write_text, data)`,
    },
  },
  'async-sync-db-call': {
    category: 'async',
    severity: 'high',
    title: 'Synchronous database call inside async def',
    rationale:
      'A sync SQLAlchemy `Session` (`SessionLocal()`, `session.query`), a psycopg2 / sync psycopg connection, a sync ' +
      'engine or a sync Redis client waits on the server on the calling thread. Inside an `async def` that thread is ' +
      'the event loop, so one slow query stalls every request on the worker. Use the `AsyncSession` / asyncpg pool ' +
      'and `await` it, or declare the route as a plain `def` so FastAPI runs it in the threadpool.',
    anchors: ['flake8-async ASYNC200 (configured blocking calls)', 'FastAPI docs: Concurrency and async / await', 'SQLAlchemy asyncio docs'],
    plan: { service: 1, async: 3 },
    examples: {
      bad: `
        from sqlalchemy import create_engine
        from sqlalchemy.orm import sessionmaker

        SessionLocal = sessionmaker(create_engine("postgresql://app@db/app"))

        async def count_items() -> int:
            with SessionLocal() as session:
                return session.query(Item).count()`,
      good: `
        from sqlalchemy import func, select
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        SessionLocal = async_sessionmaker(create_async_engine("postgresql+asyncpg://app@db/app"))

        async def count_items() -> int:
            async with SessionLocal() as session:
                return await session.scalar(select(func.count()).select_from(Item))`,
    },
  },
  'async-sync-supabase-client': {
    category: 'async',
    severity: 'high',
    title: 'Sync supabase client used inside async def',
    rationale:
      'supabase-py\'s `create_client` returns a synchronous `Client`: `.execute()`, `.auth.*` and storage calls do ' +
      'blocking HTTP to PostgREST / GoTrue. Inside an `async def` they block the event loop. Use the async client ' +
      '(`await acreate_client(...)`, then `await ....execute()`), or declare the route as a plain `def`.',
    anchors: ['flake8-async ASYNC200', 'supabase-py: create_client vs acreate_client'],
    plan: { service: 2 },
    examples: {
      bad: `
        from supabase import create_client

        supabase = create_client("https://x.supabase.co", "anon-key")

        async def list_notes():
            return supabase.table("notes").select("id").execute().data`,
      good: `
        from supabase import create_client

        supabase = create_client("https://x.supabase.co", "anon-key")

        def list_notes():
            return supabase.table("notes").select("id").execute().data`,
    },
  },
  'async-sync-sdk-call': {
    category: 'async',
    severity: 'high',
    title: 'Synchronous SDK call inside async def',
    rationale:
      'Stripe, the sync OpenAI / Anthropic clients, Twilio, SendGrid, the Slack WebClient, firebase_admin, PyMongo, ' +
      'the sync Elasticsearch client and DNS lookups (`socket.getaddrinfo`, dnspython) do their network I/O on the ' +
      'calling thread; `psutil.cpu_percent(interval=1)` sleeps for the interval. Inside an `async def` that thread is ' +
      'the event loop, so every other request on the worker waits for the remote API. Use the async client of the SDK ' +
      'and `await` it, or offload the call with `await run_in_threadpool(...)`.',
    anchors: ['flake8-async ASYNC200 (configured blocking calls)', 'Ruff ASYNC210 / ASYNC251', 'FastAPI docs: Concurrency and async / await'],
    plan: { async: 4 },
    examples: {
      bad: `
        import stripe

        async def subscribe(email: str):
            return stripe.Customer.create(email=email)`,
      good: `
        import asyncio
        import stripe

        async def subscribe(email: str):
            return await asyncio.to_thread(stripe.Customer.create, email=email)`,
    },
  },
});
