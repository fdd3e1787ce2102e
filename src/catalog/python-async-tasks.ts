import { section } from './section.js';

/** Python rules of the async category: coroutines, tasks, clients and sessions across requests. */
export const PYTHON_ASYNC_TASKS = section('python', {
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
    examples: {
      bad: `
        from sqlalchemy.ext.asyncio import AsyncSession

        async def rename(db: AsyncSession, item, name: str):
            item.name = name
            db.commit()`,
      good: `
        from sqlalchemy.ext.asyncio import AsyncSession

        async def rename(db: AsyncSession, item, name: str):
            item.name = name
            await db.commit()`,
    },
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
    examples: {
      bad: `
        import httpx
        from fastapi import APIRouter

        router = APIRouter()

        @router.post("/refunds")
        async def refund():
            async with httpx.AsyncClient(base_url="https://psp.example", timeout=10) as client:
                return (await client.post("/refunds")).json()`,
      good: `
        from fastapi import APIRouter, Request

        router = APIRouter()

        @router.post("/refunds")
        async def refund(request: Request):
            client = request.app.state.http  # one AsyncClient, built in the lifespan
            return (await client.post("https://psp.example/refunds")).json()`,
    },
  },
  'asyncio-dangling-task': {
    category: 'async',
    severity: 'medium',
    title: 'Task created and dropped',
    rationale:
      'The event loop keeps only a weak reference to tasks. `asyncio.create_task(job())` whose result is not stored ' +
      'can be garbage-collected before it finishes, and its exceptions are never observed. Keep a reference (a set of ' +
      'background tasks with a done callback), use a `TaskGroup`, or use FastAPI `BackgroundTasks` for post-response ' +
      'work. Not reported: a coroutine that handles its own failures (every await under a handler, directly or in the ' +
      'project coroutines it awaits and every override of them; or a caught generation followed by one save), a ' +
      'listener\'s result an event emitter schedules (under `if asyncio.iscoroutine(result):`), a task started from ' +
      '`__del__` or a signal handler, an optional hook (`if self.on_drain: create_task(self.on_drain())`), a task the ' +
      'author marks best effort, and the twin of a task a listener lambda starts. A task that runs forever (`while True`) ' +
      'is a service and always reported: losing it loses the service.',
    anchors: ['Ruff RUF006', 'flake8-async ASYNC300', 'Python docs: asyncio.create_task'],
    examples: {
      bad: `
        import asyncio

        async def handler():
            asyncio.create_task(send_welcome_email())`,
      good: `
        import asyncio

        BACKGROUND = set()

        async def handler():
            task = asyncio.create_task(send_welcome_email())
            BACKGROUND.add(task)
            task.add_done_callback(BACKGROUND.discard)`,
    },
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
    examples: {
      bad: `
        from fastapi import APIRouter, BackgroundTasks, Depends
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

        SessionLocal = async_sessionmaker(create_async_engine("postgresql+asyncpg://db/app"))
        router = APIRouter()

        async def get_db():
            async with SessionLocal() as session:
                yield session

        async def send_receipt(db: AsyncSession, order_id: int):
            ...

        @router.post("/orders/{order_id}/pay")
        async def pay(order_id: int, tasks: BackgroundTasks, db: AsyncSession = Depends(get_db)):
            tasks.add_task(send_receipt, db, order_id)`,
      good: `
        from fastapi import APIRouter, BackgroundTasks, Depends
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

        SessionLocal = async_sessionmaker(create_async_engine("postgresql+asyncpg://db/app"))
        router = APIRouter()

        async def get_db():
            async with SessionLocal() as session:
                yield session

        async def send_receipt(order_id: int):
            async with SessionLocal() as db:
                ...

        @router.post("/orders/{order_id}/pay")
        async def pay(order_id: int, tasks: BackgroundTasks, db: AsyncSession = Depends(get_db)):
            tasks.add_task(send_receipt, order_id)`,
    },
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
    examples: {
      bad: `
        import asyncio
        from sqlalchemy.ext.asyncio import AsyncSession

        async def dashboard(db: AsyncSession, a, b):
            return await asyncio.gather(db.execute(a), db.execute(b))`,
      good: `
        from sqlalchemy.ext.asyncio import AsyncSession

        async def dashboard(db: AsyncSession, a, b):
            return await db.execute(a), await db.execute(b)`,
    },
  },
});
