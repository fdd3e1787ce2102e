import { buildChangeSet } from './build-change-set.js';
import { createBackendDetector } from './backend-repo.js';
import { GitError, assertGitRepository, defaultBase, gitSnapshot, listGitChanges, resolveRevision } from './git-source.js';
import type { GitPort } from '../../ports/git.js';
import type { ReviewSettings } from '../../config/repo-config.js';
import type { ChangeSet, RepoSnapshot } from '../../domain/types.js';

export type GitRange =
  | { cwd: string; base?: string; head?: string; staged?: false }
  /** The index against HEAD (what `git commit` would record), as a pre-commit hook sees it. */
  | { cwd: string; staged: true };

/** Collects `merge-base(base, head)..head` of a local repository, as the app collects a PR. */
export async function collectFromGit(git: GitPort, range: GitRange, settings: ReviewSettings): Promise<{ changeSet: ChangeSet; repo: RepoSnapshot & { close(): void }; root: string }> {
  const root = await assertGitRepository(git, range.cwd);
  const { baseSha, headSha, title } = range.staged ? await stagedRange(git, root) : await commitRange(git, root, range.base, range.head);
  const entries = await listGitChanges(git, root, baseSha, headSha);
  const repo = gitSnapshot(git, root, headSha);
  const [owner, name] = await originSlug(git, root);
  const changeSet = await buildChangeSet({
    meta: { owner, repo: name, title, body: '', baseSha, headSha, totalFiles: entries.length, truncated: false },
    entries,
    readHead: (path) => repo.readBytes(path),
    isBackendPath: createBackendDetector(repo),
    entryKind: (path) => gitEntryKind(git, root, headSha, path),
    paths: settings.paths,
  });
  return { changeSet, repo, root };
}

async function commitRange(git: GitPort, root: string, base: string | undefined, head: string | undefined) {
  const headSha = await resolveRevision(git, root, head ?? 'HEAD');
  const baseSha = await resolveRevision(git, root, base ?? (await defaultBase(git, root)));
  const mergeBase = (await git.run(root, ['merge-base', baseSha, headSha]).catch(() => baseSha)).trim() || baseSha;
  return { baseSha: mergeBase, headSha, title: (await git.run(root, ['log', '-1', '--format=%s', headSha])).trim() };
}

/**
 * The index as a tree object (`git write-tree`, as pre-commit itself does) against HEAD, or
 * against the empty tree before the first commit. Every later step reads trees, not commits.
 */
async function stagedRange(git: GitPort, root: string) {
  const headSha = (
    await git.run(root, ['write-tree']).catch(() => {
      throw new GitError('the index has unresolved merge conflicts: resolve them before reviewing what is staged');
    })
  ).trim();
  const baseSha = (await git.run(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).catch(() => '')).trim() || (await git.run(root, ['hash-object', '-t', 'tree', '/dev/null'])).trim();
  return { baseSha, headSha, title: 'staged changes' };
}

/** What the head tree stores at a path, from its git mode: a link (120000) and a submodule (160000) are never read. */
async function gitEntryKind(git: GitPort, root: string, rev: string, path: string): Promise<'file' | 'symlink' | 'submodule' | undefined> {
  const out = await git.run(root, ['ls-tree', '-z', rev, '--', path]).catch(() => '');
  const mode = /^(\d{6}) /.exec(out)?.[1];
  return mode === '120000' ? 'symlink' : mode === '160000' ? 'submodule' : mode ? 'file' : undefined;
}

/** owner/repo from the origin remote when it is a GitHub URL; "local" otherwise. */
async function originSlug(git: GitPort, root: string): Promise<[string, string]> {
  const url = (await git.run(root, ['config', '--get', 'remote.origin.url']).catch(() => '')).trim();
  const match = /[/:]([^/:]+)\/([^/]+?)(\.git)?$/.exec(url);
  return match ? [match[1], match[2]] : ['local', root.split('/').pop() ?? 'repo'];
}
