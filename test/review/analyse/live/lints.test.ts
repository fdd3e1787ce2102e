import { jest } from '@jest/globals';
import { liveEngines, liveHarness, migration } from './live-helper.js';

jest.setTimeout(600_000);

interface LintCase {
  rule: string;
  /** Migrations already on the base branch. */
  base?: string;
  /** The pull request's migration that should be reported, on the line holding `at`. */
  positive: string;
  at: string;
  /** The same change written safely: nothing reported under this rule. */
  negative: string;
}

const OWNED = 'create table public.docs (\n  id bigint primary key,\n  owner_id uuid not null references auth.users (id)\n);\ncreate index docs_owner on public.docs (owner_id);\nalter table public.docs enable row level security;\n';

const CASES: LintCase[] = [
  {
    rule: 'rls-disabled-on-exposed-table',
    positive: 'create table public.plain (id int primary key);\n',
    at: 'create table public.plain',
    negative: 'create table public.plain (id int primary key);\nalter table public.plain enable row level security;\ncreate policy "read" on public.plain for select to authenticated using (true);\n',
  },
  {
    rule: 'policy-exists-rls-disabled',
    positive: 'create schema app;\ncreate table app.jobs (id int primary key);\ncreate policy "workers" on app.jobs using (true);\n',
    at: 'create policy',
    negative: 'create schema app;\ncreate table app.jobs (id int primary key);\nalter table app.jobs enable row level security;\ncreate policy "workers" on app.jobs using (true);\n',
  },
  {
    // In an exposed schema too: one finding, on the policy (rls-disabled-on-exposed-table leaves it to this lint).
    rule: 'policy-exists-rls-disabled',
    positive: 'create table public.blog (id int primary key);\ncreate policy "read" on public.blog for select using (true);\n',
    at: 'create policy',
    negative: 'create table public.blog (id int primary key);\nalter table public.blog enable row level security;\ncreate policy "read" on public.blog for select using (true);\n',
  },
  {
    rule: 'rls-enabled-no-policy',
    positive: 'create table public.vault (id int primary key);\nalter table public.vault enable row level security;\n',
    at: 'alter table public.vault',
    negative: 'create table public.vault (id int primary key);\nalter table public.vault enable row level security;\ncreate policy "read" on public.vault for select to authenticated using (true);\n',
  },
  {
    rule: 'grant-to-anon',
    base: 'create schema if not exists app;\ncreate table public.audit (id int primary key);\nrevoke all on public.audit from anon, authenticated;\n',
    positive: 'grant insert, update on public.audit to anon;\n',
    at: 'grant insert',
    negative: 'grant select on public.audit to service_role;\n',
  },
  {
    rule: 'rls-policy-always-true',
    positive: `${OWNED}create policy "edit" on public.docs for update to authenticated using (true);\n`,
    at: 'create policy "edit"',
    negative: `${OWNED}create policy "edit" on public.docs for update to authenticated using ((select auth.uid()) = owner_id);\n`,
  },
  {
    // PostgreSQL stores no check for a FOR INSERT policy without WITH CHECK, and admits no row through it.
    rule: 'rls-insert-policy-without-check',
    positive: `${OWNED}create policy "add" on public.docs for insert to authenticated;\n`,
    at: 'create policy "add"',
    negative: `${OWNED}create policy "add" on public.docs for insert to authenticated with check ((select auth.uid()) = owner_id);\n`,
  },
  {
    rule: 'rls-policy-references-user-metadata',
    positive: `${OWNED}create policy "admins" on public.docs for select to authenticated using ((auth.jwt() -> 'user_metadata' ->> 'role') = 'admin');\n`,
    at: 'create policy "admins"',
    negative: `${OWNED}create policy "admins" on public.docs for select to authenticated using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');\n`,
  },
  {
    // The same condition twice; distinct conditions are one OR however they are written.
    rule: 'multiple-permissive-policies',
    positive: `${OWNED}create policy "own" on public.docs for select to authenticated using ((select auth.uid()) = owner_id);\ncreate policy "also" on public.docs for select to authenticated using ((select auth.uid()) = owner_id);\n`,
    at: 'create policy "also"',
    negative: `${OWNED}create policy "own" on public.docs for select to authenticated using ((select auth.uid()) = owner_id);\ncreate policy "also" on public.docs for select to authenticated using (id < 10);\n`,
  },
  {
    // One policy admits every row: the other is evaluated for nothing.
    rule: 'multiple-permissive-policies',
    positive: `${OWNED}create policy "own" on public.docs for select to authenticated using ((select auth.uid()) = owner_id);\ncreate policy "all" on public.docs for select to authenticated using (true);\n`,
    at: 'create policy "all"',
    negative: `${OWNED}create policy "all" on public.docs for select to authenticated using (true);\n`,
  },
  {
    // A "deny" written as a permissive policy admits nothing: it is no second term of the OR (for select; inserts still have two).
    rule: 'multiple-permissive-policies',
    positive: `${OWNED}create policy "own" on public.docs for all to authenticated using ((select auth.uid()) = owner_id);\ncreate policy "deny" on public.docs for all to authenticated using (false) with check (true);\n`,
    at: 'create policy "deny"',
    negative: `${OWNED}create policy "own" on public.docs for all to authenticated using ((select auth.uid()) = owner_id);\ncreate policy "deny" on public.docs for all to authenticated using (false) with check (false);\n`,
  },
  {
    rule: 'security-definer-function-exposed',
    positive: "create function public.purge() returns int\n  language sql security definer set search_path = ''\n  as $$ select 1 $$;\n",
    at: 'create function',
    negative: "create function public.purge() returns int\n  language sql security definer set search_path = ''\n  as $$ select 1 $$;\nrevoke execute on function public.purge() from public, anon, authenticated;\n",
  },
  {
    // Who can call it does not depend on the search_path (function-search-path-mutable reports that).
    rule: 'security-definer-function-exposed',
    positive: 'create function public.priv_op(target_id int) returns int\n  language sql security definer\n  as $$ select target_id $$;\n',
    at: 'create function',
    negative: 'create function public.priv_op(target_id int) returns int\n  language sql security definer\n  as $$ select target_id $$;\nrevoke execute on function public.priv_op(int) from public, anon, authenticated;\n',
  },
  {
    rule: 'function-search-path-mutable',
    positive: `${OWNED}create schema app;\ncreate function app.count_docs() returns bigint\n  language sql security definer\n  as $$ select count(*) from docs $$;\n`,
    at: 'create function',
    negative: `${OWNED}create schema app;\ncreate function app.count_docs() returns bigint\n  language sql security definer set search_path = public\n  as $$ select count(*) from docs $$;\n`,
  },
  {
    // An invoker function that Supabase Auth's session runs (a trigger on auth.users), and the same written safely: pinned, every name qualified.
    rule: 'function-search-path-mutable',
    positive: `${OWNED}create function public.first_doc() returns trigger\n  language plpgsql\n  as $$ begin insert into docs (id, owner_id) values (1, new.id); return new; end $$;\ncreate trigger first_doc after insert on auth.users for each row execute function public.first_doc();\n`,
    at: 'create function',
    negative: `${OWNED}create function public.first_doc() returns trigger\n  language plpgsql security definer set search_path = ''\n  as $$ begin insert into public.docs (id, owner_id) values (1, new.id); return new; end $$;\ncreate trigger first_doc after insert on auth.users for each row execute function public.first_doc();\n`,
  },
  {
    rule: 'security-definer-view',
    positive: `${OWNED}create policy "own" on public.docs for select to authenticated using ((select auth.uid()) = owner_id);\ncreate view public.all_docs as select id, owner_id from public.docs;\n`,
    at: 'create view',
    negative: `${OWNED}create policy "own" on public.docs for select to authenticated using ((select auth.uid()) = owner_id);\ncreate view public.all_docs with (security_invoker = true) as select id, owner_id from public.docs;\n`,
  },
  {
    // splinter 0016: RLS never applies to a materialized view; revoked from the API roles, it is not served.
    rule: 'materialized-view-in-api',
    positive: 'create materialized view public.my_view as select 1 as n;\n',
    at: 'create materialized view',
    negative: 'create materialized view public.my_view as select 1 as n;\nrevoke select on public.my_view from anon, authenticated, public;\n',
  },
  {
    rule: 'auth-users-exposed',
    positive: 'create view public.members as select id, email from auth.users;\n',
    at: 'create view',
    negative: 'create schema private;\ncreate view private.members as select id, email from auth.users;\n',
  },
  {
    rule: 'duplicate-index',
    positive: `${OWNED}create index docs_owner_again on public.docs (owner_id);\n`,
    at: 'docs_owner_again',
    negative: `${OWNED}create index docs_owner_id on public.docs (owner_id, id);\n`,
  },
  {
    rule: 'extension-in-public',
    positive: 'create extension if not exists citext;\n',
    at: 'create extension',
    negative: 'create extension if not exists citext with schema extensions;\n',
  },
  {
    rule: 'unindexed-foreign-key',
    positive: 'create table public.docs (\n  id bigint primary key,\n  owner_id uuid not null references auth.users (id)\n);\nalter table public.docs enable row level security;\n',
    at: 'create table',
    negative: OWNED,
  },
  {
    rule: 'rls-initplan-auth-call',
    positive: `${OWNED}create policy "own" on public.docs for select to authenticated using (auth.uid() = owner_id);\n`,
    at: 'create policy',
    negative: `${OWNED}create policy "own" on public.docs for select to authenticated using ((select auth.uid()) = owner_id);\n`,
  },
  {
    rule: 'rls-policy-column-unindexed',
    positive: OWNED.replace('create index docs_owner on public.docs (owner_id);\n', '') + 'create policy "own" on public.docs for select to authenticated using ((select auth.uid()) = owner_id);\n',
    at: 'create policy',
    negative: `${OWNED}create policy "own" on public.docs for select to authenticated using ((select auth.uid()) = owner_id);\n`,
  },
];

