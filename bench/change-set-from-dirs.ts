import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { classifyPath, skipReasonForPath } from '#app/review/collect/classify-file.js';
import { parseCommentableLines } from '#app/review/collect/parse-patch.js';
import type { ChangeSet, ChangedFile } from '#app/domain/types.js';

/**
 * A ChangeSet from two directory trees (a bench case's base/ and head/), with GitHub-style
 * patches (hunks only, three lines of context), as the collect stage would build it from a PR.
 * Uses the `diff` package, a dev dependency: the bench is a development tool.
 */
export async function changeSetFromDirs(params: { baseDir: string; headDir: string; title?: string; body?: string }): Promise<ChangeSet> {
  const [base, head] = await Promise.all([readTree(params.baseDir), readTree(params.headDir)]);
  const paths = [...new Set([...base.keys(), ...head.keys()])].sort();
  const files: ChangedFile[] = [];
  for (const path of paths) {
    const kind = classifyPath(path);
    const before = base.get(path);
    const after = head.get(path);
    if (!kind || skipReasonForPath(path) || before === after) continue;
    const patch = hunksOnly(createTwoFilesPatch(`a/${path}`, `b/${path}`, before ?? '', after ?? '', '', '', { context: 3 }));
    files.push({
      path,
      status: after === undefined ? 'removed' : before === undefined ? 'added' : 'modified',
      kind,
      patch,
      lines: parseCommentableLines(patch),
      content: after ?? null,
    });
  }
  return {
    owner: 'bench',
    repo: 'case',
    title: params.title ?? '',
    body: params.body ?? '',
    baseSha: '0'.repeat(40),
    headSha: '1'.repeat(40),
    files,
    skipped: [],
    totalFiles: files.length,
    truncated: false,
  };
}

function hunksOnly(full: string): string {
  const lines = full.split('\n');
  const first = lines.findIndex((l) => l.startsWith('@@'));
  return first < 0 ? '' : lines.slice(first).join('\n').replace(/\n$/, '');
}

async function readTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out.set(relative(dir, full).split(sep).join('/'), await readFile(full, 'utf8'));
  }
  return out;
}
