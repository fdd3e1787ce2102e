import type { RuleMeta } from '../../rule.js';
import { blockingRule } from './support/blocking-rule.js';

export const meta: RuleMeta = {
  id: 'async-sync-supabase-client',
  category: 'async',
  severity: 'high',
  title: 'Sync supabase client used inside async def',
  rationale:
    "supabase-py's `create_client` returns a synchronous `Client`: `.execute()`, `.auth.*` and storage calls do blocking " +
    'HTTP to PostgREST / GoTrue. Inside an `async def` they block the event loop. Use the async client ' +
    '(`await acreate_client(...)`, then `await ....execute()`), or declare the route as a plain `def`.',
  anchors: ['flake8-async ASYNC200', 'supabase-py: create_client vs acreate_client'],
};

export const rule = blockingRule({
  meta,
  kind: 'supabase',
  advice: 'Use the async client (`await acreate_client(...)` and `await query.execute()`), or make this a plain `def` route so it runs in the threadpool.',
});
