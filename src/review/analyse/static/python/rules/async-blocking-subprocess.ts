import type { RuleMeta } from '../../rule.js';
import { blockingRule } from './support/blocking-rule.js';

export const meta: RuleMeta = {
  id: 'async-blocking-subprocess',
  category: 'async',
  severity: 'high',
  title: 'Blocking subprocess call inside async def',
  rationale:
    '`subprocess.run`, `check_output`, `os.system` and friends wait for the child process synchronously. Inside an ' +
    '`async def` they freeze the event loop until the process exits. Use `asyncio.create_subprocess_exec` and await ' +
    'it, or run the blocking call with `asyncio.to_thread` / `run_in_threadpool`.',
  anchors: ['Ruff ASYNC220', 'Ruff ASYNC221', 'Ruff ASYNC222'],
};

export const rule = blockingRule({
  meta,
  kind: 'subprocess',
  advice: 'Use `await asyncio.create_subprocess_exec(...)` (then `await proc.wait()`), or `await asyncio.to_thread(subprocess.run, ...)`.',
});
