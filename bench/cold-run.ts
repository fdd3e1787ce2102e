import { createRequire } from 'node:module';
import { createStaticAnalyzer } from '#app/review/analyse/static/index.js';
import { memorySnapshot } from '#app/review/memory-snapshot.js';
import { defaultSettings } from '#app/config/repo-config.js';
import { silentLog } from '#app/domain/logger.js';
import { generatePythonFiles } from './engine-bench.js';

// One cold pass in a fresh process, as a CLI run would be: `node cold-run.js ruff|engine LINES`.
// Prints the milliseconds from loading the analyser to the last result.
const require = createRequire(import.meta.url);
const [which, minLines] = [process.argv[2], Number(process.argv[3] ?? 50_000)];
const files = generatePythonFiles(minLines);
const started = performance.now();
if (which === 'ruff') {
  const ruff = require('@astral-sh/ruff-wasm-nodejs');
  const workspace = new ruff.Workspace({ lint: { select: ['ASYNC', 'S', 'FAST'] } }, ruff.PositionEncoding.Utf16);
  for (const f of files) workspace.check(f.content);
} else {
  const changeSet = { owner: 'bench', repo: 'api', title: '', body: '', baseSha: 'b', headSha: 'a', files, skipped: [], totalFiles: files.length, truncated: false };
  const repo = memorySnapshot(Object.fromEntries(files.map((f) => [f.path, f.content!])));
  await createStaticAnalyzer().run({ changeSet, repo, settings: defaultSettings(), log: silentLog, previous: [] });
}
console.log(Math.round(performance.now() - started));
