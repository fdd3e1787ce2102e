import { section } from './section.js';

/** Python rules of the async category: what blocks or loses work on the event loop. */
export const PYTHON_ASYNC = section('python', {
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
    examples: { bad: 'TODO', good: 'TODO' },
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
    examples: { bad: 'TODO', good: 'TODO' },
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
    examples: { bad: 'TODO', good: 'TODO' },
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
      '`__file__` or the package\'s resources: a prompt, a template).',
    anchors: ['Ruff ASYNC230', 'Ruff ASYNC240', 'flake8-async ASYNC232'],
    examples: { bad: 'TODO', good: 'TODO' },
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
    examples: { bad: 'TODO', good: 'TODO' },
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
    examples: { bad: 'TODO', good: 'TODO' },
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
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'missing-await': {
    category: 'async',
    severity: 'high',
    title: 'Coroutine called without await',
    rationale:
      'Calling a coroutine function (an `AsyncSession` method, `asyncio.sleep`, an async client method or one of the ' +
      'project\'s own `async def`s) only creates a coroutine object; nothing runs until it is awaited. A missing ' +
      '`await` silently skips the commit, the write or the pause, and Python only warns "coroutine was never awaited" ' +
      'at garbage collection. Passing the coroutine to `gather`/`create_task`/`add_task`, returning it or awaiting it ' +
      'later is fine.',
    anchors: ['mypy unused-coroutine', 'PyCharm PyAsyncCall', 'Ruff ASYNC105 (trio)'],
    plan: { service: 3, async: 5 },
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'client-or-engine-per-request': {
    category: 'async',
    severity: 'medium',
    title: 'Engine, pool or HTTP client created per request',
    rationale:
      'Engines, connection pools and HTTP clients are meant to be created once and shared: each one owns a pool of ' +
      'connections (and TLS sessions). Building one inside a route handler or a `Depends` function opens fresh ' +
      'connections on every request, defeats pooling, and under load exhausts database connections. Create it once in ' +
      'the app `lifespan` (or a cached module-level factory) and inject it.',
    anchors: ['FastAPI SQL databases tutorial ("one single engine")', 'fastapi-tips #6 (lifespan state)', 'httpx docs: Client instances'],
    plan: { async: 6 },
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'asyncio-dangling-task': {
    category: 'async',
    severity: 'medium',
    title: 'Task created and dropped',
    rationale:
      'The event loop keeps only a weak reference to tasks. `asyncio.create_task(job())` whose result is not stored ' +
      'can be garbage-collected before it finishes, and its exceptions are never observed. Keep a reference (a set of ' +
      'background tasks with a done callback), use a `TaskGroup`, or use FastAPI `BackgroundTasks` for post-response ' +
      'work.',
    anchors: ['Ruff RUF006', 'flake8-async ASYNC300', 'Python docs: asyncio.create_task'],
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'background-task-reuses-request-session': {
    category: 'async',
    severity: 'medium',
    title: 'Background task given the request\'s database session',
    rationale:
      'A session provided by a `yield` dependency is closed when the response has been sent, which is exactly when ' +
      '`BackgroundTasks` start running. A task that receives it works on a closed (or recycled) session and fails or ' +
      'silently writes nothing. Pass ids to the task and open a new session inside it.',
    anchors: ['FastAPI docs: Dependencies with yield and background tasks'],
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'async-session-shared-across-tasks': {
    category: 'async',
    severity: 'medium',
    title: 'One AsyncSession used by concurrent tasks',
    rationale:
      'An `AsyncSession` (like an asyncpg connection) runs one statement at a time. Giving the same session to ' +
      'coroutines that run concurrently (`asyncio.gather`, `create_task`, a TaskGroup) raises "concurrent operations ' +
      'are not permitted" / "another operation is in progress", or interleaves their transactions. Run them ' +
      'sequentially, or give each task its own session from the sessionmaker.',
    anchors: ['SQLAlchemy asyncio docs: Using AsyncSession with Concurrent Tasks', 'asyncpg docs: connection is not concurrency-safe'],
    examples: { bad: 'TODO', good: 'TODO' },
  },
});
