import { parseHunks } from '../../collect/parse-patch.js';
import type { ChangeSet, ChangedFile, RepoSnapshot } from '../../../domain/types.js';

/**
 * The repository at the base of the pull request, seen through the head snapshot: unchanged files
 * read as they are, changed files are the head text with their patch undone, added files are gone
 * and removed ones come back. No extra reads: the patch already holds every line the PR replaced.
 * A changed file whose patch GitHub left out (too large) reads as null, and is listed in `unknown`.
 */
export function baseSnapshot(head: RepoSnapshot, changeSet: ChangeSet): RepoSnapshot & { unknown: string[] } {
  const byHeadPath = new Map(changeSet.files.map((f) => [f.path, f]));
  const byBasePath = new Map<string, ChangedFile>();
  for (const f of changeSet.files) if (f.status !== 'added' && f.status !== 'copied') byBasePath.set(f.previousPath ?? f.path, f);
  const unknown: string[] = [];
  return {
    unknown,
    async listPaths() {
      const paths = (await head.listPaths()).filter((p) => {
        const f = byHeadPath.get(p);
        return !f || (f.status !== 'added' && f.status !== 'copied' && !f.previousPath);
      });
      for (const base of byBasePath.keys()) if (!paths.includes(base)) paths.push(base);
      return paths;
    },
    async readText(path) {
      const f = byBasePath.get(path);
      if (!f) return byHeadPath.has(path) ? null : head.readText(path);
      const text = baseText(f);
      if (text === null) unknown.push(path);
      return text;
    },
  };
}

/** The file before the PR: the head text with each hunk's deleted lines put back and its added lines taken out. */
export function baseText(file: Pick<ChangedFile, 'status' | 'patch' | 'content'>): string | null {
  if (!file.patch) return file.status === 'renamed' ? file.content : null;
  const head = file.status === 'removed' || file.content === null ? [] : file.content.split('\n');
  const out: string[] = [];
  let at = 0; // next head line (0-based)
  for (const chunk of parseHunks(file.patch)) {
    const start = Math.max(0, chunk.newStart - 1);
    while (at < start && at < head.length) out.push(head[at++]);
    for (const change of chunk.changes) {
      if (change.content.startsWith('\\')) continue;
      if (change.type === 'add') at++;
      else if (change.type === 'del') out.push(change.content.slice(1));
      else {
        out.push(head[at] ?? change.content.slice(1));
        at++;
      }
    }
  }
  while (at < head.length) out.push(head[at++]);
  return out.join('\n');
}
