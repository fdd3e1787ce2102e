import type { RuleMeta } from '../../../shared/rule.js';
import { blockingRule } from '../support/blocking-rule.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('async-blocking-http');

export const rule = blockingRule({
  meta,
  kind: 'http',
  advice: 'Use a shared `httpx.AsyncClient` (created in the lifespan) with `await`, or offload the call with `await run_in_threadpool(...)`.',
});
