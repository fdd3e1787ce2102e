import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' }).toString();

function clear(dir: string) {
  for (const entry of readdirSync(dir)) if (entry !== '.git') rmSync(join(dir, entry), { recursive: true, force: true });
}

function write(dir: string, files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** A two-commit repository on `main`: base then head, each a folder or a map of files. */
export function makeGitRepo(base: string | Record<string, string>, head: string | Record<string, string>): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'backend-agent-test-'));
  git(dir, 'init', '-q', '-b', 'main');
  for (const [tree, message] of [
    [base, 'base'],
    [head, 'head'],
  ] as const) {
    clear(dir);
    if (typeof tree === 'string') cpSync(tree, dir, { recursive: true });
    else write(dir, tree);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
