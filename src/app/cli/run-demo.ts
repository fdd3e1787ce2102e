import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliIo } from './run-cli.js';
import { runGitSync } from '../../adapters/git-cli.js';

// Fixed authors and dates: the demo's commits, and so the SHA it prints, are the same on every
// machine, which keeps the README's example (generated from this output) true.
const GIT_ENV = { GIT_AUTHOR_NAME: 'demo', GIT_AUTHOR_EMAIL: 'demo@example.invalid', GIT_AUTHOR_DATE: '2025-03-01T12:00:00Z', GIT_COMMITTER_NAME: 'demo', GIT_COMMITTER_EMAIL: 'demo@example.invalid', GIT_COMMITTER_DATE: '2025-03-01T12:00:00Z' };

/**
 * `npm run demo`: the review the app would post on the bundled FastAPI + Supabase pull request
 * (`example`/base -> head), with the static engine and no keys. Extra args go to the CLI,
 * e.g. `--format text`. Resolves to the CLI's exit status.
 */
export async function runDemo(example: string, extra: string[], io: Omit<CliIo, 'cwd'>): Promise<number> {
  const repo = mkdtempSync(join(tmpdir(), 'backend-agent-demo-'));
  const git = (...args: string[]) => runGitSync(repo, ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], { ...process.env, ...GIT_ENV });
  try {
    git('init', '-q', '-b', 'main');
    cpSync(join(example, 'base'), repo, { recursive: true });
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    for (const entry of readdirSync(repo)) if (entry !== '.git') rmSync(join(repo, entry), { recursive: true, force: true });
    cpSync(join(example, 'head'), repo, { recursive: true });
    git('add', '-A');
    git('commit', '-q', '-m', 'Add note previews and sharing');
    const args = ['review', '--base', 'HEAD~1', ...(extra.some((a) => a.startsWith('--format')) ? [] : ['--format', 'markdown']), ...extra];
    io.stderr.write(`backend-agent ${args.join(' ')}  (in a temporary copy of examples/demo)\n\n`);
    return await runCli(args, { ...io, cwd: repo, env: { ...io.env, ANTHROPIC_API_KEY: '' } });
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}
