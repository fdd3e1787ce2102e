import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './cli-app/run-cli.js';

// `npm run demo`: the review the app would post, on a bundled FastAPI + Supabase pull request
// (examples/demo/base -> head), with the static engine and no keys. Extra args go to the CLI,
// e.g. `npm run demo -- --format text`.
const example = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'demo');
const repo = mkdtempSync(join(tmpdir(), 'backend-agent-demo-'));
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=demo', '-c', 'user.email=demo@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, stdio: 'ignore' });

try {
  git('init', '-q', '-b', 'main');
  cpSync(join(example, 'base'), repo, { recursive: true });
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  for (const entry of readdirSync(repo)) if (entry !== '.git') rmSync(join(repo, entry), { recursive: true, force: true });
  cpSync(join(example, 'head'), repo, { recursive: true });
  git('add', '-A');
  git('commit', '-q', '-m', 'Add note previews and sharing');
  const extra = process.argv.slice(2);
  const args = ['review', '--base', 'HEAD~1', ...(extra.some((a) => a.startsWith('--format')) ? [] : ['--format', 'markdown']), ...extra];
  process.stderr.write(`backend-agent ${args.join(' ')}  (in a temporary copy of examples/demo)\n\n`);
  process.exitCode = await runCli(args, { cwd: repo, env: { ...process.env, ANTHROPIC_API_KEY: '' }, stdout: process.stdout, stderr: process.stderr });
} finally {
  rmSync(repo, { recursive: true, force: true });
}
