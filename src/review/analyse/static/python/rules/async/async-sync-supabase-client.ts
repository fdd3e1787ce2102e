import type { RuleMeta } from '../../../shared/rule.js';
import { blockingRule } from '../support/blocking-rule.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('async-sync-supabase-client');

export const rule = blockingRule({
  meta,
  kind: 'supabase',
  advice: 'Use the async client (`await acreate_client(...)` and `await query.execute()`), or make this a plain `def` route so it runs in the threadpool.',
});
