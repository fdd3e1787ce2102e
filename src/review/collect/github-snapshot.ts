import { FileTooLargeError, type GitHubPort, type TreeEntry } from '../../ports/github.js';
import type { RepoSnapshot } from '../../domain/types.js';
import { MAX_FILE_BYTES, decodeText, looksBinary } from './classify-file.js';
import { createLimiter } from '../shared/concurrency.js';

/** How many files one review may read beyond the changed ones (imports, earlier migrations). */
export const EXTRA_READ_BUDGET = 300;

export interface GitHubSnapshot extends RepoSnapshot {
  /** Raw head bytes, fetched once per path (the changed files go through here too). */
  readBytes(path: string): Promise<Uint8Array | null>;
  /** Paths not read because the budget ran out, for the summary. */
  refused(): string[];
  /** What the head tree stores at a path (file, symlink, submodule); undefined when the tree is truncated. */
  entryKind(path: string): Promise<'file' | 'symlink' | 'submodule' | undefined>;
}

/**
 * The repository at the PR head, read lazily through the GitHub API: the tree is listed only
 * when a rule needs the list of paths (migrations, manifests), and each file is fetched once,
 * cached, within a budget so that a review stays bounded.
 */
export function githubSnapshot(github: GitHubPort, sha: string): GitHubSnapshot {
  let tree: Promise<{ entries: TreeEntry[]; truncated: boolean }> | undefined;
  let sizes: Map<string, number> | undefined; // known once the tree was listed in full
  let kinds: Map<string, TreeEntry['kind']> | undefined;
  const bytes = new Map<string, Promise<Uint8Array | null>>();
  const refused: string[] = [];
  const limit = createLimiter(8);
  let extraReads = 0;
  const readBytes = (path: string, extra: boolean) => {
    let pending = bytes.get(path);
    if (!pending) {
      const size = sizes?.get(path);
      if (sizes && (size === undefined || size > MAX_FILE_BYTES)) return Promise.resolve(null);
      if (extra && ++extraReads > EXTRA_READ_BUDGET) {
        refused.push(path);
        return Promise.resolve(null);
      }
      pending = limit(() => github.getFile(path, sha));
      bytes.set(path, pending);
    }
    return pending;
  };
  const loadTree = () =>
    (tree ??= github.getTree(sha).then((t) => {
      if (!t.truncated) {
        const files = t.entries.filter((e) => e.kind !== 'submodule');
        sizes = new Map(files.map((e) => [e.path, e.size]));
        kinds = new Map(t.entries.map((e) => [e.path, e.kind ?? 'file']));
      }
      return t;
    }));
  return {
    budgeted: true,
    async listPaths() {
      return (await loadTree()).entries.filter((e) => e.kind !== 'submodule').map((e) => e.path);
    },
    async entryKind(path) {
      await loadTree();
      return kinds?.get(path);
    },
    async readText(path) {
      const b = await readBytes(path, true).catch((err) => {
        if (err instanceof FileTooLargeError) return null;
        throw err;
      });
      return b === null || looksBinary(b) ? null : decodeText(b);
    },
    readBytes: (path) => readBytes(path, false),
    refused: () => [...refused],
  };
}
