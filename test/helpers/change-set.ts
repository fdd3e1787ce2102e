import { createTwoFilesPatch } from 'diff';
import { parseCommentableLines } from '../../src/review/collect/parse-patch.js';
import { classifyPath } from '../../src/review/collect/classify-file.js';
import { memorySnapshot } from '../../src/review/memory-snapshot.js';
import type { ChangeSet, ChangedFile, RepoSnapshot } from '../../src/domain/types.js';

export interface FileChange {
  path: string;
  /** Text before the PR; omit for a new file. */
  base?: string;
  /** Text after the PR; null for a removed file. */
  head: string | null;
}

/** A unified-diff patch of one file, hunks only, as GitHub's `files[].patch` carries it. */
export function makePatch(base: string, head: string, context = 3): string {
  const full = createTwoFilesPatch('a', 'b', base, head, '', '', { context });
  const lines = full.split('\n');
  const first = lines.findIndex((l) => l.startsWith('@@'));
  return first < 0 ? '' : lines.slice(first).join('\n').replace(/\n$/, '');
}

/**
 * Builds a ChangeSet and a RepoSnapshot the way the collect stage would, from before/after texts.
 * `others` are unchanged repository files (other modules, earlier migrations).
 */
export function makeChangeSet(changes: FileChange[], others: Record<string, string> = {}): { changeSet: ChangeSet; repo: RepoSnapshot } {
  const files: ChangedFile[] = changes.map((c) => {
    const patch = makePatch(c.base ?? '', c.head ?? '');
    const kind = classifyPath(c.path);
    if (!kind) throw new Error(`makeChangeSet: ${c.path} is not a backend file`);
    return {
      path: c.path,
      status: c.head === null ? 'removed' : c.base === undefined ? 'added' : 'modified',
      kind,
      patch,
      lines: parseCommentableLines(patch),
      content: c.head,
    };
  });
  const headFiles: Record<string, string> = { ...others };
  for (const c of changes) if (c.head !== null) headFiles[c.path] = c.head;
  return {
    changeSet: {
      owner: 'acme',
      repo: 'api',
      number: 1,
      title: 'test change',
      body: '',
      baseSha: 'b'.repeat(40),
      headSha: 'a'.repeat(40),
      files,
      skipped: [],
      totalFiles: files.length,
      truncated: false,
    },
    repo: memorySnapshot(headFiles),
  };
}
