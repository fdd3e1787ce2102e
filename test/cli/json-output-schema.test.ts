import { jest } from '@jest/globals';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { runCli } from '../../src/app/cli/run-cli.js';
import { CATEGORIES, SEVERITIES } from '../../src/domain/types.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';

jest.setTimeout(300_000);

const require = createRequire(import.meta.url);
// ajv is CommonJS; require keeps its constructor typed and callable (as test/helpers/openapi.ts does).
const Ajv = require('ajv').default as typeof import('ajv').default;
const schema = JSON.parse(readFileSync(new URL('../../schema/review-output.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

function errorsOf(doc: unknown): string {
  return validate(doc) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}

async function review(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['review', '--format', 'json', ...args], { cwd, env: { LOG_LEVEL: 'silent', ...env }, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(stdout);
}

// A change with a finding of every category, a Python file that does not parse and a migration the live stage replays.
const HEAD = {
  'app/routers/rates.py': [
    'import requests',
    'from fastapi import APIRouter',
    '',
    'router = APIRouter()',
    'STRIPE_KEY = "sk_live_51HcK2pLkQz8v3XyT9bR4mN7wQe2"',
    '',
    '',
    '@router.get("/rates/{currency}")',
    'async def rate(currency: str):',
    '    return requests.get(f"https://rates.example/{currency}", timeout=5).json()',
    '',
  ].join('\n'),
  'app/services/stats.py': [
    'from sqlalchemy import select',
    '',
    'from app.models import Order',
    '',
    '',
    'async def stats(db, shop_id: int):',
    '    orders = (await db.scalars(select(Order).where(Order.shop_id == shop_id))).all()',
    '    return {"orders": len(orders)}',
    '',
  ].join('\n'),
  'app/broken.py': 'def broken(:\n    return 1\n',
  'supabase/migrations/20250301120000_customers.sql': 'create table public.customers (id uuid primary key, email text not null);\n',
};
const BASE = { 'app/__init__.py': '', 'app/models.py': 'from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n' };

describe('schema/review-output.schema.json: the published shape of `backend-agent review --format json`', () => {
  let repo: ReturnType<typeof makeGitRepo>;
  let fake: FakeAnthropic | undefined;
  beforeAll(() => {
    repo = makeGitRepo(BASE, { ...BASE, ...HEAD });
  });
  afterAll(async () => {
    repo.cleanup();
    await fake?.close();
  });

  it('describes a review with findings of every category, from every source, a note on a file that does not parse, and usage and a plan', async () => {
    fake = await startFakeAnthropic({
      kind: 'tool',
      input: {
        findings: [{ path: 'app/routers/rates.py', line: 9, category: 'async', severity: 'medium', title: 'No retry on the rates provider', body: 'A timeout fails the request; retry once with backoff.' }],
        summary: 'One blocking call and a key in the code.',
        plan: ['Use httpx.AsyncClient', 'Read the key from the environment'],
      },
    });
    const doc = await review(repo.dir, ['--base', 'HEAD~1'], { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: fake.baseURL });
    expect(errorsOf(doc)).toBe('');
    // The document really exercises the schema: every category, the live stage, the AI review's usage, a note.
    expect([...new Set(doc.findings.map((f: { category: string }) => f.category))].sort()).toEqual([...CATEGORIES].sort());
    expect(doc.summary.analyzers.map((a: { name: string; status: string }) => [a.name, a.status])).toEqual([
      ['static', 'ok'],
      ['live-db', 'ok'],
      ['backend-agent', 'ok'],
    ]);
    expect(doc.findings.map((f: { source: string }) => f.source)).toEqual(expect.arrayContaining(['static', 'llm']));
    expect(doc.summary.analyzers[2].usage).toEqual(expect.objectContaining({ requests: 1 }));
    expect(doc.summary.plan).toHaveLength(2);
    expect(doc.summary.notes).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'app/broken.py', message: expect.stringMatching(/syntax error/) })]));
  });

  it('describes an incomplete review (the AI review failed) and a clean one', async () => {
    const overloaded = await startFakeAnthropic({ kind: 'error', status: 529, type: 'overloaded_error' });
    try {
      const incomplete = await review(repo.dir, ['--base', 'HEAD~1', '--no-live-db'], { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: overloaded.baseURL, BACKEND_AGENT_LLM_MAX_RETRIES: '0' });
      expect(errorsOf(incomplete)).toBe('');
      expect(incomplete.summary.incomplete).toEqual(expect.arrayContaining([expect.stringMatching(/overloaded/i)]));
      expect(incomplete.summary.analyzers.map((a: { status: string }) => a.status)).toEqual(['ok', 'skipped', 'failed']);
    } finally {
      await overloaded.close();
    }
    const clean = await review(repo.dir, ['--base', 'HEAD', '--no-live-db', '--no-llm']);
    expect(errorsOf(clean)).toBe('');
    expect(clean).toMatchObject({ findings: [], summary: { total: 0, filesReviewed: [], incomplete: [] } });
  });

  it('rejects a document of another shape, so the check can fail', async () => {
    const doc = await review(repo.dir, ['--base', 'HEAD~1', '--no-live-db', '--no-llm']);
    expect(errorsOf(doc)).toBe('');
    const broken: [string, (d: any) => void, RegExp][] = [
      ['an unknown severity', (d) => (d.findings[0].severity = 'critical'), /severity.*allowed values/],
      ['a finding without a fingerprint', (d) => delete d.findings[0].fingerprint, /fingerprint/],
      ['a line of 0', (d) => (d.findings[0].line = 0), /line must be >= 1/],
      ['a count missing a category', (d) => delete d.summary.counts.rls, /counts must have required property 'rls'/],
      ['a key the output does not have', (d) => (d.verdict = 'approve'), /additional properties/],
      ['incomplete as a boolean', (d) => (d.summary.incomplete = false), /incomplete must be array/],
    ];
    for (const [what, mutate, error] of broken) {
      const copy = structuredClone(doc);
      mutate(copy);
      expect([what, errorsOf(copy)]).toEqual([what, expect.stringMatching(error)]);
    }
  });

  it('is named in --help and in the README, and shipped with the package', async () => {
    let stdout = '';
    expect(await runCli(['--help'], { cwd: repo.dir, env: {}, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true } })).toBe(0);
    expect(stdout).toContain('schema/review-output.schema.json');
    expect(readFileSync(new URL('../../README.md', import.meta.url), 'utf8')).toContain('(schema/review-output.schema.json)');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(pkg.files).toContain('schema');
  });

  it('lists the categories and severities the review knows', () => {
    expect(schema.definitions.category.enum).toEqual([...CATEGORIES]);
    expect(schema.definitions.severity.enum).toEqual([...SEVERITIES]);
    expect(Object.keys(schema.definitions.summary.properties.counts.properties)).toEqual([...CATEGORIES]);
  });
});
