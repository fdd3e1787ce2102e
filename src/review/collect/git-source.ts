import type { FileStatus, RepoSnapshot } from '../../domain/types.js';
import { MAX_FILE_BYTES, decodeText, looksBinary } from './classify-file.js';
import type { RawFileEntry } from './build-change-set.js';
import type { GitPort } from '../../ports/git.js';

/** A git failure with a message fit for a user (not a git repository, unknown revision). */
export class GitError extends Error {}

export async function assertGitRepository(git: GitPort, cwd: string): Promise<string> {
  try {
    return (await git.run(cwd, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    throw new GitError(`not a git repository: ${cwd}`);
  }
}

export async function resolveRevision(git: GitPort, cwd: string, rev: string): Promise<string> {
  try {
    return (await git.run(cwd, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])).trim();
  } catch {
    throw new GitError(`unknown revision: ${rev}`);
  }
}

/** The default base: the upstream branch when there is one, otherwise main (or master). */
export async function defaultBase(git: GitPort, cwd: string): Promise<string> {
  for (const candidate of ['@{upstream}', 'main', 'origin/main', 'master', 'origin/master']) {
    try {
      await git.run(cwd, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new GitError('no --base given, and there is no upstream branch, main or master to compare with');
}

const STATUS: Record<string, FileStatus> = { A: 'added', M: 'modified', D: 'removed', R: 'renamed', C: 'copied', T: 'changed' };

/** The changed files of base..head with their patches, from one `git diff`. */
export async function listGitChanges(git: GitPort, cwd: string, base: string, head: string): Promise<RawFileEntry[]> {
  const nameStatus = (await git.run(cwd, ['diff', '--name-status', '-z', '-M', base, head])).split('\0');
  const entries: RawFileEntry[] = [];
  for (let i = 0; i < nameStatus.length - 1; ) {
    const code = nameStatus[i++];
    const status = STATUS[code[0]] ?? 'modified';
    if (code[0] === 'R' || code[0] === 'C') {
      const previousPath = nameStatus[i++];
      entries.push({ path: nameStatus[i++], previousPath, status });
    } else {
      entries.push({ path: nameStatus[i++], status });
    }
  }
  const patches = splitPatches(await git.run(cwd, ['diff', '--no-color', '--no-ext-diff', '-M', '-U3', base, head]));
  for (const entry of entries) {
    const section = patches.get(entry.path);
    if (section?.binary) entry.binary = true;
    else entry.patch = section?.hunks ?? '';
  }
  return entries;
}

/** Splits a multi-file `git diff` into per-file hunks, keyed by the new path. */
function splitPatches(diff: string): Map<string, { hunks: string; binary: boolean }> {
  const out = new Map<string, { hunks: string; binary: boolean }>();
  for (const section of diff.split(/^(?=diff --git )/m)) {
    if (!section.startsWith('diff --git ')) continue;
    const lines = section.split('\n');
    const plus = lines.find((l) => l.startsWith('+++ '));
    const rename = lines.find((l) => l.startsWith('rename to '));
    const header = /^diff --git a\/(.*) b\/(.*)$/.exec(lines[0]);
    let path = header?.[2] ?? '';
    if (plus && plus !== '+++ /dev/null') path = plus.slice(4).replace(/^b\//, '');
    else if (rename) path = rename.slice('rename to '.length);
    const first = lines.findIndex((l) => l.startsWith('@@'));
    const binary = lines.some((l) => l.startsWith('Binary files ') || l === 'GIT binary patch');
    const hunks = first < 0 ? '' : lines.slice(first).join('\n').replace(/\n$/, '');
    out.set(path, { hunks, binary });
  }
  return out;
}

/** The repository at a revision, read through git (the CLI's RepoSnapshot), one process for all blobs. */
export function gitSnapshot(git: GitPort, cwd: string, rev: string): RepoSnapshot & { readBytes(path: string): Promise<Uint8Array | null>; close(): void } {
  let paths: Promise<string[]> | undefined;
  const texts = new Map<string, Promise<string | null>>();
  const blobs = git.blobReader(cwd);
  const readBytes = (path: string) => blobs.read(`${rev}:${path}`);
  return {
    readBytes,
    close: () => blobs.close(),
    listPaths() {
      paths ??= git.run(cwd, ['ls-tree', '-r', '-z', '--name-only', rev]).then((out) => out.split('\0').filter(Boolean));
      return paths;
    },
    readText(path) {
      let text = texts.get(path);
      if (!text) {
        text = readBytes(path).then((b) => (b === null || b.length > MAX_FILE_BYTES || looksBinary(b) ? null : decodeText(b)));
        texts.set(path, text);
      }
      return text;
    },
  };
}
