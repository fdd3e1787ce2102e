import type { RuleMeta } from '../../rule.js';
import { blockingRule } from './support/blocking-rule.js';

export const meta: RuleMeta = {
  id: 'async-blocking-file-io',
  category: 'async',
  severity: 'medium',
  title: 'Blocking file I/O inside async def',
  rationale:
    '`open()`, `Path.read_text()`/`write_bytes()`, `shutil` copies and similar calls do synchronous disk I/O. In an ' +
    '`async def` request path they block the event loop for as long as the disk (or network file system) takes. Use ' +
    '`aiofiles` / `anyio.Path`, or offload with `asyncio.to_thread`. Pure path arithmetic is not I/O and is not flagged, ' +
    'nor are reads in startup hooks, nor reads of files that ship with the code (a path built from `__file__` or the ' +
    "package's resources: a prompt, a template).",
  anchors: ['Ruff ASYNC230', 'Ruff ASYNC240', 'flake8-async ASYNC232'],
};

export const rule = blockingRule({
  meta,
  kind: 'file',
  advice: 'Use `aiofiles` / `anyio.Path`, or move the file work into a function run with `await asyncio.to_thread(...)`.',
});
