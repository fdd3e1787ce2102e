import type { RuleMeta } from '../../rule.js';
import { blockingRule } from './support/blocking-rule.js';

export const meta: RuleMeta = {
  id: 'async-sync-db-call',
  category: 'async',
  severity: 'high',
  title: 'Synchronous database call inside async def',
  rationale:
    'A sync SQLAlchemy `Session` (`SessionLocal()`, `session.query`), a psycopg2 / sync psycopg connection, a sync ' +
    'engine or a sync Redis client waits on the server on the calling thread. Inside an `async def` that thread is the event loop, so one ' +
    'slow query stalls every request on the worker. Use the `AsyncSession` / asyncpg pool and `await` it, or declare ' +
    'the route as a plain `def` so FastAPI runs it in the threadpool.',
  anchors: ['flake8-async ASYNC200 (configured blocking calls)', 'FastAPI docs: Concurrency and async / await', 'SQLAlchemy asyncio docs'],
};

export const rule = blockingRule({
  meta,
  kind: 'db',
  advice: 'Use the async session / driver (`AsyncSession`, asyncpg, `psycopg.AsyncConnection`) with `await`, or make this a plain `def` so it runs in the threadpool.',
});
