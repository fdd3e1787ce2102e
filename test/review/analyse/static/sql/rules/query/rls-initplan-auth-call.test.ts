import { analyseSql } from '../../../../../../../src/review/analyse/static/sql/index.js';
import { defaultSettings } from '../../../../../../../src/config/repo-config.js';
import { silentLog } from '../../../../../../../src/domain/logger.js';
import { makeChangeSet } from '../../../../../../helpers/change-set.js';
import { findingsOf, lineOf, migration, runSql } from '../../run-sql.js';

const RULE = 'rls-initplan-auth-call';
const TABLE = 'create table public.reads (id bigint primary key, user_id uuid);\nalter table public.reads enable row level security;\n';

describe(RULE, () => {
  it('reports bare auth.uid() at the policy and suggests wrapping every call', async () => {
    const policy = `create policy "own reads"\n  on public.reads for all\n  to authenticated\n  using (auth.uid() = user_id)\n  with check (auth.uid() = user_id);`;
    const sql = `${TABLE}\n${policy}\n`;
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    const start = lineOf(sql, 'create policy');
    expect(f).toMatchObject({ line: start, endLine: start + 4, category: 'query', severity: 'medium' });
    expect(f.suggestion).toBe(policy.replace(/auth\.uid\(\)/g, '(select auth.uid())'));
  });

  it('leaves an equality the whole policy requires on the column every index of the table leads with: the call is the index scan\'s condition, run once', async () => {
    // The table's only index leads with user_id (its primary key, and a unique one on (user_id, slug)).
    const indexed = 'create table public.reads (user_id uuid primary key, slug text, id bigint);\ncreate unique index reads_slug on public.reads (user_id, slug);\nalter table public.reads enable row level security;\n';
    for (const using of ['auth.uid() = user_id', '(user_id = auth.uid())', 'id > 0 and user_id = auth.uid()', "(auth.jwt() ->> 'sub')::uuid = user_id"]) {
      expect(await findingsOf(RULE, [migration('20250101000000_a', `${indexed}create policy "p" on public.reads for select using (${using});\n`)])).toEqual([]);
    }
    // Under an OR, in a function's arguments, on a cast of the column, or on a column no index leads: a filter on every row.
    for (const using of ['user_id = auth.uid() or id < 10', 'public.is_member(auth.uid(), id)', 'user_id::text = auth.uid()::text']) {
      expect(await findingsOf(RULE, [migration('20250101000000_a', `${indexed}create function public.is_member(u uuid, i bigint) returns boolean language sql stable as $$ select true $$;\ncreate policy "p" on public.reads for select using (${using});\n`)])).toHaveLength(1);
    }
    expect(await findingsOf(RULE, [migration('20250101000000_a', `${TABLE}create policy "p" on public.reads for select using (auth.uid() = user_id);\n`)])).toHaveLength(1);
  });

  it('reports that equality on a table another index leads into: rows read through it are filtered one by one', async () => {
    const receipts = 'create table public.receipts (user_id uuid, message_id bigint, primary key (user_id, message_id));\ncreate index receipts_message on public.receipts (message_id);\nalter table public.receipts enable row level security;\n';
    expect(await findingsOf(RULE, [migration('20250101000000_a', `${receipts}create policy "p" on public.receipts for select using (auth.uid() = user_id);\n`)])).toHaveLength(1);
  });

  it('comments on the call, with the suggestion from there, in a policy written one clause a line', async () => {
    const policy = `create policy "own reads"\non "public"."reads"\nas permissive\nfor all\nto public\nusing ((user_id = auth.uid()));`;
    const sql = `${TABLE}\n${policy}\n`;
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(f.line).toBe(lineOf(sql, 'using ('));
    expect(f.suggestion).toBe('using ((user_id = (select auth.uid())));');
  });

  it('wraps current_setting() with its arguments and auth.jwt() under ->>', async () => {
    const sql = `${TABLE}create policy "p" on public.reads for select using (current_setting('request.jwt.claims', true)::jsonb ->> 'sub' = (auth.jwt() ->> 'sub'));`;
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(f.suggestion).toContain(`(select current_setting('request.jwt.claims', true))::jsonb`);
    expect(f.suggestion).toContain(`((select auth.jwt()) ->> 'sub')`);
  });

  it('reports a bare call inside a sub-query that reads the policy row (run once per row)', async () => {
    const members = 'create table public.members (user_id uuid, reader uuid);\n';
    for (const clause of [
      'exists (select 1 from public.members m where m.reader = reads.user_id and m.user_id = auth.uid())',
      'exists (select 1 from public.members m where m.user_id = auth.uid() and public.reads.user_id = m.reader)',
    ]) {
      const sql = `${TABLE}${members}create policy "p" on public.reads for select using (${clause});`;
      expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toHaveLength(1);
    }
  });

  it('leaves calls inside a sub-query that never reads the policy row: PostgreSQL runs it once per statement', async () => {
    const members = 'create table public.members (user_id uuid, reader uuid, email text);\n';
    for (const clause of [
      'exists (select 1 from public.members m where m.user_id = auth.uid())',
      'user_id in (select reader from public.members where user_id = auth.uid() union select id from auth.users where id = auth.uid())',
    ]) {
      const sql = `${TABLE}${members}create policy "p" on public.reads for select using (${clause});`;
      expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
    }
  });

  it('counts an unqualified column of the policy table that no table of the sub-query has as a correlation', async () => {
    const sql = `create table public.docs (id uuid primary key, team_id uuid);\nalter table public.docs enable row level security;\ncreate table public.memberships (member uuid, team uuid);\ncreate policy "p" on public.docs for select using (exists (select 1 from public.memberships where team = team_id and member = auth.uid()));`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toHaveLength(1);
  });

  it('leaves INSERT, UPDATE and DELETE policies alone: they run on the rows the statement writes, never over a scan', async () => {
    const insert = `${TABLE}create policy "p" on public.reads for insert to authenticated with check (auth.uid() = user_id);`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', insert)])).toEqual([]);
    const altered = [migration('20250101000000_a', insert, insert), migration('20250102000000_b', 'alter policy "p" on public.reads with check (auth.uid() = user_id);')];
    expect(await findingsOf(RULE, altered)).toEqual([]);
    for (const command of ['update', 'delete']) {
      const write = `${TABLE}create policy "p" on public.reads for ${command} to authenticated using (auth.uid() = user_id);`;
      expect(await findingsOf(RULE, [migration('20250101000000_a', write)])).toEqual([]);
    }
    // A policy for all commands also filters every SELECT: it is tuned.
    const all = insert.replace('for insert', 'for all');
    expect(await findingsOf(RULE, [migration('20250101000000_a', all)])).toHaveLength(1);
  });

  it('gives no suggestion when the statement does not start on an added line', async () => {
    const base = `${TABLE}create policy "p" on public.reads for select\n  using ((select auth.uid()) = user_id);\n`;
    const head = `${TABLE}create policy "p" on public.reads for select\n  using (auth.uid() = user_id);\n`;
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', head, base)]);
    expect(f.line).toBe(lineOf(head, 'using'));
    expect(f.suggestion).toBeUndefined();
  });

  it.each([
    ['wrapped calls', 'using ((select auth.uid()) = user_id)'],
    ['a wrapped expression over auth.jwt()', "using ((select auth.jwt() ->> 'role') = 'x')"],
    ['row-dependent helper calls', 'using (public.is_member(user_id))'],
  ])('ignores %s', async (_name, clause) => {
    const sql = `${TABLE}create policy "p" on public.reads for select ${clause};`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
  });
});

