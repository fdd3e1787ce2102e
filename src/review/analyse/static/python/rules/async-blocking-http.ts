import type { RuleMeta } from '../../rule.js';
import { blockingRule } from './support/blocking-rule.js';

export const meta: RuleMeta = {
  id: 'async-blocking-http',
  category: 'async',
  severity: 'high',
  title: 'Blocking HTTP call inside async def',
  rationale:
    'requests, urllib, httpx.Client, boto3 clients and smtplib perform network I/O synchronously. Inside an `async def` route or service the call ' +
    'runs on the event loop, so the whole worker stops serving other requests for the duration of the remote call ' +
    '(and of every retry). Use a shared `httpx.AsyncClient` and `await` it, declare the route as a plain `def` (FastAPI ' +
    'runs it in the threadpool), or offload the call with `run_in_threadpool` / `asyncio.to_thread`.',
  anchors: ['Ruff ASYNC210', 'Ruff ASYNC212', 'flake8-async ASYNC211', 'FastAPI docs: Concurrency and async / await'],
};

export const rule = blockingRule({
  meta,
  kind: 'http',
  advice: 'Use a shared `httpx.AsyncClient` (created in the lifespan) with `await`, or offload the call with `await run_in_threadpool(...)`.',
});