const lineOf = (text: string, token: string) => text.slice(0, text.indexOf(token)).split('\n').length;

describe.each(liveEngines())('live catalog lints on %s', (_name, url) => {
  const live = liveHarness(url);
  afterAll(() => live.close());
  const review = (c: LintCase, head: string) => live.review([{ path: migration(2, 'change'), head }], c.base ? { [migration(1, 'base')]: c.base } : {});

  it.each(CASES.map((c) => [c.rule, c] as const))('%s: reported on the statement that made the object, not on its safe form', async (_rule, c) => {
    const positive = await review(c, c.positive);
    expect(positive.status).toBe('ok');
    expect(positive.findings.filter((f) => f.rule === c.rule).map((f) => [f.line, f.source])).toEqual([[lineOf(c.positive, c.at), 'live']]);
    const negative = await review(c, c.negative);
    expect(negative.status).toBe('ok');
    expect(negative.findings.filter((f) => f.rule === c.rule)).toEqual([]);
  });

  it('function-search-path-mutable: a SECURITY DEFINER body that qualifies every name is still unpinned (low); a SQL-standard body is bound', async () => {
    const rule = (r: { findings: { rule: string; severity: string }[] }) => r.findings.filter((f) => f.rule === 'function-search-path-mutable').map((f) => f.severity);
    const qualified = `${OWNED}create function public.doc_count() returns bigint\n  language sql security definer\n  as $$ select count(*) from public.docs $$;\n`;
    expect(rule(await live.review([{ path: migration(2, 'change'), head: qualified }]))).toEqual(['low']);
    const atomic = `${OWNED}create function public.doc_count() returns bigint\n  language sql security definer\n  begin atomic select count(*) from public.docs; end;\n`;
    expect(rule(await live.review([{ path: migration(2, 'change'), head: atomic }]))).toEqual([]);
  });

  it('function-search-path-mutable: a SECURITY INVOKER function the Data API serves is not reported (splinter 0011 lists it); as SECURITY DEFINER it is', async () => {
    const rule = (r: { findings: { rule: string; severity: string }[] }) => r.findings.filter((f) => f.rule === 'function-search-path-mutable').map((f) => f.severity);
    // It runs with the caller's rights: a name the caller shadows through their own search_path fools only them.
    const invoker = (body: string) => `${OWNED}create function public.abc() returns bigint\n  language sql\n  as $$ ${body} $$;\n`;
    expect(rule(await live.review([{ path: migration(2, 'change'), head: invoker('select 1') }]))).toEqual([]);
    expect(rule(await live.review([{ path: migration(2, 'change'), head: invoker('select count(*) from docs') }]))).toEqual([]);
    const definer = (body: string) => invoker(body).replace('language sql', 'language sql security definer');
    expect(rule(await live.review([{ path: migration(2, 'change'), head: definer('select 1') }]))).toEqual(['low']);
    expect(rule(await live.review([{ path: migration(2, 'change'), head: definer('select count(*) from docs') }]))).toEqual(['high']);
  });

  it('rls-disabled-on-exposed-table: a Supabase Queues table the API reaches through pgmq_public, only while that schema is served', async () => {
    const queue = 'create schema pgmq;\ncreate schema pgmq_public;\ncreate table pgmq.q_jobs (msg_id bigint primary key, message jsonb);\n' +
      'grant usage on schema pgmq to anon, authenticated;\ngrant select, insert, delete on pgmq.q_jobs to anon, authenticated;\n';
    const served = { 'supabase/config.toml': '[api]\nschemas = ["public", "graphql_public", "pgmq_public"]\n' };
    const rule = (r: { findings: { rule: string; line: number; message: string }[] }) => r.findings.filter((f) => f.rule === 'rls-disabled-on-exposed-table');
    const positive = rule(await live.review([{ path: migration(2, 'change'), head: queue }], served));
    expect(positive.map((f) => f.line)).toEqual([3]);
    expect(positive[0]!.message).toContain('pgmq_public');
    // Not served, or RLS on: nothing.
    expect(rule(await live.review([{ path: migration(2, 'change'), head: queue }]))).toEqual([]);
    const locked = queue + 'alter table pgmq.q_jobs enable row level security;\n';
    expect(rule(await live.review([{ path: migration(2, 'change'), head: locked }], served))).toEqual([]);
    // A table of the pgmq schema that is not a queue (its metadata) is not one.
    expect(rule(await live.review([{ path: migration(2, 'change'), head: queue.replaceAll('q_jobs', 'meta') }], served))).toEqual([]);
  });

  it('says nothing under rls-disabled-on-exposed-table about an exposed table whose policies it ignores', async () => {
    const head = 'create table public.blog (id int primary key);\ncreate policy "read" on public.blog for select using (true);\ncreate policy "all" on public.blog for all using (true);\nalter table public.blog add column title text;\n';
    const result = await live.review([{ path: migration(2, 'change'), head }]);
    expect(result.findings.filter((f) => f.rule === 'rls-disabled-on-exposed-table')).toEqual([]);
    const found = result.findings.filter((f) => f.rule === 'policy-exists-rls-disabled');
    // On the last policy, as the static rule reports it, so the two merge.
    expect(found.map((f) => f.line)).toEqual([3]);
    expect(found[0].message).toMatch(/anon and authenticated hold privileges/);
  });

  it('gives no advice on the per-row cost of policies on a table only the backend queries (past RLS, on its own connection)', async () => {
    const head = 'create table public.ledger (id int primary key, user_id uuid);\nalter table public.ledger enable row level security;\n' +
      'create policy "own" on public.ledger for select to authenticated using (user_id = auth.uid());\n' +
      'create policy "all rows" on public.ledger for select to authenticated using (true);\n';
    const perf = (r: { findings: { rule: string }[] }) => r.findings.filter((f) => ['rls-initplan-auth-call', 'multiple-permissive-policies'].includes(f.rule)).map((f) => f.rule).sort();
    const orm = 'from sqlalchemy.orm import Mapped, mapped_column\nfrom app.db import Base\n\nclass Ledger(Base):\n    __tablename__ = "ledger"\n    id: Mapped[int] = mapped_column(primary_key=True)\n';
    const client = 'export const ledger = () => supabase.from("ledger").select("*");\n';
    expect(perf(await live.review([{ path: migration(2, 'change'), head }], { 'app/models/ledger.py': orm }))).toEqual([]);
    // A client queries it through the Data API, or no use is found: every policy runs per row.
    expect(perf(await live.review([{ path: migration(2, 'change'), head }], { 'app/models/ledger.py': orm, 'web/src/ledger.ts': client }))).toEqual(['multiple-permissive-policies', 'rls-initplan-auth-call']);
    expect(perf(await live.review([{ path: migration(2, 'change'), head }]))).toEqual(['multiple-permissive-policies', 'rls-initplan-auth-call']);
  });

  it('gives no per-policy advice on a table whose RLS is off (its policies are not evaluated)', async () => {
    const head = 'create table public.posts (id int primary key, user_id uuid);\ncreate policy "edit" on public.posts for update to authenticated using (true);\ncreate policy "own" on public.posts for select to authenticated using (user_id = auth.uid());\n';
    const result = await live.review([{ path: migration(2, 'change'), head }]);
    expect(result.findings.filter((f) => ['rls-policy-always-true', 'rls-initplan-auth-call'].includes(f.rule))).toEqual([]);
    expect(result.findings.map((f) => f.rule)).toContain('policy-exists-rls-disabled');
  });

  it('judges a security_invoker view over auth.users by who may read auth.users', async () => {
    const view = 'create view public.members with (security_invoker = on) as select id, email from auth.users;\n';
    const findings = async (head: string) => (await live.review([{ path: migration(2, 'change'), head }])).findings.filter((f) => f.rule === 'auth-users-exposed');
    expect((await findings(view)).map((f) => f.severity)).toEqual(['low']);
    expect((await findings(`grant select on auth.users to authenticated;\n${view}`)).map((f) => f.severity)).toEqual(['high']);
    expect(await findings(`alter table auth.users enable row level security;\n${view}`)).toEqual([]);
  });

  it('keeps the index that backs a key and asks to drop the plain one that repeats it, whichever came first', async () => {
    const dup = async (head: string) => (await live.review([{ path: migration(2, 'change'), head }])).findings.filter((f) => f.rule === 'duplicate-index');
    const [onKey] = await dup('create table public.blog (id int primary key);\ncreate index ix_1 on public.blog (id);\n');
    expect(onKey.line).toBe(2);
    expect(onKey.message).toMatch(/`ix_1` on `public.blog` repeats `blog_pkey`[\s\S]*is unique[\s\S]*Drop `public.ix_1`\.$/);
    const [later] = await dup('create table public.tags (id int, name text);\ncreate index tags_name on public.tags (name);\nalter table public.tags add constraint tags_name_key unique (name);\n');
    expect(later.message).toMatch(/Drop `public.tags_name`\.$/);
  });

  it('reports only objects the pull request created or changed', async () => {
    const base = 'create table public.legacy (id int primary key);\n';
    const result = await live.review([{ path: migration(2, 'change'), head: 'create table public.fresh (id int primary key);\nalter table public.fresh enable row level security;\ncreate policy "read" on public.fresh for select using (true);\n' }], {
      [migration(1, 'base')]: base,
    });
    expect(result.findings.filter((f) => f.rule === 'rls-disabled-on-exposed-table')).toEqual([]);
  });

  it('duplicate-index: asks to drop the plain index, never the unique one that enforces a rule', async () => {
    const head = 'create table public.results (id bigint primary key, proposal_id bigint not null);\n' +
      'create index results_proposal on public.results (proposal_id);\ncreate unique index results_proposal_unique on public.results (proposal_id);\n';
    const result = await live.review([{ path: migration(2, 'change'), head }]);
    const [f] = result.findings.filter((x) => x.rule === 'duplicate-index');
    expect(f.message).toContain('Drop `public.results_proposal`.');
    expect(f.message).toContain('`results_proposal_unique` is unique and already serves every lookup');
  });

  it('duplicate-index: keeps the primary key over a unique index a foreign key was bound to, and says how to move the key', async () => {
    // A key dropped and made again (a column's type changed): meanwhile a foreign key bound to the unique index.
    const head = 'create table public.datasets (id int primary key);\ncreate unique index ix_datasets_id on public.datasets (id);\n' +
      'alter table public.datasets drop constraint datasets_pkey cascade;\n' +
      'create table public.reports (id int primary key, dataset_id int references public.datasets (id));\n' +
      'alter table public.datasets add constraint datasets_key primary key (id);\n';
    const result = await live.review([{ path: migration(2, 'change'), head }]);
    const [f] = result.findings.filter((x) => x.rule === 'duplicate-index');
    expect(f.message).toMatch(/`ix_datasets_id` on `public.datasets` repeats `datasets_key`/);
    expect(f.message).toContain('Drop `public.ix_datasets_id`.');
    expect(f.message).toMatch(/foreign key `reports_dataset_id_fkey on reports` was bound to it/);
    expect(f.line).toBe(5); // the statement that made the duplicate
  });

  it('duplicate-index: a primary key that foreign keys reference is one index, not several', async () => {
    // As a schema dump writes it: the key's index first, then the constraint using it.
    const head = 'create table public.orgs (id bigint not null);\ncreate unique index orgs_pkey on public.orgs using btree (id);\n' +
      'alter table public.orgs add constraint orgs_pkey primary key using index orgs_pkey;\n' +
      'create table public.members (id bigint primary key, org_id bigint references public.orgs (id));\n' +
      'create table public.invites (id bigint primary key, org_id bigint references public.orgs (id));\n';
    const result = await live.review([{ path: migration(2, 'change'), head }]);
    expect(result.findings.filter((x) => x.rule === 'duplicate-index')).toEqual([]);
  });
});
