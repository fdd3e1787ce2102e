import type { GitHubPort } from '../../ports/github.js';
import type { Log } from '../../domain/logger.js';
import type { ChangeSet } from '../../domain/types.js';
import { parseCommentableLines } from './parse-patch.js';

/** The compare API lists at most 300 files; beyond that, review everything again. */
const COMPARE_FILE_CAP = 300;

export interface ChangedSince {
  sha: string;
  /** Added lines per path between the last reviewed head and the new head (new numbering). */
  lines: Map<string, Set<number>>;
}

/**
 * What changed between the last reviewed head and the new one, through the compare API. Null
 * means "review the whole PR again": the old head is gone or is no longer an ancestor
 * (force-push, rebase), or the comparison is too large to trust.
 */
export async function findChangedSince(params: { github: GitHubPort; lastSha: string; headSha: string; log: Log }): Promise<ChangedSince | null> {
  const { github, lastSha, headSha, log } = params;
  const compare = await github.compareCommits(lastSha, headSha);
  if (!compare) {
    log.info({ lastSha }, 'last reviewed head not found (force-push?): full review');
    return null;
  }
  if (compare.status !== 'ahead') {
    log.info({ lastSha, status: compare.status }, 'last reviewed head is not an ancestor (force-push or rebase): full review');
    return null;
  }
  if (compare.files.length >= COMPARE_FILE_CAP) {
    log.info({ files: compare.files.length }, 'too many files changed since the last review to compare: full review');
    return null;
  }
  const lines = new Map<string, Set<number>>();
  for (const f of compare.files) lines.set(f.path, new Set(parseCommentableLines(f.patch ?? '').added));
  return { sha: lastSha, lines };
}

/** Marks an incremental review: each file learns which of its added lines are new since. */
export function applyChangedSince(changeSet: ChangeSet, since: ChangedSince | null): ChangeSet {
  if (!since) return changeSet;
  return {
    ...changeSet,
    sinceSha: since.sha,
    files: changeSet.files.map((f) => {
      const changed = since.lines.get(f.path) ?? new Set<number>();
      return { ...f, lines: { ...f.lines, sinceLastReview: new Set([...changed].filter((l) => f.lines.added.has(l))) } };
    }),
  };
}

/** The part of a change an expensive analyzer (the persona) should look at again. */
export function narrowToChangedSince(changeSet: ChangeSet): ChangeSet {
  if (!changeSet.sinceSha) return changeSet;
  return { ...changeSet, files: changeSet.files.filter((f) => (f.lines.sinceLastReview?.size ?? 0) > 0) };
}
