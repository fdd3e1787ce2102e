import type { RuleMeta } from '../../../shared/rule.js';
import { blockingRule } from '../support/blocking-rule.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('async-sync-db-call');

export const rule = blockingRule({
  meta,
  kind: 'db',
  perFunction: true,
  advice: 'Use the async session / driver (`AsyncSession`, asyncpg, `psycopg.AsyncConnection`) with `await`, or make this a plain `def` so it runs in the threadpool.',
});
