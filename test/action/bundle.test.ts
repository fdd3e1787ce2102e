import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import YAML from 'yaml';
import { API, githubWire } from '../helpers/github-wire.js';
import { examplePayload } from '../helpers/payloads.js';
import { makePatch } from '../helpers/change-set.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startFakeAnthropic } from '../helpers/fake-anthropic.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = 'import time\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/a")\nasync def a():\n    time.sleep(1)\n    return {}\n';

/** The repository as the runner downloads an action: its tracked files only, no node_modules, no dist/. */
async function checkoutAction(): Promise<string> {
  const dir = await tempDir('action-checkout');
  for (const path of execFileSync('git', ['ls-files', '-z'], { cwd: ROOT }).toString().split('\0').filter(Boolean)) {
    if (!existsSync(join(ROOT, path))) continue;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    copyFileSync(join(ROOT, path), join(dir, path));
  }
  for (let d = dir; d !== parse(d).root; d = dirname(d)) expect(existsSync(join(d, 'node_modules'))).toBe(false);
  return dir;
}

/** GitHub on 127.0.0.1 for another process: each request is replayed to the nock-mocked wire. */
async function relayToWire(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k))) as Record<string, string>;
    const answer = await fetch(`${API}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    const out: Record<string, string> = {};
    answer.headers.forEach((v, k) => {
      if (!['content-encoding', 'content-length', 'transfer-encoding'].includes(k)) out[k] = v.replaceAll(API, url);
    });
    res.writeHead(answer.status, out).end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function runNode(main: string, env: Record<string, string>, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [main], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

afterEach(() => nock.cleanAll());

describe('the bundled JavaScript Action (action.yml, action-dist/)', () => {
  it('is exactly what scripts/build-action.mjs builds from these sources (run `npm run build:action` when this fails)', () => {
    expect(execFileSync(process.execPath, [join(ROOT, 'scripts/build-action.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8' })).toBe('action-dist/ matches a fresh build.\n');
  }, 120_000);

  it('reviews a pull_request event with nothing installed: a real payload, GitHub on 127.0.0.1, the persona loaded from agents/', async () => {
    const action = YAML.parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
    expect(action.runs).toEqual({ using: 'node20', main: 'action-dist/index.mjs' });
    const checkout = await checkoutAction();
    const workspace = await tempDir('action-workspace');
    const payload = examplePayload('pull_request', 'opened', 1);
    writeFileSync(join(workspace, 'event.json'), JSON.stringify(payload));
    const wire = githubWire({ owner: payload.repository.owner.login, repo: payload.repository.name, number: payload.number, files: [{ filename: 'app/main.py', status: 'added', patch: makePatch('', SRC), content: SRC }] });
    const github = await relayToWire();
    const claude = await startFakeAnthropic({ kind: 'error', status: 529, type: 'overloaded_error' });
    try {
      // What the runner gives a node20 action: inputs as INPUT_<NAME> with the dashes kept.
      const env = {
        PATH: process.env.PATH ?? '',
        HOME: workspace,
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: join(workspace, 'event.json'),
        GITHUB_API_URL: github.url,
        GITHUB_WORKSPACE: workspace,
        'INPUT_GITHUB-TOKEN': 'ghs_actiontoken',
        'INPUT_ANTHROPIC-API-KEY': 'sk-ant-action-test',
        ANTHROPIC_BASE_URL: claude.baseURL,
        BACKEND_AGENT_LLM_MAX_RETRIES: '0',
        LOG_LEVEL: 'warn',
      };
      const run = await runNode(join(checkout, action.runs.main), env, workspace);
      if (run.code !== 0) process.stderr.write(run.stderr);
      expect(run.stdout).toBe('backend-agent: review posted (1 inline comments)\n');
      expect(run.code).toBe(0);
      expect(wire.reviews()).toHaveLength(1);
      expect(wire.reviews()[0].body.event).toBe('COMMENT');
      expect(wire.reviews()[0].body.comments[0]).toMatchObject({ path: 'app/main.py', line: 9 });
      expect(wire.reviews()[0].body.comments[0].body).toContain('async-blocking-sleep');
      // The persona came from the checkout's agents/ folder and its failure is named, not hidden.
      expect(claude.requests.length).toBeGreaterThan(0);
      expect(JSON.stringify(claude.requests[0].body.system)).toContain('world class Senior Backend Engineer');
      expect(claude.requests.map((r) => r.headers['x-api-key'] ?? String(r.headers.authorization).replace(/^Bearer /, ''))).toContain('sk-ant-action-test');
      expect(wire.summaries()).toHaveLength(1);
      expect(wire.summaries()[0].body).toContain('AI review unavailable');
      expect(wire.requests).toContain(`POST /repos/${payload.repository.full_name}/check-runs`);
    } finally {
      await Promise.all([github.close(), claude.close()]);
    }
  }, 60_000);
});