describe(`${RULE} next to rls-policy-always-true`, () => {
  it('leaves a policy that only checks auth.role() to the always-true rule', async () => {
    const sql = `${TABLE}create policy "p" on public.reads for update to authenticated using (auth.role() = 'authenticated');`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
    expect(await findingsOf('rls-policy-always-true', [migration('20250101000000_a', sql)])).toHaveLength(1);
  });
});

describe(`${RULE} on a policy another rule asks to rewrite`, () => {
  const metadataPolicy =
    'create policy "mechanics" on public.reads for all to authenticated\n' +
    "  using ((auth.jwt() -> 'user_metadata' ->> 'role') = 'mechanic')\n" +
    "  with check ((auth.jwt() -> 'user_metadata' ->> 'role') = 'mechanic');";

  it('stays quiet and lets the user_metadata finding carry the wrapping advice', async () => {
    const result = await runSql([migration('20250101000000_a', `${TABLE}${metadataPolicy}`)]);
    expect(result.findings.filter((f) => f.rule === RULE)).toEqual([]);
    const [rewrite] = result.findings.filter((f) => f.rule === 'rls-policy-references-user-metadata');
    expect(rewrite.message).toContain('When rewriting it, wrap `auth.jwt()` in a sub-select');
  });

  it('still reports when that rule is turned off, since no rewrite is asked for then', async () => {
    const { changeSet, repo } = makeChangeSet([migration('20250101000000_a', `${TABLE}${metadataPolicy}`)]);
    const settings = { ...defaultSettings(), rules: { 'rls-policy-references-user-metadata': 'off' as const } };
    const result = await analyseSql({ changeSet, repo, settings, log: silentLog, previous: [] });
    expect(result.findings.map((f) => f.rule)).toEqual([RULE]);
  });

  it('still reports next to a medium rls finding on the same policy', async () => {
    const sql =
      'create table public.members (user_id uuid primary key, email text);\nalter table public.members enable row level security;\n' +
      'create policy "read" on public.members for select using (auth.uid() is not null);';
    const result = await runSql([migration('20250101000000_a', sql)]);
    expect(result.findings.map((f) => [f.rule, f.severity]).sort()).toEqual([
      [RULE, 'medium'],
      ['rls-policy-always-true', 'medium'],
    ]);
  });

  it('leaves policies only for roles that bypass RLS (service_role): they are never evaluated', async () => {
    const base = 'create table public.jobs (id bigint primary key, owner uuid);\nalter table public.jobs enable row level security;\n';
    const service = `${base}create policy "svc" on public.jobs for all to service_role using (auth.role() = 'service_role');`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', service)])).toEqual([]);
    const mixed = `${base}create policy "own" on public.jobs for select to authenticated, service_role using (auth.uid() = owner);`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', mixed)])).toHaveLength(1);
    const byRole = `${base}create policy "svc writes" on public.jobs for update using (auth.role() = 'service_role');\n` +
      `create policy "svc reads" on public.jobs for select using ((select auth.role()) = 'service_role' and auth.uid() is not null);`;
    // The first is only ever passed by service_role; the second also calls auth.uid() per row, so it is tuned.
    expect((await findingsOf(RULE, [migration('20250101000000_a', byRole)])).map((f) => f.message.match(/Policy "([^"]+)"/)?.[1])).toEqual(['svc reads']);
  });
});

describe(`${RULE} on a table whose RLS is off`, () => {
  const POLICY = 'create policy "own" on public.reads for select to authenticated using (auth.uid() = user_id);';

  it('stays quiet: PostgreSQL does not evaluate the policies of a table without RLS', async () => {
    const sql = `create table public.reads (user_id uuid primary key);\n${POLICY}`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
  });

  it('reports it on a table no migration created, whose RLS it cannot know', async () => {
    expect(await findingsOf(RULE, [migration('20250101000000_a', POLICY)])).toHaveLength(1);
  });
});


describe(`${RULE}: only a table queried through the Data API pays the per-row cost`, () => {
  const POLICY = 'create policy "own" on public.reads for select to authenticated using (auth.uid() = user_id);';
  const sql = `${TABLE}${POLICY}\n`;
  const orm = 'from sqlalchemy.orm import Mapped, mapped_column\nfrom app.db import Base\n\nclass Read(Base):\n    __tablename__ = "reads"\n    user_id: Mapped[str] = mapped_column(primary_key=True)\n';
  const rawSql = 'async def reads_of(conn, user_id):\n    return await conn.fetch("SELECT * FROM reads WHERE user_id = $1", user_id)\n';
  const client = 'export const reads = () => supabase.from("reads").select("*");\n';

  it('stays quiet when the backend alone queries the table, on its own connection (RLS never runs)', async () => {
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)], { 'app/models/read.py': orm })).toEqual([]);
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)], { 'app/repo/reads.py': rawSql })).toEqual([]);
  });

  it('reports it when a client also queries the table, or when no use is found', async () => {
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)], { 'app/models/read.py': orm, 'web/src/reads.ts': client })).toHaveLength(1);
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toHaveLength(1);
  });

  it('reports it on storage objects, read through the Storage API as the user', async () => {
    const storage = `create policy "own files" on storage.objects for select to authenticated using (auth.uid() = owner);\n`;
    const objectsSql = 'def files(conn):\n    return conn.execute("SELECT name FROM objects")\n';
    expect(await findingsOf(RULE, [migration('20250101000000_a', storage)], { 'app/files.py': objectsSql })).toHaveLength(1);
  });
});
