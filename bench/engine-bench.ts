import { createRequire } from 'node:module';
import { createStaticAnalyzer } from '#app/review/analyse/static/index.js';
import { parseCommentableLines } from '#app/review/collect/parse-patch.js';
import { classifyPath } from '#app/review/collect/classify-file.js';
import { memorySnapshot } from '#app/review/memory-snapshot.js';
import { defaultSettings } from '#app/config/repo-config.js';
import { silentLog } from '#app/domain/logger.js';
import type { ChangeSet, ChangedFile } from '#app/domain/types.js';
import { loadPythonRuntime } from '#app/review/analyse/static/parsers/python-parser.js';
import { lineCount, migration, routerModule } from './synthetic-code.js';

const require = createRequire(import.meta.url);

export interface EngineFigures {
  pythonFiles: number;
  pythonLines: number;
  sqlFiles: number;
  sqlLines: number;
  findings: number;
  engineMs: number;
  /** The engine on the Python files alone: the same files Ruff sees. */
  enginePythonMs: number;
  linesPerSecond: number;
  ruffMs: number;
  ratio: number;
  /** web-tree-sitter parsing the same Python files and nothing else: the floor under enginePythonMs. */
  parseOnlyMs: number;
  parseOnlyRatio: number;
  peakRssMb: number;
}

function addedFile(path: string, content: string): ChangedFile {
  const n = lineCount(content);
  const patch = `@@ -0,0 +1,${n} @@\n${content.split('\n').map((l) => `+${l}`).join('\n')}`;
  return { path, status: 'added', kind: classifyPath(path)!, patch, lines: parseCommentableLines(patch), content };
}

/** Generated router modules, every line added, until `minLines` lines. */
export function generatePythonFiles(minLines: number): ChangedFile[] {
  const files: ChangedFile[] = [];
  for (let i = 0, lines = 0; lines < minLines; i++) {
    const text = routerModule(i);
    lines += lineCount(text);
    files.push(addedFile(`app/routers/module_${i}.py`, text));
  }
  return files;
}

/**
 * The whole static engine over a generated FastAPI codebase (every line added, so every rule
 * runs everywhere), against Ruff-WASM alone (ASYNC, S, FAST) on the same Python files, in the
 * same process. Each side runs once to warm up, then the best of `rounds` is kept.
 */
export async function benchEngine(params: { minPythonLines: number; migrations: number; rounds: number }): Promise<EngineFigures> {
  const files = generatePythonFiles(params.minPythonLines);
  const pythonLines = files.reduce((n, f) => n + lineCount(f.content!), 0);
  const python = files.slice();
  let sqlLines = 0;
  for (let i = 0; i < params.migrations; i++) {
    const text = migration(i);
    sqlLines += lineCount(text);
    files.push(addedFile(`supabase/migrations/2025${String(100000 + i).padStart(10, '0')}_m${i}.sql`, text));
  }
  const changeSetOf = (list: ChangedFile[]): ChangeSet => ({ owner: 'bench', repo: 'api', title: 'bench', body: '', baseSha: 'b'.repeat(40), headSha: 'a'.repeat(40), files: list, skipped: [], totalFiles: list.length, truncated: false });
  const analyzer = createStaticAnalyzer();
  const settings = defaultSettings();
  let findings = 0;
  const runEngineOn = async (list: ChangedFile[]) => {
    const repo = memorySnapshot(Object.fromEntries(list.map((f) => [f.path, f.content!])));
    const started = performance.now();
    const result = await analyzer.run({ changeSet: changeSetOf(list), repo, settings, log: silentLog, previous: [] });
    if (list === files) findings = result.findings.length;
    return performance.now() - started;
  };
  const runEngine = () => runEngineOn(files);
  const ruff = require('@astral-sh/ruff-wasm-nodejs');
  const workspace = new ruff.Workspace({ lint: { select: ['ASYNC', 'S', 'FAST'] } }, ruff.PositionEncoding.Utf16);
  const runRuff = async () => {
    const started = performance.now();
    for (const f of python) workspace.check(f.content);
    return performance.now() - started;
  };
  const { parser } = await loadPythonRuntime();
  const runParseOnly = async () => {
    const started = performance.now();
    for (const f of python) parser.parse(f.content!)?.delete();
    return performance.now() - started;
  };
  await runEngine();
  await runRuff();
  await runParseOnly();
  let engineMs = Infinity;
  let parseOnlyMs = Infinity;
  let enginePythonMs = Infinity;
  let ruffMs = Infinity;
  for (let r = 0; r < params.rounds; r++) {
    engineMs = Math.min(engineMs, await runEngine());
    enginePythonMs = Math.min(enginePythonMs, await runEngineOn(python));
    ruffMs = Math.min(ruffMs, await runRuff());
    parseOnlyMs = Math.min(parseOnlyMs, await runParseOnly());
  }
  return {
    pythonFiles: python.length,
    pythonLines,
    sqlFiles: params.migrations,
    sqlLines,
    findings,
    engineMs: Math.round(engineMs),
    enginePythonMs: Math.round(enginePythonMs),
    linesPerSecond: Math.round(((pythonLines + sqlLines) / engineMs) * 1000),
    ruffMs: Math.round(ruffMs),
    ratio: Math.round((enginePythonMs / ruffMs) * 100) / 100,
    parseOnlyMs: Math.round(parseOnlyMs),
    parseOnlyRatio: Math.round((parseOnlyMs / ruffMs) * 100) / 100,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
