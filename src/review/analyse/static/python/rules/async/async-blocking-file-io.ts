import type { RuleMeta } from '../../../shared/rule.js';
import { blockingRule } from '../support/blocking-rule.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('async-blocking-file-io');

export const rule = blockingRule({
  meta,
  kind: 'file',
  advice: 'Use `aiofiles` / `anyio.Path`, or move the file work into a function run with `await asyncio.to_thread(...)`.',
});
