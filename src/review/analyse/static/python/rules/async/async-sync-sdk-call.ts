import type { RuleMeta } from '../../../shared/rule.js';
import { blockingRule } from '../support/blocking-rule.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('async-sync-sdk-call');

export const rule = blockingRule({
  meta,
  kind: 'sdk',
  advice: 'Use the async client of the SDK and `await` it, or offload the call with `await run_in_threadpool(...)`.',
});
