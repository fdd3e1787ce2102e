import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from './temp-dir.js';

/** A FastAPI route that awaits its pause, and the same route with a blocking `time.sleep` (line 11). */
export const CLEAN_ROUTE = 'import asyncio\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/wait")\nasync def wait():\n    await asyncio.sleep(1)\n    return {}\n';
export const BLOCKING_ROUTE = CLEAN_ROUTE.replace('import asyncio\n', 'import asyncio\nimport time\n').replace('    await asyncio.sleep(1)\n', '    time.sleep(1)\n');

export const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' }).toString();

export function writeFile(dir: string, path: string, text: string) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** A new repository on `main` whose first commit holds `files` (none: no commit yet). */
export async function initRepo(prefix: string, files: Record<string, string> = {}): Promise<string> {
  const dir = await tempDir(prefix);
  git(dir, 'init', '-q', '-b', 'main');
  if (Object.keys(files).length) {
    for (const [path, text] of Object.entries(files)) writeFile(dir, path, text);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
  }
  return dir;
}
