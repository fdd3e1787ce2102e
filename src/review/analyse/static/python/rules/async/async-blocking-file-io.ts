import type { RuleMeta } from '../../../shared/rule.js';
import { blockingRule } from '../support/blocking-rule.js';
import { onlyAdminsRun } from '../support/one-off.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('async-blocking-file-io');

export const rule = blockingRule({
  meta,
  kind: 'file',
  // Files an administrator's operation reads or writes (an extension installed, a build folder cleaned) are
  // touched now and then by one person: not a request hot path. Network and database stalls stay reported.
  skip: (fn, ctx) => onlyAdminsRun(ctx.an, fn),
  advice: 'Use `aiofiles` / `anyio.Path`, or move the file work into a function run with `await asyncio.to_thread(...)`.',
});
