import { buildChangeSet } from './build-change-set.js';
import { createBackendDetector } from './backend-repo.js';
import { GitError, assertGitRepository, defaultBase, git, gitSnapshot, listGitChanges, resolveRevision } from './git-source.js';
import type { ReviewSettings } from '../../config/repo-config.js';
import type { ChangeSet, RepoSnapshot } from '../types.js';

export type GitRange =
  | { cwd: string; base?: string; head?: string; staged?: false }
  /** The index against HEAD (what `git commit` would record), as a pre-commit hook sees it. */
  | { cwd: string; staged: true };

/** Collects `merge-base(base, head)..head` of a local repository, as the app collects a PR. */
export async function collectFromGit(range: GitRange, settings: ReviewSettings): Promise<{ changeSet: ChangeSet; repo: RepoSnapshot & { close(): void }; root: string }> {
  const root = await assertGitRepository(range.cwd);
  const { baseSha, headSha, title } = range.staged ? await stagedRange(root) : await commitRange(root, range.base, range.head);
  const entries = await listGitChanges(root, baseSha, headSha);
  const repo = gitSnapshot(root, headSha);
  const [owner, name] = await originSlug(root);
  const changeSet = await buildChangeSet({
    meta: { owner, repo: name, title, body: '', baseSha, headSha, totalFiles: entries.length, truncated: false },
    entries,
    readHead: (path) => repo.readBytes(path),
    isBackendPath: createBackendDetector(repo),
    entryKind: (path) => gitEntryKind(root, headSha, path),
    paths: settings.paths,
  });
  return { changeSet, repo, root };
}

async function commitRange(root: string, base: string | undefined, head: string | undefined) {
  const headSha = await resolveRevision(root, head ?? 'HEAD');
  const baseSha = await resolveRevision(root, base ?? (await defaultBase(root)));
  const mergeBase = (await git(root, ['merge-base', baseSha, headSha]).catch(() => baseSha)).trim() || baseSha;
  return { baseSha: mergeBase, headSha, title: (await git(root, ['log', '-1', '--format=%s', headSha])).trim() };
}

/**
 * The index as a tree object (`git write-tree`, as pre-commit itself does) against HEAD, or
 * against the empty tree before the first commit. Every later step reads trees, not commits.
 */
async function stagedRange(root: string) {
  const headSha = (
    await git(root, ['write-tree']).catch(() => {
      throw new GitError('the index has unresolved merge conflicts: resolve them before reviewing what is staged');
    })
  ).trim();
  const baseSha = (await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).catch(() => '')).trim() || (await git(root, ['hash-object', '-t', 'tree', '/dev/null'])).trim();
  return { baseSha, headSha, title: 'staged changes' };
}

/** What the head tree stores at a path, from its git mode: a link (120000) and a submodule (160000) are never read. */
async function gitEntryKind(root: string, rev: string, path: string): Promise<'file' | 'symlink' | 'submodule' | undefined> {
  const out = await git(root, ['ls-tree', '-z', rev, '--', path]).catch(() => '');
  const mode = /^(\d{6}) /.exec(out)?.[1];
  return mode === '120000' ? 'symlink' : mode === '160000' ? 'submodule' : mode ? 'file' : undefined;
}

/** owner/repo from the origin remote when it is a GitHub URL; "local" otherwise. */
async function originSlug(root: string): Promise<[string, string]> {
  const url = (await git(root, ['config', '--get', 'remote.origin.url']).catch(() => '')).trim();
  const match = /[/:]([^/:]+)\/([^/]+?)(\.git)?$/.exec(url);
  return match ? [match[1], match[2]] : ['local', root.split('/').pop() ?? 'repo'];
}
