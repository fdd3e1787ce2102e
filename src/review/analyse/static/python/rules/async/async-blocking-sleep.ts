import type { RuleMeta } from '../../../shared/rule.js';
import { replaceCallee } from '../support/line-edit.js';
import { blockingRule } from '../support/blocking-rule.js';
import { moduleAlias } from '../support/imports.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('async-blocking-sleep');

export const rule = blockingRule({
  meta,
  kind: 'sleep',
  advice: 'Use `await asyncio.sleep(...)`, which lets the loop serve other requests meanwhile.',
  suggest: (hit, ctx) => {
    const asyncio = moduleAlias(ctx.model, 'asyncio');
    if (!asyncio || hit.helpers.length) return undefined;
    return replaceCallee({ file: ctx.model.file, call: hit.call.node, callee: `await ${asyncio}.sleep`, requireStatement: true });
  },
});
