import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startFakeGitHub, type FakeGitHub } from './fake-github-server.js';
import { routerModule } from './synthetic-code.js';

// Start-to-review time of the GitHub Action: the bundled node20 action (action-dist/) against
// the former composite action, which ran `npm ci` (dev dependencies and the TypeScript build)
// before reviewing. Both run from a copy of the repository's tracked files, as the runner
// downloads an action, against GitHub answered on 127.0.0.1.

export interface ActionStartFigures {
  bundleMb: number;
  bundled: { runs: number; reviewP50Ms: number; exitP50Ms: number };
  composite: { cache: 'warm' | 'cold'; installMs: number; reviewMs: number; totalMs: number }[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function checkout(root: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'backend-agent-action-bench-'));
  for (const path of execFileSync('git', ['ls-files', '-z'], { cwd: root }).toString().split('\0').filter(Boolean)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    copyFileSync(join(root, path), join(dir, path));
  }
  return dir;
}

function eventFile(dir: string): string {
  const path = join(dir, 'event.json');
  const pull_request = { number: 1, title: 'bench', body: '', state: 'open', draft: false, base: { sha: 'b'.repeat(40), ref: 'main' }, head: { sha: 'a'.repeat(40), ref: 'bench' } };
  writeFileSync(path, JSON.stringify({ action: 'opened', number: 1, pull_request, repository: { name: 'api', full_name: 'bench/api', default_branch: 'main', owner: { login: 'bench' } } }));
  return path;
}

/** Runs `node main` as the runner would; resolves with the times (from `started`) of the review post and of the exit. */
function runAction(main: string, github: FakeGitHub, event: string, started: number): Promise<{ reviewMs: number; exitMs: number }> {
  const posted = github.nextPost();
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', HOME: dirname(event), GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_API_URL: github.url, 'INPUT_GITHUB-TOKEN': 'ghs_bench', LOG_LEVEL: 'silent' };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', async (code) => {
      if (code !== 0) return reject(new Error(`${main} exited with ${code}`));
      resolve({ reviewMs: Math.round((await posted) - started), exitMs: Math.round(performance.now() - started) });
    });
  });
}

export async function benchActionStart(params: { root: string; runs: number; composite: ('warm' | 'cold')[] }): Promise<ActionStartFigures> {
  const files = Array.from({ length: 20 }, (_, i) => {
    const content = routerModule(i);
    const lines = content.split('\n');
    return { filename: `app/routers/module_${i}.py`, status: 'added', content, patch: `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}` };
  });
  const github = await startFakeGitHub({ owner: 'bench', repo: 'api', number: 1, files });
  const dir = checkout(params.root);
  const event = eventFile(mkdtempSync(join(tmpdir(), 'backend-agent-action-event-')));
  try {
    const bundle = join(dir, 'action-dist');
    const bundleMb = Math.round((['index.mjs', 'libpg-query.wasm', 'tree-sitter-python.wasm', 'web-tree-sitter.wasm'].reduce((n, f) => n + statSync(join(bundle, f)).size, 0) / 1e6) * 10) / 10;
    const bundled: { reviewMs: number; exitMs: number }[] = [];
    for (let i = 0; i < params.runs; i++) {
      github.reset();
      bundled.push(await runAction(join(bundle, 'index.mjs'), github, event, performance.now()));
    }
    const composite: ActionStartFigures['composite'] = [];
    for (const cache of params.composite) {
      rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
      rmSync(join(dir, 'dist'), { recursive: true, force: true });
      const cacheDir = cache === 'cold' ? mkdtempSync(join(tmpdir(), 'backend-agent-npm-cache-')) : undefined;
      const started = performance.now();
      // What the composite action ran: `npm ci` (whose prepare script builds dist/), then the entry.
      execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error', ...(cacheDir ? ['--cache', cacheDir] : [])], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
      const installMs = Math.round(performance.now() - started);
      github.reset();
      const { reviewMs } = await runAction(join(dir, 'dist', 'action.js'), github, event, started);
      composite.push({ cache, installMs, reviewMs: reviewMs - installMs, totalMs: reviewMs });
      if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
    }
    return { bundleMb, bundled: { runs: params.runs, reviewP50Ms: median(bundled.map((b) => b.reviewMs)), exitP50Ms: median(bundled.map((b) => b.exitMs)) }, composite };
  } finally {
    await github.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(dirname(event), { recursive: true, force: true });
  }
}
