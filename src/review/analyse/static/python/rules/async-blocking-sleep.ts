import type { RuleMeta } from '../../rule.js';
import { replaceCallee } from './support/line-edit.js';
import { blockingRule } from './support/blocking-rule.js';
import { moduleAlias } from './support/imports.js';

export const meta: RuleMeta = {
  id: 'async-blocking-sleep',
  category: 'async',
  severity: 'high',
  title: 'time.sleep inside async def',
  rationale:
    '`time.sleep` suspends the whole thread. In an `async def` that thread is the event loop, so no other request is ' +
    'served while it sleeps; retries with back-off multiply the stall. `await asyncio.sleep(...)` yields to the loop instead.',
  anchors: ['Ruff ASYNC251', 'flake8-async ASYNC251'],
};

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
