import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { createStaticAnalyzer } from '../../src/review/analyse/static/index.js';
import { isInternalError } from '../../src/review/analyse/static/shared/internal-error.js';
import { classifyPath, MAX_FILE_BYTES, skipReasonForPath } from '../../src/review/collect/classify-file.js';
import { memorySnapshot } from '../../src/review/memory-snapshot.js';
import { defaultSettings } from '../../src/config/repo-config.js';
import { silentLog } from '../../src/domain/logger.js';
import type { ChangedFile, ChangeSet, Note } from '../../src/domain/types.js';

/** What a sweep of one directory found: the figures of the issue, and every internal error. */
export interface SweepReport {
  dir: string;
  files: number;
  lines: number;
  /** Notes of the engine's own faults, and analyzer failures, with the file they cost. */
  internalErrors: Note[];
  findings: number;
  ms: number;
}

/**
 * Reviews every Python file and migration under `dir` as if a pull request had added all of them
 * (the worst case: every line is new), in batches so a large project stays within memory. Every
 * file of the tree stays readable for cross-module resolution and migration replay.
 */
export async function sweepDirectory(dir: string, batchSize = 150): Promise<SweepReport> {
  const texts = await readBackendTree(dir);
  const paths = [...texts.keys()].filter((p) => classifyPath(p) && classifyPath(p) !== 'supabase-config').sort();
  const repo = memorySnapshot(Object.fromEntries(texts));
  const analyzer = createStaticAnalyzer();
  const report: SweepReport = { dir, files: paths.length, lines: 0, internalErrors: [], findings: 0, ms: 0 };
  const started = performance.now();
  for (let i = 0; i < paths.length; i += batchSize) {
    const files = paths.slice(i, i + batchSize).map((path) => wholeFile(path, texts.get(path)!));
    for (const f of files) report.lines += f.lines.added.size;
    const changeSet: ChangeSet = {
      owner: 'sweep', repo: 'sweep', title: '', body: '', baseSha: '0'.repeat(40), headSha: '1'.repeat(40),
      files, skipped: [], totalFiles: files.length, truncated: false,
    };
    try {
      const result = await analyzer.run({ changeSet, repo, settings: defaultSettings(), log: silentLog, previous: [] });
      report.findings += result.findings.length;
      report.internalErrors.push(...(result.notes ?? []).filter(isInternalError));
      if (result.status !== 'ok' && !(result.notes ?? []).some(isInternalError)) report.internalErrors.push({ message: `analyzer ${result.status}: ${result.detail ?? ''}` });
    } catch (err) {
      report.internalErrors.push({ path: files[0]?.path, message: `the analyzer threw: ${(err as Error).stack ?? err}` });
    }
  }
  report.ms = Math.round(performance.now() - started);
  return report;
}

/** A file as a pull request that adds it would carry it: every line added and commentable. */
function wholeFile(path: string, content: string): ChangedFile {
  const count = content.split('\n').length - (content.endsWith('\n') ? 1 : 0);
  const all = new Set(Array.from({ length: count }, (_, i) => i + 1));
  return { path, status: 'added', kind: classifyPath(path)!, patch: '', lines: { right: all, left: new Set(), added: all }, content };
}

/** Every text file of the tree the review would read (vendored and binary files left out). */
async function readBackendTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const path = relative(dir, full).split(sep).join('/');
    if (skipReasonForPath(path) || !/\.(py|sql|toml|txt|cfg|ini)$/.test(path)) continue;
    if ((await stat(full)).size > MAX_FILE_BYTES) continue;
    out.set(path, await readFile(full, 'utf8'));
  }
  return out;
}
