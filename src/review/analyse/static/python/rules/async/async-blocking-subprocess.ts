import type { RuleMeta } from '../../../shared/rule.js';
import { blockingRule } from '../support/blocking-rule.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('async-blocking-subprocess');

export const rule = blockingRule({
  meta,
  kind: 'subprocess',
  advice: 'Use `await asyncio.create_subprocess_exec(...)` (then `await proc.wait()`), or `await asyncio.to_thread(subprocess.run, ...)`.',
});
