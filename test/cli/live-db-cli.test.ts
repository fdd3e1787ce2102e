import { jest } from '@jest/globals';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/app/cli/run-cli.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { liveEngines } from '../review/analyse/live/live-helper.js';

jest.setTimeout(300_000);

const demo = fileURLToPath(new URL('../../examples/demo/', import.meta.url));

async function run(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, env: { LOG_LEVEL: 'silent' }, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

describe('backend-agent review: the live database stage', () => {
  let repo: ReturnType<typeof makeGitRepo>;
  beforeAll(() => {
    repo = makeGitRepo(join(demo, 'base'), join(demo, 'head'));
  });
  afterAll(() => repo.cleanup());

  it.each(liveEngines())('proves the demo\'s open update policy on %s (through --database-url for a server), merged with the static finding', async (_name, url) => {
    const args = ['review', '--base', 'HEAD~1', '--format', 'json', '--no-llm', ...(url ? ['--database-url', url] : [])];
    const { code, stdout } = await run(args, repo.dir);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    const live = doc.summary.analyzers.find((a: { name: string }) => a.name === 'live-db');
    expect(live).toMatchObject({ status: 'ok' });
    const update = doc.findings.find((f: { line: number; rule: string }) => f.rule === 'rls-policy-always-true');
    expect(update).toMatchObject({ path: 'supabase/migrations/20250301120000_note_shares.sql', line: 13, source: 'static', sources: ['static', 'live'], severity: 'high' });
    // The SELECT policies hide A's notes from B, so B cannot touch them; but B can give its own note to A.
    expect(update.message).toContain(
      "**Proven on a live PostgreSQL (rls-probe-reassign-owner):** Run as user B (role `authenticated`, JWT sub `bbbbbbbb-0000-4000-8000-000000000000`), `update public.notes set owner_id = 'aaaaaaaa-0000-4000-8000-000000000000' where id = '2'` changed 1 row: user B's row now belongs to user A",
    );
    expect(update.message).not.toContain('rls-probe-update-others');
    const open = doc.findings.find((f: { rule: string }) => f.rule === 'rls-disabled-on-exposed-table');
    expect(open.sources).toEqual(['static', 'live']);
    expect(open.message).toContain('select * from public.note_shares');
  });

  it('is listed as off with --no-live-db', async () => {
    const { stdout } = await run(['review', '--base', 'HEAD~1', '--format', 'json', '--no-llm', '--no-live-db'], repo.dir);
    const doc = JSON.parse(stdout);
    expect(doc.summary.analyzers.find((a: { name: string }) => a.name === 'live-db')).toMatchObject({ status: 'skipped', detail: 'live database stage off: disabled by --no-live-db' });
    expect(doc.findings.some((f: { sources?: string[] }) => f.sources)).toBe(false);
  });
});
