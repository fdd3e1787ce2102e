import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/app/cli/run-cli.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { startFakeAnthropic } from '../helpers/fake-anthropic.js';

const demo = fileURLToPath(new URL('../../examples/demo/', import.meta.url));

// The output formats are tested without the live database stage (test/cli/live-db-cli.test.ts has it).
async function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...args, '--no-live-db'], { cwd, env, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

describe('backend-agent review', () => {
  let repo: ReturnType<typeof makeGitRepo>;
  beforeAll(() => {
    repo = makeGitRepo(join(demo, 'base'), join(demo, 'head'));
  });
  afterAll(() => repo.cleanup());

  it('prints exactly one JSON document with findings and a summary on stdout', async () => {
    const { code, stdout, stderr } = await run(['review', '--base', 'HEAD~1', '--format', 'json', '--no-llm'], repo.dir);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc)).toEqual(['findings', 'summary']);
    const keys = doc.findings.map((f: any) => `${f.path}:${f.line} ${f.category} ${f.rule}`);
    expect(keys).toContain('supabase/migrations/20250301120000_note_shares.sql:2 rls rls-disabled-on-exposed-table');
    for (const f of doc.findings) {
      expect(f).toEqual(
        expect.objectContaining({ path: expect.any(String), line: expect.any(Number), side: 'RIGHT', category: expect.stringMatching(/^(async|security|rls|query)$/), severity: expect.stringMatching(/^(high|medium|low)$/), rule: expect.any(String), title: expect.any(String), message: expect.any(String), source: 'static', fingerprint: expect.stringMatching(/^[0-9a-f]{16}/) }),
      );
    }
    expect(doc.summary.analyzers.map((a: any) => [a.name, a.status])).toEqual([
      ['static', 'ok'],
      ['live-db', 'skipped'],
      ['backend-agent', 'skipped'],
    ]);
  });

  it('exits 1 when --fail-on is met, 0 when not', async () => {
    expect((await run(['review', '--base', 'HEAD~1', '--format', 'json', '--no-llm', '--fail-on', 'high'], repo.dir)).code).toBe(1);
    expect((await run(['review', '--base', 'HEAD', '--format', 'json', '--no-llm', '--fail-on', 'low'], repo.dir)).code).toBe(0);
  });

  it('exits 3 under --fail-on when the review is incomplete and nothing reached the threshold, and says why', async () => {
    const fake = await startFakeAnthropic({ kind: 'error', status: 529, type: 'overloaded_error' });
    const clean = makeGitRepo({ 'app/main.py': 'x = 1\n' }, { 'app/main.py': 'import asyncio\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/pause")\nasync def pause():\n    await asyncio.sleep(1)\n' });
    try {
      const env: NodeJS.ProcessEnv = { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: fake.baseURL, BACKEND_AGENT_LLM_MAX_RETRIES: '0', LOG_LEVEL: 'silent' };
      // The AI review fails (overloaded): nothing reaches the threshold, but the gate cannot vouch for the change.
      const incomplete = await run(['review', '--base', 'HEAD~1', '--format', 'json', '--fail-on', 'low'], clean.dir, env);
      expect(incomplete.code).toBe(3);
      const doc = JSON.parse(incomplete.stdout);
      expect(doc.findings).toEqual([]);
      expect(doc.summary.incomplete).toEqual(expect.arrayContaining([expect.stringMatching(/overloaded/i)]));
      expect((await run(['review', '--base', 'HEAD~1', '--format', 'text', '--fail-on', 'low'], clean.dir, env)).stdout).toMatch(/Incomplete review: .*overloaded/i);
      // A met threshold is exit 1, complete or not; without --fail-on the exit is 0.
      expect((await run(['review', '--base', 'HEAD~1', '--format', 'json', '--fail-on', 'high'], repo.dir, env)).code).toBe(1);
      expect((await run(['review', '--base', 'HEAD~1', '--format', 'json'], clean.dir, env)).code).toBe(0);
      // Complete and clean: exit 0, and the JSON says nothing is missing.
      const complete = await run(['review', '--base', 'HEAD~1', '--format', 'json', '--no-llm', '--fail-on', 'low'], clean.dir);
      expect(complete.code).toBe(0);
      expect(JSON.parse(complete.stdout).summary.incomplete).toEqual([]);
    } finally {
      clean.cleanup();
      await fake.close();
    }
  });

  it('writes SARIF 2.1.0 with rules, help, physical locations and partial fingerprints', async () => {
    const { stdout } = await run(['review', '--base', 'HEAD~1', '--format', 'sarif', '--no-llm'], repo.dir);
    const sarif = JSON.parse(stdout);
    expect(sarif.version).toBe('2.1.0');
    const run0 = sarif.runs[0];
    expect(run0.tool.driver.name).toBe('backend-agent');
    const ids = run0.tool.driver.rules.map((r: any) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of run0.tool.driver.rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.help.text.length).toBeGreaterThan(20);
    }
    expect(run0.results.length).toBeGreaterThan(0);
    for (const result of run0.results) {
      expect(ids[result.ruleIndex]).toBe(result.ruleId);
      const loc = result.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).not.toMatch(/^\//);
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(result.partialFingerprints['backendAgent/v1']).toMatch(/^[0-9a-f]{16}/);
      expect(['error', 'warning', 'note']).toContain(result.level);
    }
  });

  it('prints text grouped by file without colour when not on a TTY, and markdown as the app posts it', async () => {
    const text = (await run(['review', '--base', 'HEAD~1', '--no-llm'], repo.dir)).stdout;
    expect(text).toContain('supabase/migrations/20250301120000_note_shares.sql\n');
    expect(text).not.toContain('\x1b[');
    let tty = '';
    await runCli(['review', '--base', 'HEAD~1', '--no-llm', '--no-live-db'], { cwd: repo.dir, env: {}, stdout: { isTTY: true, write: (t: string) => (tty += t) }, stderr: { write: () => true } });
    expect(tty).toContain('\x1b[31mhigh');
    const md = (await run(['review', '--base', 'HEAD~1', '--format', 'markdown', '--no-llm'], repo.dir)).stdout;
    expect(md).toContain('<!-- backend-agent:summary -->');
    expect(md).toContain('<!-- backend-agent:fingerprint ');
  });

  it('exits 2 with a clear message for a bad flag, an unknown revision or a directory that is not a repository', async () => {
    const bad = await run(['review', '--format', 'yaml'], repo.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format must be text, json, markdown, sarif or github, not "yaml"');
    const unknown = await run(['review', '--base', 'no-such-branch'], repo.dir);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toBe('backend-agent: unknown revision: no-such-branch\n');
    const empty = mkdtempSync(join(tmpdir(), 'not-a-repo-'));
    try {
      const notRepo = await run(['review'], empty);
      expect(notRepo.code).toBe(2);
      expect(notRepo.stderr).toMatch(/^backend-agent: not a git repository: /);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
