import type { RuleMeta } from '../../rule.js';
import { blockingRule } from './support/blocking-rule.js';

export const meta: RuleMeta = {
  id: 'async-sync-sdk-call',
  category: 'async',
  severity: 'high',
  title: 'Synchronous SDK call inside async def',
  rationale:
    'Stripe, the sync OpenAI / Anthropic clients, Twilio, SendGrid, the Slack WebClient, firebase_admin, PyMongo, the ' +
    'sync Elasticsearch client and DNS lookups (`socket.getaddrinfo`, dnspython) do their network I/O on the calling ' +
    'thread; `psutil.cpu_percent(interval=1)` sleeps for the interval. Inside an `async def` that thread is the event ' +
    'loop, so every other request on the worker waits for the remote API. Use the async client of the SDK and `await` ' +
    'it, or offload the call with `await run_in_threadpool(...)`.',
  anchors: ['flake8-async ASYNC200 (configured blocking calls)', 'Ruff ASYNC210 / ASYNC251', 'FastAPI docs: Concurrency and async / await'],
};

export const rule = blockingRule({
  meta,
  kind: 'sdk',
  advice: 'Use the async client of the SDK and `await` it, or offload the call with `await run_in_threadpool(...)`.',
});
